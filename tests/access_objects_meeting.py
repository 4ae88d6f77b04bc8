"""Access-matrix placeholders for the weekly lägesbild: the current week, meetings, agenda items, actions."""

from lagesbild import periods
from lagesbild.extensions import db
from lagesbild.meeting import operations
from lagesbild.models import ActionStatus

from .access_objects import World, placeholder


def _period(weeks_back: int):
    return (
        periods.period_containing(periods.today_local()).previous(weeks_back)
        if weeks_back
        else periods.period_containing(periods.today_local())
    )


@placeholder("week.current")
def _current_week(world: World):
    return _period(0).slug


@placeholder("meeting.open")
def _open_meeting(world: World):
    meeting = operations.open_meeting(db.session, _period(1), world.chair)
    db.session.commit()
    return meeting.id


@placeholder("meeting.closed")
def _closed_meeting(world: World):
    period = _period(2)
    meeting = operations.open_meeting(db.session, period, world.chair)
    operations.close_meeting(db.session, meeting, period, world.chair)
    db.session.commit()
    return meeting.id


@placeholder("agenda.open")
def _agenda_item(world: World):
    from lagesbild.models import Meeting

    meeting = db.session.get(Meeting, world.resolve("meeting.open"))
    return meeting.agenda_items[0].id


@placeholder("action.open")
def _open_action(world: World):
    from lagesbild.models import Meeting

    meeting = db.session.get(Meeting, world.resolve("meeting.open"))
    action = operations.add_action(
        db.session,
        meeting,
        world.chair,
        title="Trygghetsvandring",
        description="",
        area_id=None,
        place_id=None,
        owner_organisation_id=world.org_b.id,
        due_on=None,
        status=ActionStatus.OPPEN,
        observation_ids=[],
    )
    db.session.commit()
    return action.id
