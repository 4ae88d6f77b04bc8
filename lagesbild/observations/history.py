"""An observation's change history in Swedish, read from its audit events.

Events keep no free text, so a changed description reads "Beskrivning ändrad" and the page shows the
current text above the table; the reason shown is the current one, kept on the row.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy.orm import Session

from lagesbild import formats
from lagesbild.audit import FREE_TEXT_KEYS
from lagesbild.models import (
    Area,
    Category,
    Extent,
    Observation,
    ObservationStatus,
    Place,
    ReportedToPolice,
    Sharing,
    TimeBand,
)
from lagesbild.periods import format_date

from .fields import AUDIT_LABELS
from .queries import history

EVENT_LABELS = {
    "observation.create": "Skapad",
    "observation.update": "Ändrad",
    "observation.correct": "Rättad",
    "observation.withdraw": "Återkallad",
}
_ENUMS = {
    "time_band": TimeBand,
    "extent": Extent,
    "reported_to_police": ReportedToPolice,
    "sharing": Sharing,
    "status": ObservationStatus,
}
_NAMED = {"place_id": Place, "area_id": Area, "category_id": Category}


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    event: str
    actor: str
    changes: list[str] = field(default_factory=list)
    reason: str = ""


def _number(value: float) -> str:
    return f"{value:.5f}".replace(".", ",")


def _readable(session: Session, name: str, value) -> str:
    """One audited value as a member reads it: names, labels, Swedish dates and times."""
    if value is None:
        return "inget"
    if name in _NAMED:
        row = session.get(_NAMED[name], value)
        return "okänd" if row is None else getattr(row, "full_name", None) or row.name
    if name in _ENUMS:
        return _ENUMS[name](value).label
    if name == "occurred_on":
        return format_date(date.fromisoformat(value))
    if name == "time_of_day":
        return formats.klockslag(time.fromisoformat(value))
    if isinstance(value, float):
        return _number(value)
    return str(value)


def _changes(session: Session, event) -> list[str]:
    after = event.after or {}
    names = (event.detail or {}).get("fields") or list(after)
    lines = []
    for name in names:
        label = AUDIT_LABELS.get(name, name)
        if name in FREE_TEXT_KEYS or name not in after:
            lines.append(f"{label} ändrad")
            continue
        before = (event.before or {}).get(name)
        lines.append(f"{label}: {_readable(session, name, before)} → {_readable(session, name, after[name])}")
    return lines


def history_rows(session: Session, observation: Observation) -> list[HistoryRow]:
    """The events about `observation`, oldest first, ready for the table on its page."""
    events = history(session, observation)
    corrections = [event.id for event in events if event.action == "observation.correct"]
    rows = []
    for event in events:
        reason = ""
        if corrections and event.id == corrections[-1]:
            reason = observation.correction_reason or ""
        elif event.action == "observation.withdraw":
            reason = observation.withdrawal_reason or ""
        rows.append(
            HistoryRow(
                at=event.at,
                event=EVENT_LABELS.get(event.action, event.action),
                actor=event.actor.display_name if event.actor else "–",
                changes=[] if event.action == "observation.create" else _changes(session, event),
                reason=reason,
            )
        )
    return rows
