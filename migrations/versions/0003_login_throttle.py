"""Login throttle counters

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-30 09:40:00

Failed sign-ins are counted here instead of in the audit trail, so that a failure record no longer
needs the e-mail typed (see lagesbild/auth/throttle.py).
"""
from alembic import op
import sqlalchemy as sa

import lagesbild.models.base


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_throttle',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('scope', sa.String(length=20), nullable=False),
    sa.Column('window_started_at', lagesbild.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('refused', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttle'))
    )
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_throttle_window_started_at'), ['window_started_at'], unique=False)


def downgrade():
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_throttle_window_started_at'))

    op.drop_table('login_throttle')
