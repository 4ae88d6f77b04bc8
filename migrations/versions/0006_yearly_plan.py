"""Yearly plan: the agreement; promises of three kinds, over several areas, with goals, notes, evidence

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 12:06:13.657568

Existing promises become count promises over the whole year; a promise's one area moves to the
promise_area table (a promise may now count in several areas).
"""
from alembic import op
import sqlalchemy as sa

import lagesbild.models.base


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('promise_goal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', lagesbild.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_promise_goal'))
    )
    with op.batch_alter_table('promise_goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_promise_goal_year'), ['year'], unique=False)

    op.create_table('promise_area',
    sa.Column('promise_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_promise_area_area_id_area'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['promise_id'], ['promise.id'], name=op.f('fk_promise_area_promise_id_promise'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('promise_id', 'area_id', name=op.f('pk_promise_area'))
    )
    op.create_table('promise_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('promise_id', sa.Integer(), nullable=False),
    sa.Column('noted_on', sa.Date(), nullable=False),
    sa.Column('state', sa.Enum('enligt_plan', 'avviker', 'genomfort', name='processstate', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', lagesbild.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_promise_note_author_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['promise_id'], ['promise.id'], name=op.f('fk_promise_note_promise_id_promise'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_promise_note'))
    )
    with op.batch_alter_table('promise_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_promise_note_promise_id'), ['promise_id'], unique=False)

    op.create_table('promise_action',
    sa.Column('promise_id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_promise_action_action_id_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['promise_id'], ['promise.id'], name=op.f('fk_promise_action_promise_id_promise'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('promise_id', 'action_id', name=op.f('pk_promise_action'))
    )
    op.create_table('agreement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('parties', sa.Text(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('forums', sa.Text(), nullable=False),
    sa.Column('follow_up_by', sa.Text(), nullable=False),
    sa.Column('created_at', lagesbild.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement'))
    )
    op.create_table('focus_area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_focus_area_agreement_id_agreement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_focus_area'))
    )
    with op.batch_alter_table('focus_area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_focus_area_agreement_id'), ['agreement_id'], unique=False)

    op.create_table('agreement_activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('focus_area_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=400), nullable=False),
    sa.Column('effect_goal', sa.Text(), nullable=False),
    sa.Column('responsible', sa.String(length=400), nullable=False),
    sa.ForeignKeyConstraint(['focus_area_id'], ['focus_area.id'], name=op.f('fk_agreement_activity_focus_area_id_focus_area'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_activity'))
    )
    with op.batch_alter_table('agreement_activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_activity_focus_area_id'), ['focus_area_id'], unique=False)

    op.create_table('analysis_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', lagesbild.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_analysis_draft_author_id_user_account'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_draft')),
    sa.UniqueConstraint('year', 'number', name='analysis_year_number')
    )
    op.create_table('agreement_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('decided_by', sa.String(length=300), nullable=False),
    sa.Column('changes', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', lagesbild.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_agreement_version_agreement_id_agreement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_agreement_version_recorded_by_id_user_account'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_version')),
    sa.UniqueConstraint('agreement_id', 'number', name='agreement_number')
    )
    # A survey value may be the whole municipality's or a whole town's (no area, a name instead).
    # The police's statistics of reported crimes are kept beside the survey's values (kind).
    with op.batch_alter_table('survey_value', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope_name', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('kind', sa.Enum('survey', 'police', name='publishedkind', native_enum=False, create_constraint=True), nullable=False, server_default='survey'))
        batch_op.alter_column('area_id', existing_type=sa.INTEGER(), nullable=True)
        batch_op.drop_constraint(batch_op.f('value'), type_='unique')
        batch_op.create_unique_constraint('value', ['year', 'area_id', 'indicator', 'kind'])
    with op.batch_alter_table('survey_value', schema=None) as batch_op:
        batch_op.alter_column('scope_name', server_default=None)
        batch_op.alter_column('kind', server_default=None)
    # The one area of an existing promise becomes its only area.
    op.execute(
        "INSERT INTO promise_area (promise_id, area_id) SELECT id, area_id FROM promise WHERE area_id IS NOT NULL"
    )
    # Existing rows get the defaults of a count promise; the server defaults go again below, as the
    # models set every value themselves.
    with op.batch_alter_table('promise', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.Enum('count', 'milestone', 'process', name='promisekind', native_enum=False, create_constraint=True), nullable=False, server_default='count'))
        batch_op.add_column(sa.Column('counts_only_responsible', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('starts_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('ends_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('goal_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('focus_area_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('situation', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('measure', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('effect', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('follow_up', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('milestone_done_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('milestone_reference', sa.String(length=300), nullable=False, server_default=''))
        batch_op.alter_column('target',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.drop_constraint(batch_op.f('fk_promise_area_id_area'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_promise_goal_id_promise_goal'), 'promise_goal', ['goal_id'], ['id'], ondelete='RESTRICT')
        batch_op.create_foreign_key(batch_op.f('fk_promise_focus_area_id_focus_area'), 'focus_area', ['focus_area_id'], ['id'], ondelete='RESTRICT')
        batch_op.drop_column('area_id')
    with op.batch_alter_table('promise', schema=None) as batch_op:
        for column in ('kind', 'counts_only_responsible', 'situation', 'measure', 'effect', 'follow_up',
                       'milestone_reference'):
            batch_op.alter_column(column, server_default=None)
    # The åtgärdsplan's measures.
    op.create_table('measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('horizon', sa.Enum('short', 'long', name='horizon', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('kind', sa.Enum('situational', 'social', name='measurekind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('problem', sa.String(length=300), nullable=False),
    sa.Column('effect_goal', sa.Text(), nullable=False),
    sa.Column('indicator', sa.Text(), nullable=False),
    sa.Column('follow_up_on', sa.Date(), nullable=False),
    sa.Column('promise_id', sa.Integer(), nullable=True),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', lagesbild.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['agreement_activity.id'], name=op.f('fk_measure_activity_id_agreement_activity'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_measure_organisation_id_organisation'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['promise_id'], ['promise.id'], name=op.f('fk_measure_promise_id_promise'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure'))
    )
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_year'), ['year'], unique=False)

def downgrade():
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_year'))
    op.drop_table('measure')
    # Values without an area have no place in the old schema.
    op.execute("DELETE FROM survey_value WHERE area_id IS NULL OR kind <> 'survey'")
    with op.batch_alter_table('survey_value', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('value'), type_='unique')
        batch_op.create_unique_constraint('value', ['year', 'area_id', 'indicator'])
        batch_op.alter_column('area_id', existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column('scope_name')
        batch_op.drop_constraint('publishedkind', type_='check')
        batch_op.drop_column('kind')
    # Going back keeps one area per promise (the first) and a target for every promise (1 where none).
    op.execute("UPDATE promise SET target = 1 WHERE target IS NULL")
    with op.batch_alter_table('promise', schema=None) as batch_op:
        batch_op.add_column(sa.Column('area_id', sa.INTEGER(), nullable=True))
        batch_op.drop_constraint(batch_op.f('fk_promise_goal_id_promise_goal'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_promise_focus_area_id_focus_area'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_promise_area_id_area'), 'area', ['area_id'], ['id'], ondelete='RESTRICT')
        batch_op.alter_column('target',
               existing_type=sa.INTEGER(),
               nullable=False)
    op.execute(
        "UPDATE promise SET area_id = (SELECT MIN(area_id) FROM promise_area WHERE promise_id = promise.id)"
    )
    with op.batch_alter_table('promise', schema=None) as batch_op:
        batch_op.drop_column('milestone_reference')
        batch_op.drop_column('milestone_done_on')
        batch_op.drop_column('follow_up')
        batch_op.drop_column('effect')
        batch_op.drop_column('measure')
        batch_op.drop_column('situation')
        batch_op.drop_column('goal_id')
        batch_op.drop_column('focus_area_id')
        batch_op.drop_column('ends_on')
        batch_op.drop_column('starts_on')
        batch_op.drop_column('counts_only_responsible')
        batch_op.drop_constraint('promisekind', type_='check')
        batch_op.drop_column('kind')

    op.drop_table('promise_action')
    with op.batch_alter_table('promise_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_promise_note_promise_id'))

    op.drop_table('promise_note')
    op.drop_table('promise_area')
    with op.batch_alter_table('promise_goal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_promise_goal_year'))

    op.drop_table('promise_goal')
    op.drop_table('analysis_draft')
    op.drop_table('agreement_version')
    with op.batch_alter_table('agreement_activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_activity_focus_area_id'))

    op.drop_table('agreement_activity')
    with op.batch_alter_table('focus_area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_focus_area_agreement_id'))

    op.drop_table('focus_area')
    op.drop_table('agreement')
