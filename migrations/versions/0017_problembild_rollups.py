"""The problembild's and the promise counts' roll-ups: per month, per day, per activity month

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 23:45:00

observation_month_count (month, area, place, subcategory), observation_day_count (day, time band,
organisation) and observation_activity_month (month, subcategory, area, organisation), each counting
the active observations (n) and those of them shared with the group (n_public): what the problembild
and the medborgarlöften's counts read instead of the year's raw rows (issue #12; lagesbild/models/rollup.py,
lagesbild/rollup/). Keys hold no NULL (ON CONFLICT would not match it): no place is 0, no time band ''.
The tables are filled from the raw rows in the same upgrade, so an existing database shows the same
figures right after `flask db upgrade`; from then on every write keeps them up to date, and
`flask --app lagesbild rollup check` compares them with the raw rows.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

MONTH = {
    "sqlite": "date(occurred_on, 'start of month')",
    "postgresql": "CAST(date_trunc('month', occurred_on) AS DATE)",
}
PUBLIC = "COUNT(CASE WHEN sharing = 'gruppen' THEN 1 END)"


def _fk(table: str, column: str, target: str):
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete="RESTRICT"
    )


def _counts():
    return [sa.Column("n", sa.Integer(), nullable=False), sa.Column("n_public", sa.Integer(), nullable=False)]


def upgrade():
    op.create_table(
        "observation_month_count",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        *_counts(),
        _fk("observation_month_count", "area_id", "area"),
        _fk("observation_month_count", "category_id", "category"),
        sa.PrimaryKeyConstraint(
            "month", "area_id", "category_id", "place_id", name=op.f("pk_observation_month_count")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "observation_day_count",
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("time_band", sa.String(length=8), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        *_counts(),
        _fk("observation_day_count", "organisation_id", "organisation"),
        sa.PrimaryKeyConstraint(
            "occurred_on", "time_band", "organisation_id", name=op.f("pk_observation_day_count")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "observation_activity_month",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        *_counts(),
        _fk("observation_activity_month", "category_id", "category"),
        _fk("observation_activity_month", "area_id", "area"),
        _fk("observation_activity_month", "organisation_id", "organisation"),
        sa.PrimaryKeyConstraint(
            "month", "category_id", "area_id", "organisation_id", name=op.f("pk_observation_activity_month")
        ),
        sqlite_with_rowid=False,
    )
    month = MONTH[op.get_bind().dialect.name]
    fills = {
        "observation_month_count (month, area_id, category_id, place_id, n, n_public)": (
            f"{month}, area_id, category_id, COALESCE(place_id, 0)"
        ),
        "observation_day_count (occurred_on, time_band, organisation_id, n, n_public)": (
            "occurred_on, COALESCE(time_band, ''), organisation_id"
        ),
        "observation_activity_month (month, category_id, area_id, organisation_id, n, n_public)": (
            f"{month}, category_id, area_id, organisation_id"
        ),
    }
    for target, key in fills.items():
        # Only this module's constant SQL goes into the text.
        op.execute(
            f"INSERT INTO {target} SELECT {key}, COUNT(*), {PUBLIC} FROM observation "  # noqa: S608
            f"WHERE status = 'active' GROUP BY {key}"
        )


def downgrade():
    op.drop_table("observation_activity_month")
    op.drop_table("observation_day_count")
    op.drop_table("observation_month_count")
