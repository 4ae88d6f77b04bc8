"""The weekly lägesbild: week page, presentation mode, meetings, actions."""

import json

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from lagesbild.auth.decorators import chair_required, member_required
from lagesbild.extensions import db
from lagesbild.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Area,
    Meeting,
    MeetingStatus,
    Observation,
    Organisation,
    Place,
    Role,
)
from lagesbild.periods import SWEDISH_MONTHS_SHORT
from lagesbild.text import swedish_key

from . import operations, queries, week
from .forms import (
    ActionForm,
    ActionStatusForm,
    AttendanceForm,
    CloseMeetingForm,
    NotesForm,
    OpenMeetingForm,
    WeekFilterForm,
)
from .mapping import map_data_script
from .snapshot import action_dict, period_of

bp = Blueprint("meeting", __name__, cli_group=None)


@bp.context_processor
def _helpers():
    chair = current_user.is_authenticated and current_user.has_role(Role.CHAIR)
    return {"action_dict": action_dict, "is_chair": chair, "months": SWEDISH_MONTHS_SHORT}


def _period_or_404(slug: str):
    period = week.period_from_slug(slug)
    if period is None:
        abort(404)
    return period


def _meeting_or_404(meeting_id: int) -> Meeting:
    meeting = queries.meeting_with_details(db.session, meeting_id)
    if meeting is None:
        abort(404)
    return meeting


def _editable_meeting(meeting_id: int) -> Meeting | None:
    """The one object check of meeting writes: the meeting exists (404) and is still open."""
    meeting = _meeting_or_404(meeting_id)
    if meeting.status is MeetingStatus.CLOSED:
        flash(f"Mötet {meeting.label} är avslutat och kan inte ändras.", "error")
        return None
    return meeting


@bp.get("/vecka")
@member_required
def current_week():
    return redirect(url_for("meeting.week_page", slug=week.current_period().slug))


def _week_page(slug: str, template: str):
    period = _period_or_404(slug)
    ref = queries.reference(db.session)
    form = WeekFilterForm(ref, formdata=request.args)
    page = week.build(db.session, period, form.filters(), current_user, ref)
    return render_template(
        template,
        page=page,
        period=period,
        form=form,
        open_form=OpenMeetingForm(),
        current=week.current_period(),
    )


@bp.get("/vecka/<slug>")
@member_required
def week_page(slug: str):
    return _week_page(slug, "meeting/week.html")


@bp.get("/vecka/<slug>/presentation")
@member_required
def presentation(slug: str):
    return _week_page(slug, "meeting/presentation.html")


@bp.get("/vecka/<slug>/karta.js")
@member_required
def map_data(slug: str):
    """The map's points as a script (CSP 'self'); only what the viewer may see, never cached."""
    period = _period_or_404(slug)
    filters = WeekFilterForm(queries.reference(db.session), formdata=request.args).filters()
    points = queries.period_points(db.session, period, current_user, filters)
    late = queries.late_points(db.session, period, current_user, filters)
    response = make_response(map_data_script(points, late))
    response.mimetype = "text/javascript"
    response.headers["Cache-Control"] = "private, no-store"
    # Other sites may not load it as a script (and the Lax session cookie is not sent to them anyway).
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@bp.get("/vecka/<slug>/iakttagelser")
@member_required
def observations(slug: str):
    period = _period_or_404(slug)
    ref = queries.reference(db.session)
    form = WeekFilterForm(ref, formdata=request.args)
    filters = form.filters()
    page = max(request.args.get("sida", 1, type=int) or 1, 1)
    size = queries.PAGE_SIZE
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


@bp.post("/vecka/<slug>/mote")
@chair_required
def open_meeting(slug: str):
    period = _period_or_404(slug)
    existing = queries.meeting_for(db.session, period)
    meeting = operations.open_meeting(db.session, period, current_user)
    db.session.commit()
    if existing is None:
        flash(f"Mötet {meeting.label} är öppnat.", "success")
    return redirect(url_for("meeting.meeting_page", meeting_id=meeting.id))


@bp.get("/moten")
@member_required
def meetings():
    q = (request.args.get("q") or "").strip()[:200]
    return render_template("meeting/list.html", meetings=queries.search_meetings(db.session, q), q=q)


def _organisations():
    orgs = db.session.scalars(select(Organisation).where(Organisation.is_active)).all()
    return sorted(orgs, key=lambda org: swedish_key(org.name))


def _action_form(formdata=None) -> ActionForm:
    areas = db.session.scalars(select(Area).where(Area.is_active).order_by(Area.sort_order, Area.name)).all()
    places = sorted(
        db.session.scalars(select(Place).where(Place.is_active)).all(), key=lambda p: swedish_key(p.name)
    )
    return ActionForm(areas, places, _organisations(), formdata=formdata)


def _meeting_workspace(meeting: Meeting, action_form: ActionForm | None = None, status: int = 200):
    orgs = _organisations()
    attendance = AttendanceForm(
        orgs, formdata=None, data={"organisations": [o.id for o in meeting.attendees]}
    )
    return (
        render_template(
            "meeting/meeting.html",
            meeting=meeting,
            period=period_of(meeting, week.meeting_weekday()),
            attendance_form=attendance,
            notes_forms={
                item.id: NotesForm(formdata=None, notes=item.notes, prefix=f"p{item.id}")
                for item in meeting.agenda_items
            },
            action_form=action_form or _action_form(),
            status_form=ActionStatusForm(formdata=None),
            close_form=CloseMeetingForm(formdata=None),
            actions=queries.open_actions(db.session),
            decided=db.session.scalars(
                select(Action).where(Action.meeting_id == meeting.id).order_by(Action.id)
            ).all(),
            statuses=ActionStatus,
        ),
        status,
    )


@bp.get("/moten/<int:meeting_id>")
@member_required
def meeting_page(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    if meeting.status is MeetingStatus.CLOSED:
        return render_template(
            "meeting/record.html", meeting=meeting, snap=json.loads(meeting.snapshot_json or "{}")
        )
    return _meeting_workspace(meeting)


@bp.post("/moten/<int:meeting_id>/narvaro")
@chair_required
def attendance(meeting_id: int):
    meeting = _editable_meeting(meeting_id)
    if meeting is not None:
        form = AttendanceForm(_organisations())
        if form.validate():
            operations.set_attendance(db.session, meeting, form.organisations.data or [], current_user)
            db.session.commit()
            flash("Närvaron är sparad.", "success")
        else:
            flash("Närvaron kunde inte sparas: okänd organisation.", "error")
    return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id) + "#narvaro")


@bp.post("/moten/<int:meeting_id>/punkter/<int:item_id>")
@chair_required
def notes(meeting_id: int, item_id: int):
    meeting = _editable_meeting(meeting_id)
    if meeting is not None:
        item = db.session.get(AgendaItem, item_id)
        if item is None or item.meeting_id != meeting.id:
            abort(404)
        form = NotesForm(prefix=f"p{item.id}")
        if form.validate():
            operations.save_notes(meeting, item, form.notes.data or "", current_user)
            db.session.commit()
            flash(f"Anteckningarna för ”{item.title}” är sparade.", "success")
        else:
            flash("Anteckningarna är för långa (högst 10 000 tecken).", "error")
    return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id) + f"#punkt-{item_id}")


@bp.post("/moten/<int:meeting_id>/atgarder")
@chair_required
def add_action(meeting_id: int):
    meeting = _editable_meeting(meeting_id)
    if meeting is None:
        return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id))
    form = _action_form(request.form)
    valid = form.validate()
    linked = form.linked_ids()
    known = (
        set(db.session.scalars(select(Observation.id).where(Observation.id.in_(linked)))) if linked else set()
    )
    for missing in sorted(set(linked) - known):
        form.observation_ids.errors = [*form.observation_ids.errors, f"Iakttagelse #{missing} finns inte."]
    if not valid or form.observation_ids.errors:
        return _meeting_workspace(meeting, form, 200)
    operations.add_action(
        db.session,
        meeting,
        current_user,
        title=form.title.data,
        description=form.description.data,
        area_id=form.area_id.data,
        place_id=form.place_id.data,
        owner_organisation_id=form.owner_organisation_id.data,
        due_on=form.due_on.data,
        status=ActionStatus(form.status.data),
        observation_ids=linked,
    )
    db.session.commit()
    flash("Åtgärden är sparad.", "success")
    return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id) + "#atgarder")


@bp.post("/atgarder/<int:action_id>/status")
@chair_required
def action_status(action_id: int):
    action = db.session.get(Action, action_id)
    if action is None:
        abort(404)
    form = ActionStatusForm()
    back = request.form.get("tillbaka", type=int)
    if form.validate():
        operations.set_action_status(action, ActionStatus(form.status.data), current_user)
        db.session.commit()
        flash(f"Åtgärden ”{action.title}” har status {action.status.label.lower()}.", "success")
    else:
        flash("Välj en giltig status.", "error")
    if back and db.session.get(Meeting, back):
        return redirect(url_for("meeting.meeting_page", meeting_id=back) + "#atgarder")
    return redirect(url_for("meeting.current_week") + "#atgarder")


@bp.post("/moten/<int:meeting_id>/avsluta")
@chair_required
def close(meeting_id: int):
    meeting = _editable_meeting(meeting_id)
    if meeting is not None:
        period = period_of(meeting, week.meeting_weekday())
        locked = operations.close_meeting(db.session, meeting, period, current_user)
        db.session.commit()
        flash(
            f"Mötet är avslutat. Lägesbild {meeting.label} är fryst och {locked} iakttagelser är låsta.",
            "success",
        )
    return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id))


def _register_extras() -> None:
    from .cli import week_command
    from .demo import add_demo_meetings

    bp.cli.add_command(week_command)
    bp.record_once(
        lambda state: state.app.extensions.setdefault("lagesbild_demo_hooks", []).append(add_demo_meetings)
    )


_register_extras()
