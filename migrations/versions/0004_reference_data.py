"""Reference data owned by the group: install kind, area boundaries, aliases, merge history

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 12:30:00

`installation` says whether the database is a demo or a real install (setup and seed-demo refuse the
other kind). Areas get a source and an "approximate boundary" flag for the bundled polygons; places get
aliases; `observation_posted_under` keeps what an observation was posted under when a merge moves it;
organisations list the categories they usually report. Only new tables and columns with a plain
default: SQLite adds those in place, without copying the tables observations point at.
"""
from alembic import op
import sqlalchemy as sa

import lagesbild.models.base


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('installation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('demo', 'real', name='installkind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('reference_set', sa.String(length=200), nullable=False),
    sa.Column('created_at', lagesbild.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_installation'))
    )
    op.create_table('organisation_category',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_organisation_category_category_id_category'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_organisation_category_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organisation_id', 'category_id', name=op.f('pk_organisation_category'))
    )
    op.create_table('observation_posted_under',
    sa.Column('observation_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_observation_posted_under_category_id_category'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['observation_id'], ['observation.id'], name=op.f('fk_observation_posted_under_observation_id_observation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], name=op.f('fk_observation_posted_under_place_id_place'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('observation_id', name=op.f('pk_observation_posted_under'))
    )
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.add_column(sa.Column('boundary_is_approximate', sa.Boolean(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('source', sa.String(length=400), nullable=False, server_default=''))

    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.add_column(sa.Column('aliases', sa.String(length=400), nullable=False, server_default=''))



def downgrade():
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.drop_column('aliases')

    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.drop_column('source')
        batch_op.drop_column('boundary_is_approximate')

    op.drop_table('observation_posted_under')
    op.drop_table('organisation_category')
    op.drop_table('installation')
