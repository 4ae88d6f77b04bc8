"""Safety walks: the list, planning, the walk page, the invitation (printable and .ics), holding it."""

import uuid
from datetime import UTC, date, datetime

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lagesbild import periods
from lagesbild.auth.decorators import coordinator_required, member_required
from lagesbild.extensions import db
from lagesbild.inputs import options, page_number, parse_time
from lagesbild.models import Walk
from lagesbild.paging import page_size

from . import counting, invitation, operations, queries
from .forms import HeldForm, WalkForm, parse_route


@member_required
def index():
    found = queries.walks(db.session, page_number(request.args), page_size())
    return render_template("walks/index.html", walks=found, today=periods.today_local())


def _form(walk: Walk | None = None, **kwargs) -> WalkForm:
    this_year = periods.today_local().year
    promises = queries.promise_choices(
        db.session, [this_year, this_year + 1], walk.promise_id if walk else None
    )
    form = WalkForm(promise_years={p.id: p.year for p in promises}, **kwargs)
    form.area.choices = options(queries.area_choices(db.session, walk.area_id if walk else None))
    keep = [o.id for o in (walk.organisers + walk.invited)] if walk else []
    form.organisers.choices = form.invited.choices = queries.organisation_choices(db.session, keep)
    form.promise.choices = options(
        [(0, "Inget löfte")] + [(p.id, f"{p.year}: {p.text[:120]}") for p in promises]
    )
    return form


def _fields(form: WalkForm) -> operations.WalkFields:
    local = datetime.combine(form.day.data, parse_time(form.clock.data), tzinfo=periods.LOCAL_TZ)
    return operations.WalkFields(
        title=form.title.data,
        area_id=form.area.data,
        starts_at=local.astimezone(UTC),
        meeting_point=form.meeting_point.data or "",
        route=parse_route(form.route.data),
        stops=form.stops.data or "",
        organiser_ids=form.organisers.data,
        invited_ids=form.invited.data or [],
        promise_id=form.promise.data or None,
        invitation_text=form.invitation_text.data or "",
    )


@coordinator_required
def create():
    form = _form(data={"promise": 0, "clock": "18:00"})
    return _plan(form, None, "Trygghetsvandringen är planerad.")


@coordinator_required
def rewalk(walk_id: int):
    """Plan a re-walk: the same area, route and stops; its page shows the earlier findings."""
    previous = db.get_or_404(Walk, walk_id)
    initial = {
        "title": f"Återbesök: {previous.title}"[:200],
        "area": previous.area_id,
        "clock": "18:00",
        "meeting_point": previous.meeting_point,
        "route": previous.route_geojson or "",
        "stops": previous.stops,
        "organisers": [o.id for o in previous.organisers],
        "invited": [o.id for o in previous.invited],
        "promise": 0,
    }
    form = _form(previous, data=initial)
    planned = "Återbesöket är planerat. Vid vandringen visas de tidigare iakttagelserna i kartan."
    return _plan(form, previous, planned)


def _plan(form: WalkForm, previous: Walk | None, planned: str):
    """A new walk and a re-walk are planned the same way; a re-walk remembers the walk it repeats."""
    if form.validate_on_submit():
        walk = operations.create_walk(db.session, _fields(form), current_user, previous=previous)
        db.session.commit()
        flash(planned, "success")
        return redirect(url_for("walks.show", walk_id=walk.id))
    return render_template("walks/form.html", form=form, walk=None, previous=previous)


@coordinator_required
def edit(walk_id: int):
    walk = db.get_or_404(Walk, walk_id)
    local = walk.starts_at.astimezone(periods.LOCAL_TZ)
    initial = {
        "title": walk.title,
        "meeting_point": walk.meeting_point,
        "stops": walk.stops,
        "invitation_text": walk.invitation_text,
        "area": walk.area_id,
        "day": local.date(),
        "clock": local.strftime("%H:%M"),
        "route": walk.route_geojson or "",
        "organisers": [o.id for o in walk.organisers],
        "invited": [o.id for o in walk.invited],
        "promise": walk.promise_id or 0,
    }
    form = _form(walk, data=initial)
    if form.validate_on_submit():
        operations.update_walk(db.session, walk, _fields(form), current_user)
        db.session.commit()
        flash("Ändringarna är sparade.", "success")
        return redirect(url_for("walks.show", walk_id=walk.id))
    return render_template("walks/form.html", form=form, walk=walk, previous=walk.previous_walk)


@member_required
def show(walk_id: int):
    return render_template("walks/show.html", **walk_page(db.get_or_404(Walk, walk_id)))


def walk_page(walk: Walk) -> dict:
    """What the walk's page and its report both show: the walk, its map with earlier findings beside
    it, the comparison with the walk before, and the photos' addresses."""
    return {
        "walk": walk,
        "map_data": queries.map_data(walk, queries.earlier_findings(walk)),
        "comparison": queries.compare(walk),
        "photo_url": queries.photo_url,
    }


@member_required
def invitation_page(walk_id: int):
    return render_template("walks/invitation.html", walk=db.get_or_404(Walk, walk_id))


@member_required
def invitation_ics(walk_id: int):
    walk = db.get_or_404(Walk, walk_id)
    body = invitation.ics(walk, url_for("walks.show", walk_id=walk.id, _external=True))
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="trygghetsvandring-{walk.id}.ics"'},
    )


@coordinator_required
def held(walk_id: int):
    walk = db.get_or_404(Walk, walk_id)
    form = HeldForm(data={"held_on": walk.held_on or periods.local_date(walk.starts_at)})
    if walk.is_held and not form.is_submitted():
        form.residents_count.data = walk.residents_count
    if form.validate_on_submit():
        operations.mark_held(db.session, walk, form.held_on.data, form.residents_count.data, current_user)
        db.session.commit()
        flash("Vandringen är markerad som genomförd och räknas till sitt medborgarlöfte.", "success")
        return redirect(url_for("walks.show", walk_id=walk.id))
    return render_template("walks/held.html", form=form, walk=walk)


def new_client_key() -> str:
    """The key of a finding sent by a plain form post (the page's script makes its own per draft)."""
    return str(uuid.uuid4())


def counted_walks(promise_id: int, year: int, as_of: date) -> list[Walk]:
    """Template global for the promises' follow-up: the held walks behind a promise's count."""
    return counting.held_walks_for(db.session, promise_id, year, as_of)
