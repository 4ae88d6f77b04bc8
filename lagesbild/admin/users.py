"""Users: list with filters, create (with an invite link), edit and role, deactivate, reset links."""

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from lagesbild.auth.decorators import coordinator_required
from lagesbild.auth.forms import ConfirmForm
from lagesbild.extensions import db
from lagesbild.inputs import filter_args, page_number
from lagesbild.models import Organisation, User
from lagesbild.paging import page_size, paginate_list
from lagesbild.refusals import RefusedChange, show_refusal

from . import operations, queries
from .forms import UserFilterForm, UserForm

# A freshly made link is shown once, on the next page, then forgotten (only its hash is stored).
LINK_KEY = "admin_new_link"


@coordinator_required
def users():
    organisations = queries.organisations(db.session)
    filters = UserFilterForm(organisations, formdata=filter_args(request.args))
    found = []  # every match, sorted in Swedish order in Python (no SQL collation does Å Ä Ö on SQLite)
    if filters.validate():
        found = queries.users(
            db.session,
            q=filters.q.data or "",
            organisation_id=filters.organisation.data or 0,
            role=filters.role.data or "",
            status=filters.status.data or "aktiva",
        )
    page = paginate_list(found, page_number(request.args), page_size())
    return render_template("admin/users.html", filters=filters, users=page)


@coordinator_required
def user_new():
    form = UserForm(queries.organisations(db.session, active_only=True))
    if form.validate_on_submit() and (org := _active_organisation(form)) is not None:
        try:
            user, link = operations.create_user(
                form.display_name.data, form.email.data, org, form.role.data, actor=current_user
            )
        except RefusedChange as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            session[LINK_KEY] = {"user_id": user.id, "url": link, "purpose": "invite"}
            flash(f"{user.display_name} är skapad. {_how_to_pass_on('inbjudningslänken')}", "success")
            return redirect(url_for(".user_detail", user_id=user.id))
    return render_template("admin/user_form.html", form=form, user=None)


def _active_organisation(form: UserForm) -> Organisation | None:
    org = db.session.get(Organisation, form.organisation_id.data or 0)
    if org is None or not org.is_active:
        form.organisation_id.errors.append("Välj en aktiv organisation.")
        return None
    return org


@coordinator_required
def user_detail(user_id: int):
    user = db.get_or_404(User, user_id)
    link = session.get(LINK_KEY)
    if link and link.get("user_id") == user.id:
        session.pop(LINK_KEY)
    else:
        link = None
    return render_template(
        "admin/user_detail.html",
        user=user,
        link=link,
        events=queries.recent_events_about(db.session, user),
        confirm=ConfirmForm(),
    )


@coordinator_required
def user_edit(user_id: int):
    user = db.get_or_404(User, user_id)
    organisations = [
        o for o in queries.organisations(db.session) if o.is_active or o.id == user.organisation_id
    ]
    data = {
        "display_name": user.display_name,
        "email": user.email,
        "organisation_id": user.organisation_id,
        "role": user.role.value,
    }
    form = UserForm(organisations, data=data)
    if form.validate_on_submit():
        org = db.session.get(Organisation, form.organisation_id.data or 0)
        if org is None:
            form.organisation_id.errors.append("Välj en organisation.")
        else:
            try:
                operations.update_user(
                    user, form.display_name.data, form.email.data, org, form.role.data, actor=current_user
                )
            except RefusedChange as error:
                db.session.rollback()
                show_refusal(form, error)
            else:
                db.session.commit()
                flash(f"Uppgifterna för {user.display_name} är sparade.", "success")
                return redirect(url_for(".user_detail", user_id=user.id))
    return render_template("admin/user_form.html", form=form, user=user)


@coordinator_required
def user_deactivate(user_id: int):
    return _user_action(
        user_id,
        lambda user: operations.set_user_active(user, False, actor=current_user),
        "{name} är inaktiverad och utloggad överallt.",
    )


@coordinator_required
def user_reactivate(user_id: int):
    return _user_action(
        user_id,
        lambda user: operations.set_user_active(user, True, actor=current_user),
        "{name} är återaktiverad.",
    )


@coordinator_required
def user_reset(user_id: int):
    def reset(user):
        session[LINK_KEY] = {
            "user_id": user.id,
            "url": operations.reset_password(user, actor=current_user),
            "purpose": "reset",
        }

    return _user_action(user_id, reset, "En ny länk för {name} är skapad. " + _how_to_pass_on("länken"))


def _how_to_pass_on(what: str) -> str:
    """With a mail server the link is also mailed (lagesbild/mail); the screen shows it either way."""
    from lagesbild.mail.delivery import configured

    if configured():
        return f"Den skickas med e-post vid nästa utskick; du kan också skicka {what} själv."
    return f"Skicka {what} till hen."


@coordinator_required
def user_reset_second_factor(user_id: int):
    user = db.get_or_404(User, user_id)
    if not user.totp_enabled:
        abort(404)
    return _user_action(
        user_id,
        lambda u: operations.reset_second_factor(u, actor=current_user),
        "Tvåstegsverifieringen för {name} är avstängd.",
    )


def _user_action(user_id: int, operation, message: str):
    """Run a button-only action on a user: CSRF-checked form, one operation, one commit."""
    user = db.get_or_404(User, user_id)
    if ConfirmForm().validate_on_submit():
        try:
            operation(user)
        except RefusedChange as error:
            session.pop(LINK_KEY, None)
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(message.format(name=user.display_name), "success")
    return redirect(url_for(".user_detail", user_id=user.id))
