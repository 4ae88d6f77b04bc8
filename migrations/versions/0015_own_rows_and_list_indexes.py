"""Observations: the member's own rows indexed by status too, and the group list's index

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 21:40:00

ix_observation_author becomes (author_id, status, occurred_on): /mina-iakttagelser asks for the
member's distinct active days and the form for the places of the newest own rows; with (author_id,
occurred_on) both read every own row from the table (about 1 s at 5M for a member with 217 000 rows,
issue #12). No other query uses the index (docs/performance.md).

ix_observation_list (occurred_on, time_of_day, status, sharing, organisation_id, area_id, category_id):
the group list walks a period's rows in its order and stops at the page, and counts what the viewer may
see from the index alone (lagesbild/observations/queries.py::group_list).

Plain DROP and CREATE INDEX: migrations run with the app stopped.
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

LIST = ["occurred_on", "time_of_day", "status", "sharing", "organisation_id", "area_id", "category_id"]


def upgrade():
    with op.batch_alter_table("observation") as batch_op:
        batch_op.drop_index("ix_observation_author")
        batch_op.create_index("ix_observation_author", ["author_id", "status", "occurred_on"], unique=False)
        batch_op.create_index("ix_observation_list", LIST, unique=False)


def downgrade():
    with op.batch_alter_table("observation") as batch_op:
        batch_op.drop_index("ix_observation_list")
        batch_op.drop_index("ix_observation_author")
        batch_op.create_index("ix_observation_author", ["author_id", "occurred_on"], unique=False)
