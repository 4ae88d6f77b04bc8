"""Medborgarlöften and their follow-up; the safety-survey reference values."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lagesbild import periods
from lagesbild.agreement.queries import focus_area_choices
from lagesbild.auth.decorators import coordinator_required, member_or_steering_required, member_required
from lagesbild.extensions import db
from lagesbild.inputs import page_number, year_arg
from lagesbild.models import ProcessState, Promise, PromiseKind, Role
from lagesbild.paging import page_size

from . import queries
from .forms import GoalForm, NoteForm, PromiseForm, StatusForm
from .operations import (
    PromiseFields,
    add_note,
    create_goal,
    create_promise,
    set_promise_active,
    update_promise,
)
from .progress import progress_rows, promise_progress


def promise_status_date(period: periods.MeetingPeriod) -> date:
    """The day the week page's promise figures refer to: the period's last day, or today if earlier."""
    return min(period.end, periods.today_local())


def promise_progress_for(period: periods.MeetingPeriod):
    """Progress for the week page's sidebar, on promise_status_date(period) (one query)."""
    as_of = promise_status_date(period)
    return progress_rows(db.session, as_of.year, as_of)


@member_or_steering_required
def index():
    year, today = year_arg(request.args), periods.today_local()
    coordinator = current_user.has_role(Role.COORDINATOR)
    return render_template(
        "promises/index.html",
        year=year,
        today=today,
        years=queries.promise_years(db.session, today.year),
        progress=promise_progress(db.session, year, today),
        details=queries.promise_details(db.session, year),
        goals=queries.year_goals(db.session, year),
        activity_names=queries.activity_names(db.session),
        inactive=queries.inactive_promises(db.session, year) if coordinator else [],
        # The problembild's ranking of the year's main problems is where next year's promises start.
        underlag_url=f"/problembild?from={year}-01-01&to={year}-12-31#underlag",
        status_form=StatusForm(),
        goal_form=GoalForm(data={"year": year}),
        note_form=NoteForm(data={"noted_on": today}),
    )


@member_required
def activities(promise_id: int):
    """The activities a promise counts, one page at a time (the year's page shows only the counts)."""
    promise = db.get_or_404(Promise, promise_id)
    if not promise.is_active or promise.kind is PromiseKind.MILESTONE:
        abort(404)  # inactive promises are not shown to the group; a milestone counts no activities
    today = periods.today_local()
    found = queries.promise_activities(
        db.session, promise, today, current_user, page_number(request.args), page_size()
    )
    return render_template(
        "promises/activities.html", promise=promise, year=promise.year, today=today, activities=found
    )


def _with_choices(form: PromiseForm, promise: Promise | None = None) -> PromiseForm:
    keep_orgs = [o.id for o in promise.organisations] if promise else []
    keep_categories = [c.id for c in promise.categories] if promise else []
    year = form.valid_year  # the choices of that year; a nonsense year gets its message, not a crash
    form.organisations.choices = queries.organisation_choices(db.session, keep_orgs)
    form.categories.choices = queries.activity_choices(db.session, keep_categories)
    form.areas.choices = queries.area_checkboxes(db.session, [a.id for a in promise.areas] if promise else [])
    form.goal.choices = queries.goal_choices(db.session, year, promise.goal_id if promise else None)
    form.focus_area.choices = focus_area_choices(db.session)
    form.actions.choices = queries.action_choices(
        db.session, year, [a.id for a in promise.actions] if promise else []
    )
    return form


def _fields(form: PromiseForm) -> PromiseFields:
    return PromiseFields(
        year=form.year.data,
        kind=form.chosen_kind,
        text=form.text.data,
        target=form.target.data,
        organisation_ids=form.organisations.data,
        only_responsible=form.only_responsible.data,
        category_ids=form.categories.data,
        area_ids=form.areas.data,
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        goal_id=form.goal.data or None,
        focus_area_id=form.focus_area.data or None,
        situation=form.situation.data or "",
        measure=form.measure.data or "",
        effect=form.effect.data or "",
        follow_up=form.follow_up.data or "",
        milestone_done_on=form.milestone_done_on.data,
        milestone_reference=form.milestone_reference.data or "",
        action_ids=form.actions.data,
    )


def _saved(promise: Promise, message: str):
    flash(message, "success")
    return redirect(url_for("promises.index", ar=promise.year, _anchor=f"lofte-{promise.id}"))


@coordinator_required
def create():
    form = _with_choices(
        PromiseForm(
            data={"year": year_arg(request.args), "goal": 0, "focus_area": 0, "kind": PromiseKind.COUNT.value}
        )
    )
    if form.validate_on_submit():
        promise = create_promise(db.session, _fields(form))
        db.session.commit()
        return _saved(promise, "Löftet är sparat.")
    return render_template("promises/form.html", form=form, promise=None)


@coordinator_required
def edit(promise_id: int):
    promise = db.get_or_404(Promise, promise_id)
    # Every value given by name (WTForms would prefer the model's attributes, which are objects here).
    initial = {
        "year": promise.year,
        "kind": promise.kind.value,
        "text": promise.text,
        "target": promise.target,
        "only_responsible": promise.counts_only_responsible,
        "organisations": [o.id for o in promise.organisations],
        "categories": [c.id for c in promise.categories],
        "areas": [a.id for a in promise.areas],
        "actions": [a.id for a in promise.actions],
        "goal": promise.goal_id or 0,
        "focus_area": promise.focus_area_id or 0,
        "starts_on": promise.starts_on,
        "ends_on": promise.ends_on,
        "milestone_done_on": promise.milestone_done_on,
        "milestone_reference": promise.milestone_reference,
        "situation": promise.situation,
        "measure": promise.measure,
        "effect": promise.effect,
        "follow_up": promise.follow_up,
    }
    form = _with_choices(PromiseForm(data=initial), promise)
    if form.validate_on_submit():
        update_promise(db.session, promise, _fields(form))
        db.session.commit()
        return _saved(promise, "Ändringarna är sparade.")
    return render_template("promises/form.html", form=form, promise=promise)


@coordinator_required
def add_goal():
    form = GoalForm()
    if form.validate_on_submit():
        create_goal(db.session, form.year.data, form.text.data)
        db.session.commit()
        flash("Huvudmålet är sparat.", "success")
        return redirect(url_for("promises.index", ar=form.year.data, _anchor="huvudmal"))
    return render_template("promises/goal_form.html", form=form)


@coordinator_required
def add_note_view(promise_id: int):
    promise = db.get_or_404(Promise, promise_id)
    form = NoteForm()
    if form.validate_on_submit():
        add_note(
            db.session,
            promise,
            form.noted_on.data,
            ProcessState(form.state.data),
            form.text.data,
            current_user,
        )
        db.session.commit()
        return _saved(promise, "Lägesanteckningen är sparad.")
    return render_template("promises/note_form.html", form=form, promise=promise)


def _set_active(promise_id: int, active: bool):
    promise = db.get_or_404(Promise, promise_id)
    if not StatusForm().validate_on_submit():
        abort(400)
    set_promise_active(db.session, promise, active)
    db.session.commit()
    flash(
        "Löftet är återaktiverat." if active else "Löftet är inaktiverat och räknas inte längre.", "success"
    )
    return redirect(url_for("promises.index", ar=promise.year))


@coordinator_required
def deactivate(promise_id: int):
    return _set_active(promise_id, False)


@coordinator_required
def reactivate(promise_id: int):
    return _set_active(promise_id, True)
