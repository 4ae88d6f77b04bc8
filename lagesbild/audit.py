"""Record audit events. Callers pass structured before/after values, never secrets."""

from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from lagesbild.extensions import db
from lagesbild.models import AuditEvent


def record(
    action: str,
    *,
    actor=None,
    obj=None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the session (the caller commits with the change it describes)."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "id", None),
        object_type=type(obj).__name__.lower() if obj is not None else "",
        object_id=getattr(obj, "id", None),
        before=before,
        after=after,
        detail=detail,
        client_address=(request.remote_addr or "")[:64] if has_request_context() else "",
    )
    db.session.add(event)
    return event
