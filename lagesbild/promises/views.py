"""Medborgarlöften and their follow-up; the safety-survey reference values."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lagesbild import periods
from lagesbild.auth.decorators import coordinator_required, member_required
from lagesbild.extensions import db
from lagesbild.inputs import ascii_int
from lagesbild.models import Promise, Role

from . import queries
from .forms import PromiseForm, StatusForm
from .operations import PromiseFields, create_promise, set_promise_active, update_promise
from .progress import progress_rows, promise_progress


def promise_status_date(period: periods.MeetingPeriod) -> date:
    """The day the week page's promise figures refer to: the period's last day, or today if earlier."""
    return min(period.end, periods.today_local())


def promise_progress_for(period: periods.MeetingPeriod):
    """Progress for the week page's sidebar, on promise_status_date(period) (one query)."""
    as_of = promise_status_date(period)
    return progress_rows(db.session, as_of.year, as_of)


def _year_arg() -> int:
    year = ascii_int(request.args.get("ar"))
    return year if year is not None and 2000 <= year <= 2100 else periods.today_local().year


@member_required
def index():
    year, today = _year_arg(), periods.today_local()
    return render_template(
        "promises/index.html",
        year=year,
        today=today,
        years=queries.promise_years(db.session, today.year),
        progress=promise_progress(db.session, year, today),
        activities=queries.counted_activities(db.session, year, today, current_user),
        activity_names=queries.activity_names(db.session),
        inactive=(
            queries.inactive_promises(db.session, year) if current_user.has_role(Role.COORDINATOR) else []
        ),
        # The problembild's ranking of the year's main problems is where next year's promises start.
        underlag_url=f"/problembild?from={year}-01-01&to={year}-12-31#underlag",
        status_form=StatusForm(),
    )


def _with_choices(form: PromiseForm, promise: Promise | None = None) -> PromiseForm:
    keep_orgs = [o.id for o in promise.organisations] if promise else []
    keep_categories = [c.id for c in promise.categories] if promise else []
    form.organisations.choices = queries.organisation_choices(db.session, keep_orgs)
    form.categories.choices = queries.activity_choices(db.session, keep_categories)
    form.area.choices = queries.area_choices(db.session, promise.area_id if promise else None)
    return form


def _fields(form: PromiseForm) -> PromiseFields:
    return PromiseFields(
        year=form.year.data,
        text=form.text.data,
        target=form.target.data,
        organisation_ids=form.organisations.data,
        category_ids=form.categories.data,
        area_id=form.area.data or None,
    )


@coordinator_required
def create():
    form = _with_choices(PromiseForm(data={"year": _year_arg(), "area": 0}))
    if form.validate_on_submit():
        promise = create_promise(db.session, _fields(form))
        db.session.commit()
        flash("Löftet är sparat.", "success")
        return redirect(url_for("promises.index", ar=promise.year, _anchor=f"lofte-{promise.id}"))
    return render_template("promises/form.html", form=form, promise=None)


@coordinator_required
def edit(promise_id: int):
    promise = db.get_or_404(Promise, promise_id)
    initial = {
        "organisations": [o.id for o in promise.organisations],
        "categories": [c.id for c in promise.categories],
        "area": promise.area_id or 0,
    }
    form = _with_choices(PromiseForm(obj=promise, data=initial), promise)
    if form.validate_on_submit():
        update_promise(db.session, promise, _fields(form))
        db.session.commit()
        flash("Ändringarna är sparade.", "success")
        return redirect(url_for("promises.index", ar=promise.year, _anchor=f"lofte-{promise.id}"))
    return render_template("promises/form.html", form=form, promise=promise)


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
