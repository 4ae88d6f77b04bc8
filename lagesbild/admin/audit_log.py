"""The audit trail browser: filter by event, user and dates, newest first, in pages."""

from flask import render_template, request

from lagesbild.auth.decorators import coordinator_required
from lagesbild.extensions import db
from lagesbild.models import Organisation, User

from . import queries
from .forms import AuditFilterForm
from .views import bp


@bp.get("/logg")
@coordinator_required
def audit():
    filters = AuditFilterForm(queries.audit_actions(), queries.all_users(), formdata=request.args)
    page = None
    if filters.validate():
        page = queries.audit_page(
            action=filters.action.data or "",
            actor_id=filters.actor.data or 0,
            date_from=filters.date_from.data,
            date_to=filters.date_to.data,
            page=request.args.get("sida", 1, type=int),
        )
    return render_template("admin/audit.html", filters=filters, page=page, object_label=object_label)


def object_label(event) -> str:
    """A readable name for the event's object (users and organisations by name)."""
    model = {"user": User, "organisation": Organisation}.get(event.object_type)
    if model is not None and event.object_id is not None:
        obj = db.session.get(model, event.object_id)
        if obj is not None:
            return getattr(obj, "display_name", None) or obj.name
    if event.object_type:
        return f"{event.object_type} {event.object_id or ''}".strip()
    return ""
