"""The åtgärdsplan: the chair and the coordinator read it and download it (DOCX or printable HTML, internal
or public); the coordinator adds measures. Like the analysis, it has the problembild's readers."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lagesbild import periods
from lagesbild.auth.decorators import chair_or_steering_required, coordinator_required
from lagesbild.extensions import db
from lagesbild.inputs import year_arg
from lagesbild.models import Horizon, Measure, MeasureKind, Role

from . import document, queries
from .document import build_plan
from .download import docx_attachment, html_attachment, public_requested
from .forms import MeasureForm
from .operations import MeasureFields, add_measure, update_measure


def _plan(year: int, public: bool = False):
    return build_plan(
        db.session,
        year,
        periods.today_local(),
        public=public,
        min_count=current_app.config["PUBLIC_MIN_COUNT"],
    )


def _form(year: int, formdata=None) -> MeasureForm:
    form = MeasureForm(formdata=formdata) if formdata is not None else MeasureForm(formdata=None)
    form.organisation.choices = queries.organisation_choices(db.session)
    form.problem.choices = queries.problem_choices(db.session, year)
    form.promise.choices = queries.promise_choices(db.session, year)
    form.activity.choices = queries.activity_choices(db.session)
    return form


def _page(year: int, form: MeasureForm | None):
    editable = document.measures(db.session, year) if form is not None else []
    return render_template("plan/page.html", year=year, plan=_plan(year), form=form, editable=editable)


@chair_or_steering_required
def page():
    year = year_arg(request.args)
    return _page(year, _form(year) if current_user.has_role(Role.COORDINATOR) else None)


def _fields(form: MeasureForm, year: int) -> MeasureFields:
    return MeasureFields(
        year=year,
        what=form.what.data,
        organisation_id=form.organisation.data,
        horizon=Horizon(form.horizon.data),
        kind=MeasureKind(form.kind.data),
        problem=form.problem.data or "",
        effect_goal=form.effect_goal.data,
        indicator=form.indicator.data,
        follow_up_on=form.follow_up_on.data,
        promise_id=form.promise.data or None,
        activity_id=form.activity.data or None,
    )


@coordinator_required
def add():
    year = year_arg(request.args)
    form = _form(year, request.form)
    if form.validate_on_submit():
        add_measure(db.session, _fields(form, year), current_user)
        db.session.commit()
        flash("Åtgärden är tillagd i planen.", "success")
        return redirect(url_for("plan.page", ar=year, _anchor="atgarder"))
    return _page(year, form)


@coordinator_required
def edit(measure_id: int):
    measure = db.session.get(Measure, measure_id)
    if measure is None or not measure.is_active:
        abort(404)
    form = _form(measure.year, request.form if request.method == "POST" else None)
    if measure.problem and measure.problem not in {value for value, _ in form.problem.choices}:
        form.problem.choices.append((measure.problem, measure.problem))  # a later analysis renamed it
    if request.method == "GET":
        form.process(
            data={
                "what": measure.what,
                "organisation": measure.organisation_id,
                "horizon": measure.horizon.value,
                "kind": measure.kind.value,
                "problem": measure.problem,
                "effect_goal": measure.effect_goal,
                "indicator": measure.indicator,
                "follow_up_on": measure.follow_up_on,
                "promise": measure.promise_id or 0,
                "activity": measure.activity_id or 0,
            }
        )
    if form.validate_on_submit():
        changed = update_measure(db.session, measure, _fields(form, measure.year), current_user)
        db.session.commit()
        flash(
            "Åtgärden är ändrad." if changed else "Inget i åtgärden ändrades.",
            "success" if changed else "info",
        )
        return redirect(url_for("plan.page", ar=measure.year, _anchor="atgarder"))
    return render_template("plan/measure_form.html", measure=measure, form=form)


@chair_or_steering_required
def docx_file():
    year, public = year_arg(request.args), public_requested()
    return docx_attachment(_plan(year, public), "atgardsplan", year, public)


@chair_or_steering_required
def html_file():
    year, public = year_arg(request.args), public_requested()
    return html_attachment("plan/document.html", _plan(year, public), "atgardsplan", year, public)
