"""Signing in (password, then the second factor when required) and signing out."""

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from lagesbild.extensions import db

from . import operations, sessions, throttle, totp
from .forms import EnrolForm, LoginForm, LogoutForm, SecondFactorForm
from .redirects import safe_next

NEXT_KEY = "next_after_login"


def login():
    if current_user.is_authenticated:
        return redirect(url_for("web.start"))
    form = LoginForm()
    if form.validate_on_submit():
        result = operations.attempt_sign_in(form.email.data, form.password.data)
        db.session.commit()
        if result.throttled:
            form.form_errors.append(throttle.THROTTLED_MESSAGE)
            return render_template("auth/login.html", form=form), 429
        if result.session is None:
            form.password.errors.append("Fel e-postadress eller lösenord.")
        else:
            target = safe_next(request.args.get("next")) or url_for("web.start")
            if result.session.second_factor_done:
                return redirect(target)
            session[NEXT_KEY] = target
            return redirect(url_for("auth.second_factor"))
    return render_template("auth/login.html", form=form)


def _pending_row():
    """The session waiting for its second factor, or a redirect away from the step."""
    if current_user.is_authenticated:
        abort(redirect(url_for("web.start")))
    row = sessions.current_session_row()
    if row is None:
        abort(redirect(url_for("auth.login")))
    return row


def second_factor():
    row = _pending_row()
    if totp.must_enrol(row.user):
        return redirect(url_for("auth.enrol_at_login"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        if throttle.second_factor_blocked(row.user_id):
            form.code.errors.append(throttle.THROTTLED_MESSAGE)
            return render_template("auth/second_factor.html", form=form), 429
        ok = operations.pass_second_factor(row, form.code.data)
        db.session.commit()
        if ok:
            return redirect(safe_next(session.pop(NEXT_KEY, None)) or url_for("web.start"))
        form.code.errors.append("Koden stämmer inte. Försök igen med en ny kod.")
    return render_template("auth/second_factor.html", form=form)


def enrol_at_login():
    """Forced enrolment: the configuration requires a second factor this user has not set up."""
    row = _pending_row()
    if not totp.must_enrol(row.user):
        return redirect(url_for("auth.second_factor"))
    form = EnrolForm()
    secret = totp.pending_secret()
    if form.validate_on_submit():
        if totp.matching_step(secret, form.code.data) is not None:
            codes = operations.enable_totp(row.user, secret)
            totp.accept_code(row.user, form.code.data)
            row.second_factor_done = True
            operations.complete_sign_in(row.user, method="totp_enrolment")
            db.session.commit()
            totp.forget_pending_secret()
            next_url = safe_next(session.pop(NEXT_KEY, None)) or url_for("web.start")
            return render_template("auth/recovery_codes.html", codes=codes, next_url=next_url)
        form.code.errors.append("Koden stämmer inte. Kontrollera klockan i telefonen och försök igen.")
    return render_template(
        "auth/enrol.html",
        form=form,
        secret=secret,
        uri=totp.provisioning_uri(secret, row.user.email),
        forced=True,
    )


def logout():
    if LogoutForm().validate_on_submit():
        operations.sign_out(sessions.current_session_row())
        db.session.commit()
        sessions.end_browser_session()
        flash("Du är utloggad.", "info")
    return redirect(url_for("auth.login"))
