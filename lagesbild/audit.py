"""Record audit events: who did what to which record, when, and which values changed.

Free text (an observation's description, correction and withdrawal reasons, meeting notes, action and
promise texts) lives only in its own row, where a correction really removes it. An event names the
free-text fields that changed and keeps the other values (dates, ids, statuses, categories, places);
`record` refuses a free-text key, so a caller cannot store one by mistake. Never secrets either.
"""

from collections.abc import Iterable
from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from lagesbild.extensions import db
from lagesbild.models import AuditEvent, Base


class FreeTextInAudit(ValueError):
    """A caller tried to put free text into the audit trail."""


def _free_text_keys() -> frozenset[str]:
    names = {
        column.name
        for table in Base.metadata.tables.values()
        for column in table.columns
        if column.info.get("free_text")
    }
    return frozenset(names | {"reason"})


# Every free-text column name of every model, plus "reason" (the key older events used).
FREE_TEXT_KEYS = _free_text_keys()


def _plain(value: Any) -> Any:
    if hasattr(value, "value"):  # enums by their stored value
        return value.value
    if hasattr(value, "isoformat"):  # dates and times as ISO text
        return value.isoformat()
    return value


def values(obj, names: Iterable[str]) -> dict[str, Any]:
    """The named attributes as JSON-friendly values, free text included: for comparing, never storing."""
    return {name: _plain(getattr(obj, name)) for name in names}


def without_free_text(data: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in data.items() if name not in FREE_TEXT_KEYS}


def snapshot(obj, names: Iterable[str]) -> dict[str, Any]:
    """The named attributes as JSON-friendly values without the free text: what an event may keep."""
    return without_free_text(values(obj, names))


def record_change(
    action: str, *, before: dict[str, Any], after: dict[str, Any], actor=None, obj=None, detail=None
) -> AuditEvent | None:
    """Record the difference of two `values()` captures: the changed fields' names in detail["fields"],
    the old and new values of those that are not free text. Nothing changed: no event."""
    changed = [name for name in after if before.get(name) != after[name]]
    if not changed:
        return None
    kept = [name for name in changed if name not in FREE_TEXT_KEYS]
    return record(
        action,
        actor=actor,
        obj=obj,
        before={name: before.get(name) for name in kept},
        after={name: after[name] for name in kept},
        detail={**(detail or {}), "fields": changed},
    )


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
    for part, data in (("before", before), ("after", after), ("detail", detail)):
        found = FREE_TEXT_KEYS.intersection(data or {})
        if found:
            raise FreeTextInAudit(f"{action}: {part} holds free text {sorted(found)}; name the field instead")
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
