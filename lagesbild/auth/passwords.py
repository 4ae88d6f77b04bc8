"""Password hashing (argon2id via argon2-cffi) and the password policy."""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context

MIN_LENGTH = 12


@cache
def _hasher_and_dummy(parameters: tuple = ()) -> tuple[PasswordHasher, str]:
    """Return a hasher for these argon2id parameters and a dummy hash made with them.

    No parameters means the library's current recommended ones. The dummy hash is what an unknown
    account is verified against, with the same parameters, so timing does not reveal it.
    """
    hasher = PasswordHasher(**dict(parameters))
    return hasher, hasher.hash("lagesbild-dummy-password")


def _current() -> tuple[PasswordHasher, str]:
    # PASSWORD_HASH_PARAMETERS is empty by default; the test suite lowers it (a hash per sign-in
    # would otherwise dominate its run time), an operator could raise it.
    configured = current_app.config.get("PASSWORD_HASH_PARAMETERS") if has_app_context() else None
    return _hasher_and_dummy(tuple(sorted((configured or {}).items())))


def hash_password(password: str) -> str:
    return _current()[0].hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; an unknown account still costs one verification."""
    hasher, dummy = _current()
    try:
        return hasher.verify(password_hash or dummy, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Say whether a hash was made with other parameters than the configured ones."""
    return _current()[0].check_needs_rehash(password_hash)


# Passwords that are long enough but still among the first tried in attacks.
COMMON_PASSWORDS = frozenset(
    {
        "password1234",
        "password12345",
        "123456789012",
        "1234567890123",
        "qwertyuiopas",
        "qwerty123456",
        "lösenord1234",
        "losenord1234",
        "sommar2024!!",
        "sommar123456",
        "vinter123456",
        "hosten123456",
        "eslov1234567",
        "abcdefghijkl",
        "111111111111",
        "000000000000",
        "iloveyou1234",
        "welcome12345",
        "välkommen123",
        "valkommen123",
        "adminadmin12",
        "administrator",
        "passwordpassword",
        "lagesbild123",
        "lagesbild1234",
        "123456123456",
        "qwertyqwerty",
        "aaaaaaaaaaaa",
        "letmein12345",
        "changeme1234",
    }
)


def password_problem(password: str) -> str | None:
    """Return a Swedish message saying why a password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Lösenordet måste ha minst {MIN_LENGTH} tecken."
    if len(password) > 256:
        return "Lösenordet får ha högst 256 tecken."
    if password.lower() in COMMON_PASSWORDS or len(set(password)) < 4:
        return "Lösenordet är för vanligt eller för enkelt. Välj ett annat."
    return None
