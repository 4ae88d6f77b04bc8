"""Administration (coordinator only): the overview and organisations; users and the audit trail are
in users.py and audit_log.py on the same blueprint."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from lagesbild.auth.decorators import coordinator_required
from lagesbild.auth.forms import ConfirmForm
from lagesbild.extensions import db
from lagesbild.inputs import page_number
from lagesbild.models import Organisation
from lagesbild.paging import page_size, paginate_list
from lagesbild.refusals import RefusedChange, show_refusal

from . import operations, queries
from .forms import OrganisationForm


@coordinator_required
def index():
    return render_template(
        "admin/index.html",
        organisation_count=len(queries.organisations(db.session, active_only=True)),
        user_count=len(queries.users(db.session)),
    )


@coordinator_required
def organisations():
    return render_template(
        "admin/organisations.html",
        organisations=paginate_list(
            queries.organisations(db.session), page_number(request.args), page_size()
        ),
        counts=queries.member_counts(db.session),
        confirm=ConfirmForm(),
    )


@coordinator_required
def organisation_new():
    return _organisation_form(None)


@coordinator_required
def organisation_edit(org_id: int):
    return _organisation_form(db.get_or_404(Organisation, org_id))


def _organisation_form(org: Organisation | None):
    """The new and the edit form are one form: a new organisation is created, an existing one updated."""
    form = OrganisationForm(data=None if org is None else {"name": org.name, "kind": org.kind.value})
    if form.validate_on_submit():
        try:
            if org is None:
                saved, done = operations.create_organisation(form.name.data, form.kind.data), "skapad"
            else:
                saved, done = org, "sparad"
                operations.update_organisation(org, form.name.data, form.kind.data)
        except RefusedChange as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"Organisationen {saved.name} är {done}.", "success")
            return redirect(url_for(".organisations"))
    return render_template("admin/organisation_form.html", form=form, org=org)


@coordinator_required
def organisation_deactivate(org_id: int):
    return _set_organisation_active(org_id, False)


@coordinator_required
def organisation_reactivate(org_id: int):
    return _set_organisation_active(org_id, True)


def _set_organisation_active(org_id: int, active: bool):
    org = db.get_or_404(Organisation, org_id)
    if ConfirmForm().validate_on_submit():
        try:
            operations.set_organisation_active(org, active, actor=current_user)
        except RefusedChange as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            word = "återaktiverad" if active else "inaktiverad; dess medlemmar kan inte logga in"
            flash(f"Organisationen {org.name} är {word}.", "success")
    return redirect(url_for(".organisations"))
