"""Audit trail without free text; reasons kept on the observation

Events used to copy an observation's description (before and after), the correction or withdrawal
reason, meeting notes, action titles and descriptions and promise texts. A correction that took a
name out of a description therefore left the name in the audit trail. From now on an event names the
free-text fields that changed (detail["fields"]) and keeps only the other values. This revision:

- adds observation.correction_reason and observation.withdrawal_reason (the current reason, the one
  place a reason is kept) and fills them from the latest old event that carried one;
- removes every free-text key from existing events, recording which fields changed;
- gives frozen meeting records the current wording of actions whose text was edited since.

Works on SQLite and PostgreSQL. The downgrade drops the two columns; removed text cannot come back.

Revision ID: 0002
Revises: 0001
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen here on purpose: a migration must not change when the application's list grows.
FREE_TEXT_KEYS = (
    "description",
    "notes",
    "title",
    "text",
    "reason",
    "correction_reason",
    "withdrawal_reason",
)

audit_event = sa.table(
    "audit_event",
    sa.column("id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("object_type", sa.String),
    sa.column("object_id", sa.Integer),
    sa.column("before", sa.JSON),
    sa.column("after", sa.JSON),
    sa.column("detail", sa.JSON),
)
observation = sa.table(
    "observation",
    sa.column("id", sa.Integer),
    sa.column("correction_reason", sa.Text),
    sa.column("withdrawal_reason", sa.Text),
)
meeting = sa.table(
    "meeting",
    sa.column("id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("snapshot_json", sa.Text),
)
action = sa.table(
    "action",
    sa.column("id", sa.Integer),
    sa.column("title", sa.String),
    sa.column("description", sa.Text),
)


def upgrade():
    with op.batch_alter_table("observation") as batch:
        batch.add_column(sa.Column("correction_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("withdrawal_reason", sa.Text(), nullable=True))
    conn = op.get_bind()
    _clean_events(conn)
    _restate_actions_in_frozen_records(conn)


def _mentions_free_text():
    """Events whose JSON holds a free-text key (a cheap pre-filter; each row is checked in Python)."""
    return sa.or_(
        *(
            sa.cast(column, sa.Text).like(f'%"{key}"%')
            for column in (audit_event.c.before, audit_event.c.after, audit_event.c.detail)
            for key in FREE_TEXT_KEYS
        )
    )


def _clean_events(conn) -> None:
    rows = conn.execute(sa.select(audit_event).where(_mentions_free_text()).order_by(audit_event.c.id)).all()
    reasons: dict[tuple[str, int], str] = {}  # the latest reason per (column, observation id)
    for row in rows:
        before, after, detail = dict(row.before or {}), dict(row.after or {}), dict(row.detail or {})
        found = [key for key in FREE_TEXT_KEYS if key in before or key in after or key in detail]
        if not found:
            continue  # the pre-filter matched a value, not a key
        if row.before is not None and row.after is not None and "fields" not in detail:
            detail["fields"] = [key for key in after if before.get(key) != after[key]]
        reason = detail.pop("reason", None)
        if reason and row.object_type == "observation" and row.object_id is not None:
            column = "withdrawal_reason" if row.action == "observation.withdraw" else "correction_reason"
            reasons[(column, row.object_id)] = reason
        for key in FREE_TEXT_KEYS:
            before.pop(key, None)
            after.pop(key, None)
            detail.pop(key, None)
        conn.execute(
            sa.update(audit_event)
            .where(audit_event.c.id == row.id)
            .values(
                before=before if row.before is not None else None,
                after=after if row.after is not None else None,
                detail=detail or None,
            )
        )
    for (column, observation_id), reason in reasons.items():
        conn.execute(
            sa.update(observation).where(observation.c.id == observation_id).values({column: reason})
        )


def _restate_actions_in_frozen_records(conn) -> None:
    current = {row.id: (row.title, row.description) for row in conn.execute(sa.select(action))}
    closed = conn.execute(
        sa.select(meeting.c.id, meeting.c.snapshot_json).where(
            meeting.c.status == "closed", meeting.c.snapshot_json.is_not(None)
        )
    ).all()
    for row in closed:
        snap = json.loads(row.snapshot_json)
        changed = False
        for entry in snap.get("actions", []):
            now = current.get(entry.get("id"))
            if now is not None and (entry.get("title"), entry.get("description")) != now:
                entry.update(title=now[0], description=now[1], text_corrected=True)
                changed = True
        if changed:
            conn.execute(
                sa.update(meeting)
                .where(meeting.c.id == row.id)
                .values(snapshot_json=json.dumps(snap, ensure_ascii=False))
            )


def downgrade():
    with op.batch_alter_table("observation") as batch:
        batch.drop_column("withdrawal_reason")
        batch.drop_column("correction_reason")
