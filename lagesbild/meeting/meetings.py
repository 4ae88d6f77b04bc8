"""Meeting routes on the meeting blueprint: open, run and close a meeting; actions; the frozen record."""

import json
from datetime import UTC, datetime

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from lagesbild import formats
from lagesbild.auth.decorators import chair_required, member_required
from lagesbild.errors import wants_json
from lagesbild.extensions import db
from lagesbild.inputs import filter_args
from lagesbild.models import (
    Action,
    ActionStatus,
    Area,
    Meeting,
    MeetingStatus,
    Observation,
    Organisation,
    Place,
)
from lagesbild.periods import MeetingPeriod, local_date, local_time_text, today_local
from lagesbild.text import swedish_key

from . import meeting_queries, operations, queries, week
from .forms import (
    ActionForm,
    ActionStatusForm,
    AttendanceForm,
    CloseMeetingForm,
    MeetingNotesForm,
    NotesForm,
    ReopenMeetingForm,
)
from .queries import WeekFilters
from .snapshot import period_of
from .views import _period_or_404


def _meeting_or_404(meeting_id: int) -> Meeting:
    meeting = meeting_queries.meeting_with_details(db.session, meeting_id)
    if meeting is None:
        abort(404)
    return meeting


def _period(meeting: Meeting) -> MeetingPeriod:
    """The meeting's period, its late reports counted from an early close of the meeting before."""
    return meeting_queries.with_late_window(db.session, period_of(meeting, week.meeting_weekday()))


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


def new_action_form(formdata=None, period: MeetingPeriod | None = None) -> ActionForm:
    """The action form; `period`'s observations (those the chair sees) are offered for linking."""
    areas = db.session.scalars(select(Area).where(Area.is_active).order_by(Area.sort_order, Area.name)).all()
    places = sorted(
        db.session.scalars(select(Place).where(Place.is_active)).all(), key=lambda p: swedish_key(p.name)
    )
    form = ActionForm(areas, places, _organisations(), formdata=formdata)
    form.set_pick_list(meeting_queries.pick_list(db.session, period, current_user) if period else [])
    return form


def _notes_forms(meeting: Meeting, formdata=None) -> dict[int, NotesForm]:
    """The notes field of every agenda item: the saved notes, or what the chair just sent."""
    forms = {}
    for number, item in enumerate(meeting.agenda_items, 1):
        form = NotesForm(formdata=formdata, notes=item.notes, prefix=f"p{item.id}")
        form.notes.label.text = f"Anteckningar till punkt {number}"  # one distinct label per agenda item
        forms[item.id] = form
    return forms


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
    notes: tuple[MeetingNotesForm, dict[int, NotesForm]] | None = None,
    conflict: dict[int, str] | None = None,
):
    """The open meeting's page; `notes` are refused notes to show again (what the chair typed, with the
    messages), `conflict` the texts someone else saved meanwhile, shown beside the chair's own."""
    orgs = _organisations()
    period = _period(meeting)
    notes_form, notes_forms = notes or (MeetingNotesForm(formdata=None), _notes_forms(meeting))
    notes_form.version.data = str(meeting.notes_version)
    attendance = AttendanceForm(
        orgs, formdata=None, data={"organisations": [o.id for o in meeting.attendees]}
    )
    return (
        render_template(
            "meeting/meeting.html",
            meeting=meeting,
            period=period,
            late_total=queries.late_count(db.session, period, WeekFilters()),
            attendance_form=attendance,
            notes_form=notes_form,
            notes_forms=notes_forms,
            conflict=conflict or {},
            action_form=action_form or new_action_form(period=period),
            status_form=ActionStatusForm(formdata=None),
            early=today_local() < meeting.meeting_date,
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
            "meeting/record.html",
            meeting=meeting,
            snap=json.loads(meeting.snapshot_json or "{}"),
            reopen_form=ReopenMeetingForm(formdata=None),
            can_reopen=meeting.closed_at is not None and local_date(meeting.closed_at) == today_local(),
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


NOTES_CLOSED = "Mötet är avslutat – anteckningarna kan inte ändras. Det du skrev är inte sparat."
NOTES_REFUSED = "Anteckningarna är inte sparade. Se meddelandet vid fältet."
NOTES_CONFLICT = (
    "Någon annan har sparat anteckningar medan du skrev. Ingenting är överskrivet: din text står kvar i "
    "fältet och den sparade texten visas under det. För samman dem och spara igen."
)


@chair_required
def notes(meeting_id: int):
    """Save all agenda notes together (the form, or the page's autosave as the chair types)."""
    if wants_json() and _meeting_or_404(meeting_id).status is MeetingStatus.CLOSED:
        # The autosave would ask again at every pause in typing: one answer the page shows inline and
        # stops on (`closed`), and no flash queued per attempt for the next page.
        return jsonify(message=NOTES_CLOSED, closed=True), 409
    meeting = _editable_meeting(meeting_id)
    if meeting is None:
        return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id))
    head, forms = MeetingNotesForm(), _notes_forms(meeting, request.form)
    valid = [head.validate(), *(form.validate() for form in forms.values())]
    conflict = None
    if all(valid):
        texts = {item_id: form.notes.data or "" for item_id, form in forms.items()}
        try:
            version = operations.save_notes(db.session, meeting, texts, head.started_from(), current_user)
            db.session.commit()
        except operations.NotesConflict as refused:
            db.session.rollback()
            conflict = refused.saved
        else:
            saved = f"Sparat {local_time_text(datetime.now(UTC))}"
            if wants_json():
                return jsonify(message=saved, version=version)
            flash(f"Anteckningarna är sparade. {saved}.", "success")
            return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id) + "#dagordning")
    message = NOTES_CONFLICT if conflict else NOTES_REFUSED
    if wants_json():
        errors = [error for form in forms.values() for error in form.notes.errors]
        return jsonify(message=" ".join([message, *errors[:1]])), 409 if conflict else 422
    flash(message, "error")
    return _meeting_workspace(meeting, notes=(head, forms), conflict=conflict)


@chair_required
def add_action(meeting_id: int):
    meeting = _editable_meeting(meeting_id)
    if meeting is None:
        return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id))
    form = new_action_form(request.form, _period(meeting))
    linked = validated_links(form)
    if linked is None:
        return _meeting_workspace(meeting, form, 200)
    operations.add_action(db.session, meeting, current_user, **form.action_fields(), observation_ids=linked)
    db.session.commit()
    flash("Åtgärden är sparad.", "success")
    return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id) + "#atgarder")


def _close_page(meeting: Meeting, form: CloseMeetingForm):
    """The first step of closing: what will happen, then the confirmation (with a reason when early)."""
    period = _period(meeting)
    return render_template(
        "meeting/close.html",
        meeting=meeting,
        period=period,
        form=form,
        summary=meeting_queries.close_summary(db.session, meeting, period),
        early=today_local() < meeting.meeting_date,
    )


REASON_REQUIRED = "Mötesdagen har inte kommit än. Skriv varför mötet avslutas i förväg."


@chair_required
def confirm_close(meeting_id: int):
    meeting = _editable_meeting(meeting_id)
    if meeting is None:
        return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id))
    return _close_page(meeting, CloseMeetingForm(formdata=None))


@chair_required
def close(meeting_id: int):
    meeting = _editable_meeting(meeting_id)
    if meeting is None:
        return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id))
    form = CloseMeetingForm()
    if not form.confirmed():  # closing is never one click: the summary comes first
        return redirect(url_for("meeting.confirm_close", meeting_id=meeting_id))
    if not form.validate():
        return _close_page(meeting, form)
    try:
        locked = operations.close_meeting(
            db.session, meeting, _period(meeting), current_user, reason=form.anledning.data
        )
    except operations.ReasonRequired:
        form.anledning.errors = [*form.anledning.errors, REASON_REQUIRED]
        return _close_page(meeting, form)
    except operations.PersonalDataInRecord as refused:
        flash(f"Mötet är inte avslutat: protokollet får inte innehålla personuppgifter. {refused}", "error")
        return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id))
    db.session.commit()
    flash(
        f"Mötet är avslutat. Lägesbild {meeting.label} är fryst och "
        f"{formats.antal(locked, 'iakttagelse', 'iakttagelser')} är låsta.",
        "success",
    )
    return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id))


@chair_required
def reopen(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    if not ReopenMeetingForm().confirmed():
        flash("Mötet är inte öppnat igen. Använd knappen ”Öppna mötet igen”.", "error")
        return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id))
    try:
        operations.reopen_meeting(db.session, meeting, current_user)
    except operations.ReopenRefused as refused:
        flash(str(refused), "error")
        return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id))
    db.session.commit()
    flash(
        f"Mötet {meeting.label} är öppet igen. Den frysta lägesbilden finns kvar som version "
        f"{meeting.record_version - 1}; när mötet avslutas fryses version {meeting.record_version}.",
        "success",
    )
    return redirect(url_for("meeting.meeting_page", meeting_id=meeting_id))
