"""The report cache's data version: a row added by every write to a table the problembild reads

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 21:05:00

report_data_version (lagesbild/models/problembild.py) keys the process-local report cache
(lagesbild/report_cache.py). The upgrade writes a first random value, so an existing database's
reports are cached from the first request.
"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "report_data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_data_version")),
    )
    op.bulk_insert(table, [{"value": secrets.randbits(40)}])


def downgrade():
    op.drop_table("report_data_version")
