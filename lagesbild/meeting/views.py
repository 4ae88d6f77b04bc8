"""The weekly lägesbild: week page, presentation mode, the map data and the list (meetings: meetings.py)."""

from flask import abort, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from lagesbild.auth.decorators import member_required
from lagesbild.extensions import db
from lagesbild.inputs import page_number
from lagesbild.models import User
from lagesbild.periods import SWEDISH_MONTHS_SHORT, today_local

from . import queries, week
from .forms import (
    OpenMeetingForm,
    WeekFilterForm,
)
from .mapping import to_json
from .snapshot import action_dict


def _helpers():
    return {"action_dict": action_dict, "months": SWEDISH_MONTHS_SHORT}


def _period_or_404(slug: str):
    period = week.period_from_slug(slug, db.session)
    if period is None:
        abort(404)
    return period


@member_required
def current_week():
    return redirect(url_for("meeting.week_page", slug=week.current_period().slug))


def _week_page(slug: str, template: str, viewer: User | None):
    period = _period_or_404(slug)
    ref = queries.reference(db.session)
    form = WeekFilterForm.from_args(ref, request.args)
    page = week.build(db.session, period, form.filters(), viewer, ref)
    return render_template(
        template,
        page=page,
        period=period,
        form=form,
        open_form=OpenMeetingForm(),
        current=week.current_period(),
        today=today_local(),
    )


@member_required
def week_page(slug: str):
    return _week_page(slug, "meeting/week.html", current_user)


@member_required
def presentation(slug: str):
    """The week on the meeting room's screen: the group view, restricted details for no one."""
    return _week_page(slug, "meeting/presentation.html", None)


@member_required
def map_data(slug: str):
    """The map's data as JSON (fetched, CSP connect-src 'self'); only what the viewer may see."""
    return _map_data(slug, current_user)


@member_required
def presentation_map_data(slug: str):
    """Presentation mode's points: the group view, whoever is signed in."""
    return _map_data(slug, None)


def _map_data(slug: str, viewer: User | None):
    period = _period_or_404(slug)
    ref = queries.reference(db.session)
    filters = WeekFilterForm.from_args(ref, request.args).filters()
    response = make_response(to_json(week.map_data(db.session, period, filters, viewer, ref)))
    response.mimetype = "application/json"
    response.headers["Cache-Control"] = "private, no-store"
    # Other sites may not read it (and the Lax session cookie is not sent to them anyway).
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@member_required
def observations(slug: str):
    period = _period_or_404(slug)
    ref = queries.reference(db.session)
    form = WeekFilterForm.from_args(ref, request.args)
    filters = form.filters()
    page, size = page_number(request.args), queries.PAGE_SIZE
    points = queries.period_points(
        db.session, period, current_user, filters, limit=size + 1, offset=(page - 1) * size
    )
    if page > 1 and not points:  # beyond the end: show the last page (two more queries, only here)
        total = queries.period_points_count(db.session, period, current_user, filters)
        page = max(1, -(-total // size))
        points = queries.period_points(
            db.session, period, current_user, filters, limit=size + 1, offset=(page - 1) * size
        )
    late = queries.late_points(db.session, period, current_user, filters) if page == 1 else []
    return render_template(
        "meeting/observations.html",
        period=period,
        filters=filters,
        points=points[:size],
        has_next=len(points) > size,
        page_number=page,
        page_size=size,
        late=late,
    )
