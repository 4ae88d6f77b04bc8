"""Counters for login throttling: one row per key (an account at an address, an address, an account's
second factor), holding the attempts in the key's current one-minute window."""

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class LoginThrottle(Base):
    __tablename__ = "login_throttle"

    # HMAC-SHA-256 (keyed with the secret key) of the scope and what is counted, so the table holds
    # neither the e-mail typed nor the address in clear.
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    # "account_address" (an account or unknown e-mail at an address), "address" or "second_factor".
    scope: Mapped[str] = mapped_column(String(20))
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Attempts let through to the password (or code) check in this window and not given back.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Attempts refused in this window; only the first of them is audited.
    refused: Mapped[int] = mapped_column(Integer, default=0)
