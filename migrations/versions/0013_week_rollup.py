"""The week roll-up: active observations counted per meeting period, area and subcategory

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 18:20:00

observation_week_count (lagesbild/models/rollup.py) is what the week page's counts read (issue #12
item 3). The table is filled from the raw rows in the same upgrade, in the periods of the meeting
weekday in use (the stored one, else the configured default), so an existing database shows the same
week page right after `flask db upgrade`; from then on every write keeps it up to date, and
`flask --app lagesbild rollup check` compares the two.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# The period's last day: the day before the next meeting weekday strictly after occurred_on
# (%w / dow count 0 = Sunday, so :weekday + 6 - w is never negative).
PERIOD_END = {
    "sqlite": "date(occurred_on, printf('+%d days', ({weekday} + 6 - CAST(strftime('%w', occurred_on) "
    "AS INTEGER)) % 7))",
    "postgresql": "occurred_on + CAST(({weekday} + 6 - CAST(EXTRACT(dow FROM occurred_on) AS INTEGER)) % 7 "
    "AS INTEGER)",
}


def _weekday(bind) -> int:
    stored = bind.execute(
        sa.text(
            "SELECT meeting_weekday FROM group_settings WHERE meeting_weekday IS NOT NULL ORDER BY id LIMIT 1"
        )
    ).scalar()
    if stored:
        return int(stored)
    try:
        from flask import current_app

        return int(current_app.config["MEETING_WEEKDAY"])
    except (RuntimeError, KeyError):  # no app: the configuration's own default
        return 5


def upgrade():
    op.create_table(
        "observation_week_count",
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_observation_week_count_area_id_area"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["category.id"],
            name=op.f("fk_observation_week_count_category_id_category"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint(
            "period_end", "area_id", "category_id", name=op.f("pk_observation_week_count")
        ),
        sqlite_with_rowid=False,
    )
    bind = op.get_bind()
    period_end = PERIOD_END[bind.dialect.name].format(weekday=_weekday(bind))
    # Only an int goes into the text (_weekday returns int()), and the expression's own SQL.
    op.execute(
        f"""
        INSERT INTO observation_week_count (period_end, area_id, category_id, n)
        SELECT {period_end}, area_id, category_id, COUNT(*)
        FROM observation
        WHERE status = 'active'
        GROUP BY {period_end}, area_id, category_id
        """  # noqa: S608
    )


def downgrade():
    op.drop_table("observation_week_count")
