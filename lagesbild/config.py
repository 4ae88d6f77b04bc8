"""Configuration layers: these defaults, then instance/config.py, then LAGESBILD_* environment
variables, then the test config passed to create_app()."""

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

ENV_PREFIX = "LAGESBILD_"


class Defaults:
    # SQLALCHEMY_DATABASE_URI is derived from the instance path when not configured.
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLITE_BUSY_TIMEOUT_S = 30

    HOST = "127.0.0.1"
    PORT = 5000

    # The weekday the group meets on (ISO: 1 = Monday … 7 = Sunday).
    MEETING_WEEKDAY = 5

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
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)

    # argon2id parameters (time_cost, memory_cost in KiB, parallelism); empty means the library's current
    # recommended ones (RFC 9106, low memory). Sign-in rehashes a password whose hash has other ones.
    PASSWORD_HASH_PARAMETERS: dict = {}

    # Second factor for chairs and coordinators; off by default so the demo logins work as shown.
    REQUIRE_TOTP_FOR_PRIVILEGED = False

    WTF_CSRF_TIME_LIMIT = 3600
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024

    # Count limit below which public aggregates are suppressed ("<3").
    PUBLIC_MIN_COUNT = 3


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
        instance_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()
