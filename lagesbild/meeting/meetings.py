"""Meeting routes on the meeting blueprint: open, run and close a meeting; actions; the frozen record."""

import json

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from lagesbild.auth.decorators import chair_required, member_required
from lagesbild.extensions import db
from lagesbild.inputs import filter_args
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
)
from lagesbild.text import swedish_key

from . import meeting_queries, operations, week
from .forms import (
    ActionForm,
    ActionStatusForm,
    AttendanceForm,
    CloseMeetingForm,
    NotesForm,
)
from .snapshot import period_of
from .views import _period_or_404


def _meeting_or_404(meeting_id: int) -> Meeting:
    meeting = meeting_queries.meeting_with_details(db.session, meeting_id)
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


@chair_required
def open_meeting(slug: str):
    period = _period_or_404(slug)
    existing = meeting_queries.meeting_for(db.session, period)
    meeting = operations.open_meeting(db.session, period, current_user)
    db.session.commit()
    if existing is None:
        flash(f"Mötet {meeting.label} är öppnat.", "success")
    return redirect(url_for("meeting.meeting_page", meeting_id=meeting.id))


@member_required
def meetings():
    q = filter_args(request.args).get("q", "")[:200]
    return render_template("meeting/list.html", meetings=meeting_queries.search_meetings(db.session, q), q=q)


def _organisations():
    return Organisation.active_in_swedish_order(db.session)


def new_action_form(formdata=None) -> ActionForm:
    areas = db.session.scalars(select(Area).where(Area.is_active).order_by(Area.sort_order, Area.name)).all()
    places = sorted(
        db.session.scalars(select(Place).where(Place.is_active)).all(), key=lambda p: swedish_key(p.name)
    )
    return ActionForm(areas, places, _organisations(), formdata=formdata)


def _notes_form(item: AgendaItem, number: int, formdata=None) -> NotesForm:
    """The notes form of one agenda item: the saved notes, or what the chair just sent."""
    form = NotesForm(formdata=formdata, notes=item.notes, prefix=f"p{item.id}")
    form.notes.label.text = f"Anteckningar till punkt {number}"  # one distinct label per agenda item
    return form


def validated_links(form: ActionForm) -> list[int] | None:
    """Validate an action form; return the linked observation ids, or None with errors beside the fields."""
    valid = form.validate()
    linked = form.linked_ids()
    known = (
        set(db.session.scalars(select(Observation.id).where(Observation.id.in_(linked)))) if linked else set()
    )
    for missing in sorted(set(linked) - known):
        form.observation_ids.errors = [*form.observation_ids.errors, f"Iakttagelse #{missing} finns inte."]
    return linked if valid and not form.observation_ids.errors else None


def _meeting_workspace(
    meeting: Meeting,
    action_form: ActionForm | None = None,
    status: int = 200,
    notes_form: tuple[int, NotesForm] | None = None,
):
    orgs = _organisations()
    notes_forms = {item.id: _notes_form(item, number) for number, item in enumerate(meeting.agenda_items, 1)}
    if notes_form is not None:  # the refused notes, with their message, in place of the saved ones
        notes_forms[notes_form[0]] = notes_form[1]
    attendance = AttendanceForm(
        orgs, formdata=None, data={"organisations": [o.id for o in meeting.attendees]}
    )
    return (
        render_template(
            "meeting/meeting.html",
            meeting=meeting,
            period=period_of(meeting, week.meeting_weekday()),
            attendance_form=attendance,
            notes_forms=notes_forms,
            action_form=action_form or new_action_form(),
            status_form=ActionStatusForm(formdata=None),
            close_form=CloseMeetingForm(formdata=None),
            actions=meeting_queries.open_actions(db.session),
            decided=db.session.scalars(
                select(Action).where(Action.meeting_id == meeting.id).order_by(Action.id)
            ).all(),
            statuses=ActionStatus,
        ),
        status,
    )


@member_required
def meeting_page(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    if meeting.status is MeetingStatus.CLOSED:
        return render_template(
            "meeting/record.html", meeting=meeting, snap=json.loads(meeting.snapshot_json or "{}")
        )
    return _meeting_workspace(meeting)


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


@chair_required
def notes(meeting_id: int, item_id: int):
    meeting = _editable_meeting(meeting_id)
    if meeting is not None:
        item = db.session.get(AgendaItem, item_id)
        if item is None or item.meeting_id != meeting.id:
            abort(404)
        number = meeting.agenda_items.index(item) + 1
        form = _notes_form(item, number, request.form)
        if not form.validate():  # the message beside the field, and everything typed kept
            flash(f"Anteckningarna till punkt {number} är inte sparade. Se meddelandet vid fältet.", "error")
            return _meeting_workspace(meeting, notes_form=(item.id, form))
        operations.save_notes(meeting, item, form.notes.data or "", current_user)
        db.session.commit()
        flash(f"Anteckningarna för ”{item.title}” är sparade.", "success")
    return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id) + f"#punkt-{item_id}")


@chair_required
def add_action(meeting_id: int):
    meeting = _editable_meeting(meeting_id)
    if meeting is None:
        return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id))
    form = new_action_form(request.form)
    linked = validated_links(form)
    if linked is None:
        return _meeting_workspace(meeting, form, 200)
    operations.add_action(db.session, meeting, current_user, **form.action_fields(), observation_ids=linked)
    db.session.commit()
    flash("Åtgärden är sparad.", "success")
    return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id) + "#atgarder")


@chair_required
def close(meeting_id: int):
    meeting = _editable_meeting(meeting_id)
    if meeting is not None:
        period = period_of(meeting, week.meeting_weekday())
        try:
            locked = operations.close_meeting(db.session, meeting, period, current_user)
        except operations.PersonalDataInRecord as refused:
            flash(
                f"Mötet är inte avslutat: protokollet får inte innehålla personuppgifter. {refused}",
                "error",
            )
            return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id))
        db.session.commit()
        flash(
            f"Mötet är avslutat. Lägesbild {meeting.label} är fryst och {locked} iakttagelser är låsta.",
            "success",
        )
    return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id))
