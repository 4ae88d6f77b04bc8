"""Mail: a new kind of message, the safety walk's report to its participants

Revision ID: 0009
Revises: 0006
Create Date: 2026-11-30 14:05:00

The kind column of the outbox, the preferences and the organisation defaults is a VARCHAR with a CHECK
constraint listing the kinds (lagesbild.models.base.enum_column); the constraint is rebuilt with
"walk_report" added. The column stays VARCHAR(14). Downgrading removes the walk-report messages and
choices first, so the old constraint holds for every row.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0006"
branch_labels = None
depends_on = None

OLD_KINDS = ("reminder", "summary", "action_new", "action_due", "action_overdue", "weekly", "account")
NEW_KINDS = (*OLD_KINDS, "walk_report")
TABLES = ("outbox_message", "mail_preference", "mail_default")


def _rebuild(kinds: tuple[str, ...]) -> None:
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    for table in TABLES:
        name = f"ck_{table}_mailkind"
        # Batch mode: SQLite cannot alter a constraint, so it copies the table (PostgreSQL alters it).
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(name), type_="check")
            batch_op.create_check_constraint(op.f(name), f"kind IN ({listed})")


def upgrade():
    _rebuild(NEW_KINDS)


def downgrade():
    for table in TABLES:
        op.execute(sa.table(table, sa.column("kind")).delete().where(sa.column("kind") == "walk_report"))
    _rebuild(OLD_KINDS)
