"""The yearly follow-up and the steering group: evaluations of promises and measures, the styrgrupp role

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 15:25:00

The role column of user_account is a VARCHAR(11) with a CHECK constraint listing the roles
(lagesbild.models.base.enum_column); the constraint is rebuilt with "styrgrupp" added. Downgrading
turns steering-group accounts into deactivated members first (no role to give them reads less than a
member may), so the old constraint holds for every row.
"""

import sqlalchemy as sa
from alembic import op

import lagesbild.models.base

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

OLD_ROLES = ("member", "chair", "coordinator")
NEW_ROLES = (*OLD_ROLES, "styrgrupp")


def _roles(roles: tuple[str, ...]) -> None:
    listed = ", ".join(f"'{role}'" for role in roles)
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_user_account_role"), "user_account", type_="check")
        op.create_check_constraint(op.f("ck_user_account_role"), "user_account", f"role IN ({listed})")
        return
    # SQLite cannot alter a constraint: batch mode copies the table and drops the old one. Every table
    # refers to user_account, and with foreign keys on, dropping it would fail on the referring rows (or
    # delete those with ON DELETE CASCADE: sessions, recovery codes). SQLite's own procedure for such a
    # change: foreign keys off (only possible outside a transaction), copy in a transaction, check the
    # references, commit, foreign keys on; the migration's transaction then goes on for Alembic.
    raw = bind.connection.dbapi_connection
    raw.execute("COMMIT")
    was_on = raw.execute("PRAGMA foreign_keys").fetchone()[0]  # migrations/env.py turns them off
    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute("BEGIN IMMEDIATE")
    try:
        with op.batch_alter_table("user_account") as batch_op:
            batch_op.drop_constraint(op.f("ck_user_account_role"), type_="check")
            batch_op.create_check_constraint(op.f("ck_user_account_role"), f"role IN ({listed})")
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"references broken by the copy of user_account: {broken[:5]}")
        raw.execute("COMMIT")
    except BaseException:
        raw.execute("ROLLBACK")
        raise
    finally:
        raw.execute(f"PRAGMA foreign_keys = {'ON' if was_on else 'OFF'}")
        raw.execute("BEGIN")


def upgrade():
    op.create_table(
        "evaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("promise_id", sa.Integer(), nullable=True),
        sa.Column("measure_id", sa.Integer(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "enligt_plan",
                "delvis",
                "inte",
                name="measureoutcome",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", lagesbild.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(promise_id IS NULL) <> (measure_id IS NULL)", name=op.f("ck_evaluation_one_subject")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_evaluation_author_id_user_account"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["measure.id"], name=op.f("fk_evaluation_measure_id_measure"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["promise_id"], ["promise.id"], name=op.f("fk_evaluation_promise_id_promise"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation")),
        sa.UniqueConstraint("measure_id", name=op.f("uq_evaluation_measure_id")),
        sa.UniqueConstraint("promise_id", name=op.f("uq_evaluation_promise_id")),
    )
    _roles(NEW_ROLES)


def downgrade():
    op.execute("UPDATE user_account SET role = 'member', is_active = false WHERE role = 'styrgrupp'")
    _roles(OLD_ROLES)
    op.drop_table("evaluation")
