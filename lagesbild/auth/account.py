"""The member's own account: overview, password change, invite links, the second factor."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from lagesbild.auth.decorators import chair_required, member_or_steering_required
from lagesbild.extensions import db
from lagesbild.models import Role

from . import operations, sessions, throttle, tokens, totp
from .forms import ChangePasswordForm, EnrolForm, ProofForm, SetPasswordForm
from .passwords import verify_password


@member_or_steering_required
def overview():
    return render_template(
        "auth/account.html",
        recovery_left=totp.unused_recovery_codes(current_user) if current_user.totp_enabled else 0,
        may_use_totp=current_user.has_role(Role.CHAIR),
    )


@member_or_steering_required
def keepalive():
    """Count typing in a long form as activity (static/js/auth-keepalive.js), so the idle timeout
    does not end the session under a member who is still writing."""
    return "", 204


@member_or_steering_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append("Det nuvarande lösenordet stämmer inte.")
        else:
            operations.change_password(current_user, form.new_password.data)
            db.session.commit()
            flash("Lösenordet är bytt. Du har loggats ut på alla andra enheter.", "success")
            return redirect(url_for("account.overview"))
    return render_template("auth/change_password.html", form=form)


def activate(token: str):
    """Set a password from an invite or reset link (works signed in or not)."""
    found = tokens.find_usable(token)
    if found is None:
        return render_template("auth/link_invalid.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        if operations.redeem_token(found, form.new_password.data) is None:
            # Another request used the link between our read and our write.
            return render_template("auth/link_invalid.html"), 404
        db.session.commit()
        sessions.end_browser_session()
        flash("Lösenordet är sparat. Logga in med din e-postadress och ditt nya lösenord.", "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/activate.html", form=form, token=found)


@chair_required
def two_factor():
    if current_user.totp_enabled:
        return _two_factor_status()
    form = EnrolForm()
    secret = totp.pending_secret()
    if form.validate_on_submit():
        if totp.matching_step(secret, form.code.data) is not None:
            codes = operations.enable_totp(current_user, secret)
            totp.accept_code(current_user, form.code.data)
            db.session.commit()
            totp.forget_pending_secret()
            return render_template("auth/recovery_codes.html", codes=codes, next_url=url_for(".overview"))
        form.code.errors.append("Koden stämmer inte. Kontrollera klockan i telefonen och försök igen.")
    uri = totp.provisioning_uri(secret, current_user.email)
    return render_template("auth/enrol.html", form=form, secret=secret, uri=uri, forced=False)


def _two_factor_status(
    renew_form: ProofForm | None = None, disable_form: ProofForm | None = None, status=200
):
    """The enrolled user's page: renew the codes or turn it off, each form with its own proof field."""
    return render_template(
        "auth/two_factor_status.html",
        renew_form=ProofForm(prefix="renew") if renew_form is None else renew_form,
        disable_form=ProofForm(prefix="disable") if disable_form is None else disable_form,
        recovery_left=totp.unused_recovery_codes(current_user),
        may_disable=not totp.required_by_config(current_user),
    ), status


def _proven(form: ProofForm, change: str) -> int | None:
    """Check the password-or-code field; None when proven, else the status to re-render with."""
    if not form.validate_on_submit():
        return 200
    if throttle.second_factor_blocked(current_user.id):
        form.proof.errors.append(throttle.THROTTLED_MESSAGE)
        return 429
    ok = operations.confirm_second_factor_change(current_user, form.proof.data, change=change)
    if not ok:
        db.session.commit()  # the failure counts towards the throttle
        form.proof.errors.append("Lösenordet eller koden stämmer inte.")
        return 200
    return None


@chair_required
def renew_codes():
    if not current_user.totp_enabled:
        abort(404)
    form = ProofForm(prefix="renew")
    if (status := _proven(form, "recovery_codes_renew")) is not None:
        return _two_factor_status(renew_form=form, status=status)
    codes = operations.renew_recovery_codes(current_user, keep=sessions.current_session_row())
    db.session.commit()
    return render_template("auth/recovery_codes.html", codes=codes, next_url=url_for(".overview"))


@chair_required
def disable_two_factor():
    if not current_user.totp_enabled:
        abort(404)
    if totp.required_by_config(current_user):
        flash("Tvåstegsverifiering krävs för din roll och kan inte stängas av.", "error")
        return redirect(url_for(".two_factor"))
    form = ProofForm(prefix="disable")
    if (status := _proven(form, "totp_disable")) is not None:
        return _two_factor_status(disable_form=form, status=status)
    operations.disable_totp(current_user, actor=current_user, keep=sessions.current_session_row())
    db.session.commit()
    flash("Tvåstegsverifieringen är avstängd. Du har loggats ut på alla andra enheter.", "success")
    return redirect(url_for(".two_factor"))
