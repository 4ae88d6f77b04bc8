"""Configuration layers: these defaults, then instance/config.py, then LAGESBILD_* environment
variables, then the test config passed to create_app()."""

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

from lagesbild.storage import private_folder, write_private_file

# The checkout: templates, static files, migrations and the sample files live beside the package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

ENV_PREFIX = "LAGESBILD_"


class Defaults:
    # SQLALCHEMY_DATABASE_URI is derived from the instance path when not configured.
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLITE_BUSY_TIMEOUT_S = 30

    HOST = "127.0.0.1"
    PORT = 5000
    # `serve`'s worker processes; None: one per core (os.cpu_count()).
    WORKERS: int | None = None

    # The weekday the group meets on (ISO: 1 = Monday … 7 = Sunday).
    MEETING_WEEKDAY = 5
    # A member edits and withdraws own observations until the meeting of their period is closed, and
    # never once that meeting day lies more than this many weeks back (even when no meeting was held).
    MEMBER_EDIT_WEEKS = 4

    # Map tiles are the only network resource the app needs at run time.
    TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    TILE_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    MAP_CENTER = (55.8375, 13.3036)

    # Sessions: server-side records, see lagesbild/auth.
    SESSION_COOKIE_NAME = "lagesbild_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_IDLE_TIMEOUT = timedelta(minutes=60)
    SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)
    # The cookie is sent only by a response that changed the session (sign-in, a flash, the secret
    # being enrolled), never again with every answer: a browser applies every Set-Cookie in the order
    # the answers arrive, and the late answer to a request sent earlier (a favicon, a keep-alive) put
    # back the session as it was then. Activity is kept on the server-side record, not in the cookie;
    # the cookie lives as long as a session may (create_app sets PERMANENT_SESSION_LIFETIME from
    # SESSION_ABSOLUTE_LIFETIME).
    SESSION_REFRESH_EACH_REQUEST = False
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)

    # The site's address as members reach it (scheme and host, e.g. "https://lagesbild.eslov.se");
    # invite and reset links start with it. Unset, no link is made (never the request's Host header).
    BASE_URL: str | None = None

    # Login throttling (lagesbild/auth/throttle.py): failed sign-ins a minute for one account (or
    # unknown e-mail) at one client address, and for one client address over all accounts. Raise the
    # second for a NAT that many members share.
    LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS = 5
    LOGIN_LIMIT_PER_ADDRESS = 50

    # How many reverse proxies in front of the app set X-Forwarded-For and X-Forwarded-Proto (werkzeug's
    # ProxyFix trusts that many hops); 0 = none, the peer address is the client.
    PROXY_FIX = 0

    # Rows on one page of every paged list (lagesbild/paging.py) and in one /iakttagelser.json page.
    PAGE_SIZE = 50

    # argon2id parameters (time_cost, memory_cost in KiB, parallelism); empty means the library's current
    # recommended ones (RFC 9106, low memory). Sign-in rehashes a password whose hash has other ones.
    PASSWORD_HASH_PARAMETERS: dict = {}

    # Second factor for chairs and coordinators; off by default so the demo logins work as shown.
    REQUIRE_TOTP_FOR_PRIVILEGED = False

    # The CSRF token lives as long as the browser's session: the server-side session record ends it
    # after SESSION_IDLE_TIMEOUT / SESSION_ABSOLUTE_LIFETIME, and signing in or out starts a new one.
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024

    # Count limit below which public aggregates are suppressed ("<3").
    PUBLIC_MIN_COUNT = 3

    # Gallring (`flask --app lagesbild gallra`, lagesbild/records/): whole years after which an
    # observation's free text (every column marked FREE_TEXT) is removed, and after which the observation
    # itself, and so its count, is removed. Override e.g. with LAGESBILD_RETENTION_FREE_TEXT_YEARS=3.
    RETENTION_FREE_TEXT_YEARS = 2
    RETENTION_OBSERVATION_YEARS = 10
    # Mail (lagesbild/mail): without MAIL_SERVER messages stay in the outbox, readable under Utskick.
    # MAIL_USE_TLS means STARTTLS on MAIL_PORT. `flask --app lagesbild utskick` delivers what is due.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_SENDER = "Lägesbild <lagesbild@localhost>"
    MAIL_TIMEOUT_S = 30
    # The reminder to organisations that have not reported: days before the meeting, local time.
    MAIL_REMINDER_DAYS_BEFORE = 1
    MAIL_REMINDER_TIME = "09:00"
    # The coordinator's weekly note: ISO weekday (1 = Monday), from 08.00 local time.
    MAIL_WEEKLY_WEEKDAY = 1
    # A run holds a message this long while it delivers it; a longer hold means the run stopped.
    MAIL_LEASE_MINUTES = 10
    # Temporary SMTP failures are retried after 5, 10, 20 … minutes; after this many, it failed for good.
    MAIL_MAX_ATTEMPTS = 6


def _coerce(raw: str):
    """Read an environment value as JSON when it parses (numbers, booleans, lists), else as text."""
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def environment_overrides(environ=os.environ) -> dict:
    """Return LAGESBILD_* variables as config keys (LAGESBILD_PORT -> PORT)."""
    overrides = {
        key.removeprefix(ENV_PREFIX): _coerce(value)
        for key, value in environ.items()
        if key.startswith(ENV_PREFIX) and not key.startswith(ENV_PREFIX + "TEST_")
    }
    if "DATABASE_URL" in overrides:
        overrides["SQLALCHEMY_DATABASE_URI"] = str(overrides.pop("DATABASE_URL"))
    return overrides


def ensure_secret_key(instance_path: Path) -> str:
    """Return the instance secret key, generating it on first run; it never lives in the repo."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        private_folder(instance_path)
        write_private_file(key_file, secrets.token_hex(32).encode("ascii"))
    return key_file.read_text().strip()
