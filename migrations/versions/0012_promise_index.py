"""Observations: the index promise counting reads

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 15:20:00

(category_id, occurred_on, status, area_id, organisation_id): the year's activities of a few
subcategories, grouped by area, organisation and day, without reading the table (issue #12; the cost on
writes is in docs/performance.md). A plain CREATE INDEX: migrations run with the app stopped, and on a
5M-row table it takes seconds, not minutes.
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

COLUMNS = ["category_id", "occurred_on", "status", "area_id", "organisation_id"]


def upgrade():
    with op.batch_alter_table("observation") as batch_op:
        batch_op.create_index("ix_observation_promise", COLUMNS, unique=False)


def downgrade():
    with op.batch_alter_table("observation") as batch_op:
        batch_op.drop_index("ix_observation_promise")
