"""The meeting room: a version check on agenda notes, the reason for an early close, replaced records

Revision ID: 0005
Revises: 0008
Create Date: 2026-11-30 12:20:00

`meeting.notes_version` lets two people edit a meeting's notes without overwriting each other;
`meeting.close_reason` keeps why a meeting was closed before its day (free text, never in events);
`meeting_record_version` keeps a frozen record the chair replaced by reopening the meeting.
"""
from alembic import op
import sqlalchemy as sa

import lagesbild.models.base


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notes_version', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('close_reason', sa.Text(), nullable=True))

    op.create_table('meeting_record_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('snapshot_json', sa.Text(), nullable=False),
    sa.Column('closed_at', lagesbild.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_by_id', sa.Integer(), nullable=False),
    sa.Column('reopened_at', lagesbild.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reopened_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['closed_by_id'], ['user_account.id'], name=op.f('fk_meeting_record_version_closed_by_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_record_version_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reopened_by_id'], ['user_account.id'], name=op.f('fk_meeting_record_version_reopened_by_id_user_account'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_record_version')),
    sa.UniqueConstraint('meeting_id', 'version', name='meeting_version')
    )


def downgrade():
    op.drop_table('meeting_record_version')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('close_reason')
        batch_op.drop_column('notes_version')
