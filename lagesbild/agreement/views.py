"""The samverkansöverenskommelse: everyone in the group reads it; the coordinator enters and revises it."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lagesbild.auth.decorators import coordinator_required, member_or_steering_required
from lagesbild.extensions import db
from lagesbild.models import Agreement, FocusArea

from . import operations, queries
from .forms import ActivityForm, AgreementEditForm, AgreementForm, FocusAreaForm, VersionForm


@member_or_steering_required
def index():
    return render_template("agreement/index.html", agreements=queries.agreements(db.session))


# One page holds three forms: each has its own prefix, so ids and posted names never collide.
def _area_form(formdata=None) -> FocusAreaForm:
    return FocusAreaForm(formdata=formdata, prefix="omrade")


def _activity_form(agreement: Agreement, formdata=None) -> ActivityForm:
    form = ActivityForm(formdata=formdata, prefix="aktivitet")
    form.focus_area.choices = [(area.id, area.name) for area in agreement.focus_areas]
    return form


def _version_form(formdata=None) -> VersionForm:
    return VersionForm(formdata=formdata, prefix="version")


def _page(agreement: Agreement, **forms):
    """The agreement's page; the coordinator's forms (empty, or the one that failed with its errors)."""
    return render_template(
        "agreement/show.html",
        agreement=agreement,
        area_form=forms.get("area_form") or _area_form(),
        activity_form=forms.get("activity_form") or _activity_form(agreement),
        version_form=forms.get("version_form") or _version_form(),
    )


def _agreement_or_404(agreement_id: int) -> Agreement:
    agreement = queries.agreement_with_contents(db.session, agreement_id)
    if agreement is None:
        abort(404)
    return agreement


@member_or_steering_required
def show(agreement_id: int):
    return _page(_agreement_or_404(agreement_id))


def _fields(form: AgreementForm) -> "operations.AgreementFields":
    return operations.AgreementFields(
        title=form.title.data,
        parties=form.parties.data,
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        signed_on=form.signed_on.data,
        decided_by=form.decided_by.data,
        forums=form.forums.data or "",
        follow_up_by=form.follow_up_by.data or "",
    )


@coordinator_required
def edit(agreement_id: int):
    agreement = _agreement_or_404(agreement_id)
    form = AgreementEditForm(obj=agreement)
    if form.validate_on_submit():
        version = operations.update_agreement(
            db.session, agreement, _fields(form), form.decided_on.data, form.changes.data, current_user
        )
        if version is None:
            flash("Inget i överenskommelsen ändrades, så ingen ny version registrerades.", "info")
            return redirect(url_for("agreement.show", agreement_id=agreement.id))
        return _saved(agreement, f"Ändringen är sparad som version {version.number}.", "versioner")
    return render_template("agreement/form.html", form=form, agreement=agreement)


@coordinator_required
def create():
    form = AgreementForm()
    if form.validate_on_submit():
        agreement = operations.create_agreement(db.session, _fields(form), current_user)
        db.session.commit()
        flash("Överenskommelsen är sparad.", "success")
        return redirect(url_for("agreement.show", agreement_id=agreement.id))
    return render_template("agreement/form.html", form=form)


def _saved(agreement: Agreement, message: str, anchor: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("agreement.show", agreement_id=agreement.id, _anchor=anchor))


@coordinator_required
def add_focus_area(agreement_id: int):
    agreement = _agreement_or_404(agreement_id)
    form = _area_form(request.form)
    if form.validate_on_submit():
        operations.add_focus_area(db.session, agreement, form.name.data, current_user)
        return _saved(agreement, "Samverkansområdet är tillagt.", "omraden")
    return _page(agreement, area_form=form)


@coordinator_required
def add_activity(agreement_id: int):
    agreement = _agreement_or_404(agreement_id)
    form = _activity_form(agreement, request.form)
    if form.validate_on_submit():
        area = db.session.get(FocusArea, form.focus_area.data)
        operations.add_activity(
            db.session, area, form.name.data, form.effect_goal.data, form.responsible.data, current_user
        )
        return _saved(agreement, "Aktiviteten är tillagd.", f"omrade-{area.id}")
    return _page(agreement, activity_form=form)


@coordinator_required
def add_version(agreement_id: int):
    agreement = _agreement_or_404(agreement_id)
    form = _version_form(request.form)
    if form.validate_on_submit():
        operations.add_version(
            db.session, agreement, form.decided_on.data, form.decided_by.data, form.changes.data, current_user
        )
        return _saved(agreement, "Ändringen är registrerad som en ny version.", "versioner")
    return _page(agreement, version_form=form)
