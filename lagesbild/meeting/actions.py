"""Action routes on the meeting blueprint: edit an action, change its status (from any later meeting)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lagesbild.auth.decorators import chair_required
from lagesbild.extensions import db
from lagesbild.inputs import MAX_ID, ascii_int
from lagesbild.models import Action, ActionStatus, Meeting

from . import operations
from .forms import ActionStatusForm
from .meetings import new_action_form, validated_links


def _back_id(values) -> int | None:
    """The meeting to return to (`tillbaka`), when it is an id at all."""
    number = ascii_int(values.get("tillbaka"))
    return number if number is not None and number <= MAX_ID else None


def _back(meeting_id: int | None) -> str:
    """Back to the meeting the chair came from, else to the current week's open actions."""
    if meeting_id and db.session.get(Meeting, meeting_id):
        return url_for("meeting.meeting_page", meeting_id=meeting_id) + "#atgarder"
    return url_for("meeting.current_week") + "#atgarder"


def _action_or_404(action_id: int) -> Action:
    action = db.session.get(Action, action_id)
    if action is None:
        abort(404)
    return action


@chair_required
def edit_action(action_id: int):
    action = _action_or_404(action_id)
    back = _back_id(request.values)
    if request.method == "GET":
        form = new_action_form()
        form.fill_from(action)
    else:
        form = new_action_form(request.form)
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
    action = _action_or_404(action_id)
    form = ActionStatusForm()
    back = _back_id(request.form)
    if form.validate():
        operations.set_action_status(action, ActionStatus(form.status.data), current_user)
        db.session.commit()
        flash(f"Åtgärden ”{action.title}” har status {action.status.label.lower()}.", "success")
    else:
        flash("Välj en giltig status.", "error")
    return redirect(_back(back))
