"""Deliver the outbox over SMTP: each message at most once, retried with back-off, failures shown.

A run claims one message at a time with a lease (`claimed_by`, `claimed_at`): a conditional UPDATE
that only changes a waiting, unclaimed row (`lagesbild/auth/once.py`, the house pattern), committed
before anything else, so two runs never send the same message. Just before the message goes to the
SMTP server, `handed_over_at` is committed; the outcome is committed right after the server answers.
A run that stops (killed, crashed, power cut) leaves its claim behind until the lease runs out. Not yet
handed over: the lease is released and the message is sent by a later run. Handed over (or the
connection broke without an answer): it may already be in the recipient's mailbox, and a second copy
is what must never happen, so it is marked *interrupted* and never sent again by itself. The
coordinator sees it under Utskick and may queue it again; it keeps its Message-ID, so a receiving
system that has the first copy can tell the two apart.

Temporary failures (no connection, 4xx answers) are retried after 5, 10, 20 … minutes, up to
MAIL_MAX_ATTEMPTS attempts; a permanent one (5xx) fails at once. A failed message is shown to the
coordinator under Utskick, on the start page and in the weekly note.
"""

import os
import smtplib
import socket
import ssl
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from lagesbild.auth import once
from lagesbild.models import MailKind, MailStatus, OutboxMessage, utcnow

from . import links, preferences
from .outbox import unsubscribe_url

FIRST_RETRY = timedelta(minutes=5)
# An invite or reset link is a key to an account: its text leaves the outbox once the attempt is over.
LINK_REMOVED = "(Länken är borttagen ur utkorgen när utskicket var klart.)"


class MailNotConfigured(Exception):
    """No mail server or no site address: nothing can be sent."""


@dataclass
class RunReport:
    sent: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    interrupted: int = 0


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def due_messages(session: Session, now: datetime) -> list[OutboxMessage]:
    """Waiting, unclaimed messages whose time has come, oldest first."""
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.status == MailStatus.WAITING,
                OutboxMessage.claimed_by.is_(None),
                OutboxMessage.next_attempt_at <= now,
            )
            .order_by(OutboxMessage.id)
        )
    )


def expire_leases(session: Session, now: datetime) -> int:
    """End the leases that ran out without an outcome; return how many messages are now interrupted.

    Not yet handed to the server: the lease is simply released, and the message is sent as usual.
    Handed over: it may have been delivered, so it is marked interrupted and never sent again by itself.
    """
    lease = timedelta(minutes=current_app.config["MAIL_LEASE_MINUTES"])
    stale = select(OutboxMessage).where(
        OutboxMessage.status == MailStatus.WAITING,
        OutboxMessage.claimed_by.is_not(None),
        OutboxMessage.claimed_at < now - lease,
    )
    interrupted = 0
    for message in session.scalars(stale).all():
        still_theirs = (OutboxMessage.id == message.id, OutboxMessage.claimed_by == message.claimed_by)
        if message.handed_over_at is None:
            once.claim(OutboxMessage, *still_theirs, claimed_by=None, claimed_at=None)
        elif once.claim(
            OutboxMessage,
            *still_theirs,
            status=MailStatus.INTERRUPTED,
            claimed_by=None,
            last_error="Utskicket avbröts medan meddelandet lämnades till e-postservern.",
            **_forget_link(message),
        ):
            interrupted += 1
    return interrupted


def _forget_link(message: OutboxMessage) -> dict:
    return {"body_text": LINK_REMOVED, "body_html": LINK_REMOVED} if message.kind is MailKind.ACCOUNT else {}


def claim(session: Session, message: OutboxMessage, worker: str, now: datetime) -> bool:
    """Take the lease on `message`; False when another run has it (or it is no longer waiting)."""
    return once.claim(
        OutboxMessage,
        OutboxMessage.id == message.id,
        OutboxMessage.status == MailStatus.WAITING,
        OutboxMessage.claimed_by.is_(None),
        claimed_by=worker,
        claimed_at=now,
    )


def build_email(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = str(current_app.config["MAIL_SENDER"])
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = message.message_id
    email["Date"] = format_datetime(message.created_at)
    email["Auto-Submitted"] = "auto-generated"
    if message.kind.optional:
        # RFC 8058: a mail client may POST "List-Unsubscribe=One-Click" to this address, no sign-in.
        email["List-Unsubscribe"] = f"<{unsubscribe_url(message.user, message.kind)}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(message.body_text)
    email.add_alternative(message.body_html, subtype="html")
    return email


def _connect() -> smtplib.SMTP:
    config = current_app.config
    server = smtplib.SMTP(
        str(config["MAIL_SERVER"]), int(config["MAIL_PORT"]), timeout=config["MAIL_TIMEOUT_S"]
    )
    if config.get("MAIL_USE_TLS"):
        server.starttls(context=ssl.create_default_context())
    if config.get("MAIL_USERNAME"):
        server.login(str(config["MAIL_USERNAME"]), str(config.get("MAIL_PASSWORD") or ""))
    return server


def _permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    code = getattr(error, "smtp_code", 0)
    return isinstance(error, smtplib.SMTPResponseException) and code >= 500 and code != 535


def _error_text(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:300]


def _finish(session: Session, message: OutboxMessage, worker: str, **values) -> None:
    """Record the outcome and give the lease back (only ours: the row still names this run)."""
    once.claim(
        OutboxMessage,
        OutboxMessage.id == message.id,
        OutboxMessage.claimed_by == worker,
        claimed_by=None,
        **values,
    )
    session.commit()


def _mark_handed_over(session: Session, message: OutboxMessage, worker: str) -> None:
    once.claim(
        OutboxMessage,
        OutboxMessage.id == message.id,
        OutboxMessage.claimed_by == worker,
        handed_over_at=utcnow(),
    )
    session.commit()


def _record_failure(
    session: Session, message: OutboxMessage, worker: str, error: Exception, now: datetime, report: RunReport
) -> None:
    attempts = message.attempts + 1
    # Either way the attempt is counted, the message is not handed over and the error is kept.
    failed = {"attempts": attempts, "handed_over_at": None, "last_error": _error_text(error)}
    if _permanent(error) or attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        _finish(session, message, worker, status=MailStatus.FAILED, **failed, **_forget_link(message))
        report.failed.append(message.id)
    else:
        retry_at = now + FIRST_RETRY * 2 ** (attempts - 1)
        _finish(session, message, worker, next_attempt_at=retry_at, **failed)
        report.retry.append(message.id)


def deliver_due(
    session: Session, now: datetime | None = None, after_send: Callable[[OutboxMessage], None] | None = None
) -> RunReport:
    """Send every message that is due now; commit after each claim and each outcome.

    `after_send` runs between the server's acceptance and the recorded outcome: where a crash is most
    harmful, so the tests inject one there.
    """
    if not configured():
        raise MailNotConfigured("Ingen e-postserver är inställd (LAGESBILD_MAIL_SERVER).")
    if links.base_url() is None:
        raise MailNotConfigured("Webbplatsens adress saknas (LAGESBILD_BASE_URL); länkarna kan inte göras.")
    now = now or utcnow()
    report = RunReport(interrupted=expire_leases(session, now))
    session.commit()
    worker = worker_name()
    server: smtplib.SMTP | None = None
    try:
        for message in due_messages(session, now):
            if not claim(session, message, worker, now):
                continue
            session.commit()
            if not preferences.wants(session, message.user, message.kind):
                _finish(session, message, worker, status=MailStatus.CANCELLED)
                report.cancelled.append(message.id)
                continue
            email = build_email(message)
            session.commit()  # no transaction (nor SQLite's write lock) is held while the server talks
            try:
                server = server or _connect()
            except (smtplib.SMTPException, OSError) as error:
                _record_failure(session, message, worker, error, now, report)
                break  # the server or the connection is the problem: the rest wait for the next run
            _mark_handed_over(session, message, worker)
            try:
                server.send_message(email)
            except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused) as error:
                # The server answered no: the message was not delivered, so it may be tried again.
                _record_failure(session, message, worker, error, now, report)
                if not isinstance(error, smtplib.SMTPRecipientsRefused):
                    server = _close(server)
                    break
                continue
            except (smtplib.SMTPException, OSError) as error:
                # No answer after the message was handed over: it may have been delivered.
                _finish(
                    session, message, worker, status=MailStatus.INTERRUPTED, last_error=_error_text(error)
                )
                report.interrupted += 1
                server = _close(server)
                break
            if after_send is not None:
                after_send(message)
            _finish(
                session,
                message,
                worker,
                status=MailStatus.SENT,
                sent_at=utcnow(),
                attempts=message.attempts + 1,
                last_error=None,
                **_forget_link(message),
            )
            report.sent.append(message.id)
    finally:
        _close(server)
    return report


def _close(server: smtplib.SMTP | None) -> None:
    if server is not None:
        try:
            server.quit()
        except (smtplib.SMTPException, OSError):
            server.close()
    return None
