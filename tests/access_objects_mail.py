"""Access-matrix placeholders for mail: an unsubscribe token and a calendar address of the member, and
a failed message in the outbox."""

from lagesbild.extensions import db
from lagesbild.mail import operations, preferences
from lagesbild.models import MailKind, MailStatus, OutboxMessage

from .access_objects import World, placeholder


@placeholder("unsubscribe.member")
def _unsubscribe_token(world: World):
    return preferences.unsubscribe_token(world.member, MailKind.SUMMARY)


@placeholder("calendar.member")
def _calendar_token(world: World):
    raw = operations.new_calendar_feed(db.session, world.member)
    db.session.commit()
    return raw


@placeholder("outbox.failed")
def _failed_message(world: World):
    message = OutboxMessage(
        kind=MailKind.SUMMARY,
        event_key="summary:0",
        user_id=world.member.id,
        recipient=world.member.email,
        message_id="<access-matrix@lagesbild.invalid>",
        subject="Lägesbild v. 47 2026: mötet är avslutat",
        body_text="Mötet är avslutat.",
        body_html="<p>Mötet är avslutat.</p>",
        status=MailStatus.FAILED,
    )
    db.session.add(message)
    db.session.commit()
    return message.id
