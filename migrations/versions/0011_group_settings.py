"""The group's meeting day in the database; reference rows remember their key in the set they came from

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 15:40:00

`group_settings` holds the meeting weekday and time (one row; none: the configured MEETING_WEEKDAY).
Areas, places, categories and organisations get `source_key`, their name (a category's code) in the
reference set they were loaded from, so `setup` run again matches a row the group has renamed. Rows
already stored get their present name (code) as key: most came from a set, and a key equal to the name
matches exactly what matching by name did before; a rename after the upgrade then keeps it. Only a new
table and nullable columns: SQLite adds those in place, without copying the tables observations point at.
"""
import sqlalchemy as sa
from alembic import op

import lagesbild.models.base

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = "0010"
branch_labels = None
depends_on = None

KEYED = ('area', 'place', 'category', 'organisation')


def upgrade():
    op.create_table('group_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_weekday', sa.Integer(), nullable=True),
    sa.Column('meeting_time', sa.Time(), nullable=True),
    sa.Column('updated_at', lagesbild.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_settings'))
    )
    for table in KEYED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('source_key', sa.String(length=200), nullable=True))
        named = 'code' if table == 'category' else 'name'
        rows = sa.table(table, sa.column(named), sa.column('source_key'))
        op.execute(rows.update().values(source_key=rows.c[named]))


def downgrade():
    for table in reversed(KEYED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('source_key')
    op.drop_table('group_settings')
