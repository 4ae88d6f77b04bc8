"""Observations: the problembild's day counts in their grouping's order, public promise counts index-only

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 22:20:00

ix_observation_problembild_days (occurred_on, time_band, organisation_id, status, sharing): the
report's day × time band × organisation counts group in the index's order, so the database sums each
group as it walks the period instead of sorting every observation of it first (0.7 → 0.2 s of SQLite's
time for a year at 5M, issue #12; docs/performance.md).

ix_observation_promise gains `sharing` as its last column: the public problembild counts the promises'
activities from the observations shared with the group, and without sharing in the index each of the
year's ≈ 450 000 counted entries at 5M was looked up in the table (the public export 7–8 s → under 5 s).

Plain CREATE INDEX: migrations run with the app stopped.
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

DAYS = ["occurred_on", "time_band", "organisation_id", "status", "sharing"]
PROMISE = ["category_id", "occurred_on", "status", "area_id", "organisation_id"]  # as migration 0012 made it


def upgrade():
    with op.batch_alter_table("observation") as batch_op:
        batch_op.create_index("ix_observation_problembild_days", DAYS, unique=False)
        batch_op.drop_index("ix_observation_promise")
        batch_op.create_index("ix_observation_promise", [*PROMISE, "sharing"], unique=False)


def downgrade():
    with op.batch_alter_table("observation") as batch_op:
        batch_op.drop_index("ix_observation_promise")
        batch_op.create_index("ix_observation_promise", PROMISE, unique=False)
        batch_op.drop_index("ix_observation_problembild_days")
