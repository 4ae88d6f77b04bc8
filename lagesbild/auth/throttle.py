"""Login throttling with counters an attacker cannot turn against members.

Failed sign-ins are counted per key in `login_throttle` (one row per key, one-minute windows):

- **account_address**: one account (or one unknown e-mail) at one client address,
  LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS (5) a minute. A guesser at address A is stopped on that
  account without touching the same account from address B: the member signs in from B as usual.
- **address**: one client address over all accounts, LOGIN_LIMIT_PER_ADDRESS (50) a minute, so one
  address cannot try many accounts, while a municipality's NAT full of members is not locked out by
  a few typos. IPv6 addresses count by their /64 (one host holds a whole /64).

A window starts at the key's first counted attempt and lasts WINDOW; after it the count starts over,
so there is no lasting lockout. An attempt is counted *before* the password is checked: one atomic
upsert per key (`INSERT … ON CONFLICT DO UPDATE … WHERE attempts < limit RETURNING`, a row lock on
PostgreSQL, the write lock on SQLite) either takes a slot or refuses, so concurrent guesses cannot pass
the limit. A correct password gives its slots back, so only failures count. A refused attempt is never
checked (no hash work) and only the first refusal of a key in a window is audited (`login.throttled`).

Wrong second-factor codes are counted per account (SECOND_FACTOR_LIMIT a window): the check locks the
account's row and the failure is counted in the same transaction, as the code check is fast.

Keys are HMAC-SHA-256 with the secret key, so the table holds neither the e-mail typed nor the address.
"""

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import case, delete, literal, or_, update
from sqlalchemy.dialects import postgresql, sqlite

from lagesbild.extensions import db
from lagesbild.models import LoginThrottle, utcnow
from lagesbild.models.base import UTCDateTime

WINDOW = timedelta(minutes=1)
SECOND_FACTOR_LIMIT = 5
_table = LoginThrottle.__table__
THROTTLED_MESSAGE = "För många misslyckade inloggningsförsök. Vänta en minut och försök sedan igen."


@dataclass(frozen=True)
class Slot:
    """One counted attempt: the key's row and the window it was counted in."""

    key: str
    window_started_at: datetime


@dataclass
class LoginDecision:
    # Slots taken for this attempt, given back when the password is right.
    slots: list[Slot] = field(default_factory=list)
    # "account_address" or "address" when refused, else None.
    refused_by: str | None = None
    # The key's first refusal in its window: the one that is audited.
    first_refusal: bool = False

    @property
    def allowed(self) -> bool:
        return self.refused_by is None


def account_key(user_id: int | None, email: str) -> str:
    """What the pair counts by: the account, or the (normalised) e-mail when no account has it."""
    return f"user:{user_id}" if user_id is not None else f"email:{email}"


def address_key(address: str) -> str:
    """Count IPv6 clients by their /64, IPv4 (also when mapped into IPv6) by the address."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def reserve_login(account: str, address: str) -> LoginDecision:
    """Count one sign-in attempt for the address and the (account, address) pair, or refuse it.

    The address is counted first, so an address over its limit never creates a row per e-mail it
    tries. The caller commits before the slow password check (the slots are then visible to every
    concurrent attempt) and gives the slots back with give_back() when the password is right.
    """
    config = current_app.config
    _purge_expired()
    address = address_key(address)
    by_address = _take("address", address, config["LOGIN_LIMIT_PER_ADDRESS"])
    if by_address is None:
        return _refuse("address", address)
    by_pair = _take("account_address", f"{account}\n{address}", config["LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS"])
    if by_pair is None:
        # The attempt is not checked, so it does not use up the address's allowance either.
        give_back([by_address])
        return _refuse("account_address", f"{account}\n{address}")
    return LoginDecision(slots=[by_address, by_pair])


def give_back(slots: list[Slot]) -> None:
    """Return slots (a correct password), unless their window has started over since."""
    for slot in slots:
        db.session.execute(
            update(_table)
            .where(
                _table.c.key == slot.key,
                _table.c.window_started_at == slot.window_started_at,
                _table.c.attempts > 0,
            )
            .values(attempts=_table.c.attempts - 1)
        )


def second_factor_blocked(user_id: int) -> bool:
    """Say whether the account used up its wrong second-factor codes for the window.

    The account's row stays locked until the request commits, so the check and the failure that
    second_factor_failed() counts are one step for concurrent requests.
    """
    attempts = _lock_window("second_factor", f"user:{user_id}")
    return attempts >= SECOND_FACTOR_LIMIT


def second_factor_failed(user_id: int) -> None:
    """Count a wrong second-factor code (after second_factor_blocked() in the same transaction)."""
    db.session.execute(
        update(_table)
        .where(_table.c.key == _key("second_factor", f"user:{user_id}"))
        .values(attempts=_table.c.attempts + 1)
    )


def _key(scope: str, material: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"{scope}\n{material}".encode(), hashlib.sha256).hexdigest()


def _upsert(scope: str, key: str, now: datetime, attempts: int):
    """INSERT … ON CONFLICT for the backend; the first attempt of a key makes its row."""
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    return insert(_table).values(key=key, scope=scope, window_started_at=now, attempts=attempts, refused=0)


def _take(scope: str, material: str, limit: int) -> Slot | None:
    """Take one slot of the key's window in one atomic statement; None when the window is full."""
    key = _key(scope, material)
    now = utcnow()
    expired, values = _next_window(now, attempts=1, counted=_table.c.attempts + 1)
    statement = (
        _upsert(scope, key, now, attempts=1)
        .on_conflict_do_update(
            index_elements=[_table.c.key], set_=values, where=or_(expired, _table.c.attempts < limit)
        )
        .returning(_table.c.window_started_at)
    )
    started = db.session.execute(statement).scalar_one_or_none()
    return Slot(key, started) if started is not None else None


def _refuse(scope: str, material: str) -> LoginDecision:
    refused = db.session.execute(
        update(_table)
        .where(_table.c.key == _key(scope, material))
        .values(refused=_table.c.refused + 1)
        .returning(_table.c.refused)
    ).scalar_one()
    return LoginDecision(refused_by=scope, first_refusal=refused == 1)


def _lock_window(scope: str, material: str) -> int:
    """Lock the key's row (starting a new window when the last one is over); return its attempts."""
    key = _key(scope, material)
    now = utcnow()
    _, values = _next_window(now, attempts=0, counted=_table.c.attempts)
    statement = (
        _upsert(scope, key, now, attempts=0)
        .on_conflict_do_update(index_elements=[_table.c.key], set_=values)
        .returning(_table.c.attempts)
    )
    return db.session.execute(statement).scalar_one()


def _next_window(now: datetime, *, attempts: int, counted):
    """The window test and the row's new values: a new window (with `attempts`) once the last one is
    over, else the same window with `counted` attempts."""
    expired = _table.c.window_started_at <= now - WINDOW
    values = {
        "window_started_at": case((expired, literal(now, UTCDateTime())), else_=_table.c.window_started_at),
        "attempts": case((expired, attempts), else_=counted),
        "refused": case((expired, 0), else_=_table.c.refused),
    }
    return expired, values


def _purge_expired() -> None:
    """Delete rows whose window is long over (a later attempt would start them over anyway)."""
    db.session.execute(delete(_table).where(_table.c.window_started_at <= utcnow() - 2 * WINDOW))
