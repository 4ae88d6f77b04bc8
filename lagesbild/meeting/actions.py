"""Action routes on the meeting blueprint: edit an action, change its status (from any later meeting)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lagesbild.auth.decorators import chair_required
from lagesbild.extensions import db
from lagesbild.inputs import MAX_ID, ascii_int
from lagesbild.models import Action, ActionStatus, Meeting, MeetingStatus, Observation
from lagesbild.periods import period_containing, today_local

from . import meeting_queries, operations, week
from .forms import ActionStatusForm
from .meetings import _period, new_action_form, validated_links
from .snapshot import action_dict


def _back_id(values) -> int | None:
    """The meeting to return to (`tillbaka`), when it is an id at all."""
    number = ascii_int(values.get("tillbaka"))
    return number if number is not None and number <= MAX_ID else None


def _back(meeting_id: int | None) -> str:
    """Back to the meeting the chair came from, else to the current week's open actions."""
    if meeting_id and db.session.get(Meeting, meeting_id):
        return url_for("meeting.meeting_page", meeting_id=meeting_id) + "#atgarder"
    return url_for("meeting.current_week") + "#atgarder"


def own_organisation_actions() -> list[dict]:
    """Template global for the start page: the signed-in member's organisation's open actions."""
    if not current_user.is_authenticated:
        return []
    actions = meeting_queries.organisation_actions(db.session, current_user.organisation_id)
    today = today_local()
    return [action_dict(action, today) for action in actions]


@chair_required
def edit_action(action_id: int):
    action = db.get_or_404(Action, action_id)
    back = _back_id(request.values)
    period = _period(action.meeting) if action.meeting else week.current_period()
    if request.method == "GET":
        form = new_action_form(period=period)
        form.fill_from(action)
    else:
        form = new_action_form(request.form, period)
        linked = validated_links(form)
        if linked is not None:
            operations.update_action(
                db.session, action, current_user, **form.action_fields(), observation_ids=linked
            )
            db.session.commit()
            flash(f"Åtgärden ”{action.title}” är ändrad.", "success")
            return redirect(_back(back))
    return render_template("meeting/action_edit.html", action=action, form=form, back=back)


@chair_required
def action_status(action_id: int):
    action = db.get_or_404(Action, action_id)
    form = ActionStatusForm()
    back = _back_id(request.form)
    if form.validate():
        operations.set_action_status(action, ActionStatus(form.status.data), current_user)
        db.session.commit()
        flash(f"Åtgärden ”{action.title}” har status {action.status.label.lower()}.", "success")
    else:
        flash("Välj en giltig status.", "error")
    return redirect(_back(back))


def _observation_or_404(values) -> Observation | None:
    """The observation an action is created from (`iakttagelse`), None when none is named."""
    raw = values.get("iakttagelse")
    if not raw:
        return None
    number = ascii_int(raw)
    observation = db.session.get(Observation, number) if number is not None and number <= MAX_ID else None
    if observation is None:
        abort(404)
    return observation


@chair_required
def new_action():
    """ "Skapa åtgärd" from an observation (its page, the map's popup): place, area and link filled in.

    The action belongs to the current period's meeting while that is open, else to no meeting."""
    observation = _observation_or_404(request.values)
    day = observation.occurred_on if observation else today_local()
    period = meeting_queries.with_late_window(db.session, period_containing(day, week.meeting_weekday()))
    if request.method == "GET":
        form = new_action_form(period=period)
        if observation is not None:
            form.prefill_from(observation)
    else:
        form = new_action_form(request.form, period)
        linked = validated_links(form)
        if linked is not None:
            meeting = meeting_queries.meeting_for(db.session, week.current_period())
            meeting = meeting if meeting is not None and meeting.status is MeetingStatus.OPEN else None
            operations.add_action(
                db.session, meeting, current_user, **form.action_fields(), observation_ids=linked
            )
            db.session.commit()
            flash(f"Åtgärden ”{form.title.data.strip()}” är sparad.", "success")
            target = url_for("meeting.meeting_page", meeting_id=meeting.id) if meeting else _back(None)
            return redirect(target.split("#")[0] + "#atgarder")
    return render_template("meeting/action_new.html", form=form, observation=observation)
