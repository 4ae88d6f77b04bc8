"""Mail between meetings: the outbox, who wants which kind of message, and private calendar feeds."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accounts import User
from .base import Base, UTCDateTime, enum_column, utcnow
from .enums import LabelledEnum
from .reference import Organisation


class MailKind(LabelledEnum):
    REMINDER = ("reminder", "Påminnelse inför mötet")
    SUMMARY = ("summary", "Sammanfattning efter mötet")
    ACTION_NEW = ("action_new", "Ny åtgärd för din organisation")
    ACTION_DUE = ("action_due", "Åtgärd som ska vara klar om tre dagar")
    ACTION_OVERDUE = ("action_overdue", "Försenad åtgärd")
    WEEKLY = ("weekly", "Veckobrev till samordnaren")
    ACCOUNT = ("account", "Inbjudan och nytt lösenord")
    WALK_REPORT = ("walk_report", "Rapport från trygghetsvandring")

    @property
    def optional(self) -> bool:
        """Whether people may turn the kind off (an invite or reset link is only sent when asked for)."""
        return self is not MailKind.ACCOUNT


class MailStatus(LabelledEnum):
    WAITING = ("waiting", "Väntar")
    SENT = ("sent", "Skickat")
    FAILED = ("failed", "Misslyckades")
    # Claimed by a run that stopped before it recorded the outcome: it may or may not have been sent,
    # so it is never sent again by itself (that could send it twice); the coordinator decides.
    INTERRUPTED = ("interrupted", "Avbrutet, okänt om det skickades")
    CANCELLED = ("cancelled", "Stoppat (avregistrerat)")


class OutboxMessage(Base):
    """One message to one person, written in the transaction of the event that causes it.

    `event_key` names the event ("reminder:2026-48", "action_new:12"); with the recipient it is unique,
    so one event never queues a second message to the same person. `claimed_by`/`claimed_at` is the
    lease of the run that is delivering it (lagesbild/mail/delivery.py).
    """

    __tablename__ = "outbox_message"
    __table_args__ = (UniqueConstraint("event_key", "user_id", name="event_recipient"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MailKind] = mapped_column(enum_column(MailKind), index=True)
    event_key: Mapped[str] = mapped_column(String(120))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"), index=True)
    recipient: Mapped[str] = mapped_column(String(254))
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    subject: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[MailStatus] = mapped_column(
        enum_column(MailStatus), default=MailStatus.WAITING, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set (and committed) just before the message goes to the SMTP server: a lease that ran out
    # without it was never handed over, and is safe to send again.
    handed_over_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(300))

    user: Mapped[User] = relationship()


class MailPreference(Base):
    """A user's own choice for one kind; without a row the organisation's default holds."""

    __tablename__ = "mail_preference"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[MailKind] = mapped_column(enum_column(MailKind), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class MailDefault(Base):
    """The coordinator's default for one organisation and kind; without a row every kind is on."""

    __tablename__ = "mail_default"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[MailKind] = mapped_column(enum_column(MailKind), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)

    organisation: Mapped[Organisation] = relationship()


class CalendarFeed(Base):
    """A user's private calendar address; only the token's SHA-256 is stored, revoking ends it."""

    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
