"""Argon2id parameters: the recommended ones unless configured; sign-in rehashes to the configured ones."""

from argon2 import PasswordHasher, extract_parameters
from argon2.profiles import RFC_9106_LOW_MEMORY

from lagesbild import create_app
from lagesbild.auth.passwords import hash_password, verify_password
from lagesbild.models import Role, User

from .support import PASSWORD, login


def _stored(db_read, user) -> tuple[int, int, int]:
    parameters = extract_parameters(db_read(lambda session: session.get(User, user.id).password_hash))
    return parameters.time_cost, parameters.memory_cost, parameters.parallelism


def test_an_install_hashes_with_argon2s_recommended_parameters(app_config):
    """What the test suite lowers stays at the recommended strength on a real install."""
    production = {key: value for key, value in app_config.items() if key != "PASSWORD_HASH_PARAMETERS"}
    app = create_app(production)
    assert app.config["PASSWORD_HASH_PARAMETERS"] == {}
    with app.app_context():
        stored = hash_password(PASSWORD)
        assert verify_password(stored, PASSWORD) and not verify_password(stored, PASSWORD + "x")
    parameters = extract_parameters(stored)
    assert (parameters.time_cost, parameters.memory_cost, parameters.parallelism) == (
        RFC_9106_LOW_MEMORY.time_cost,
        RFC_9106_LOW_MEMORY.memory_cost,
        RFC_9106_LOW_MEMORY.parallelism,
    )


def test_sign_in_rehashes_a_password_to_the_configured_parameters(app, client, make_user, db_read):
    """docs/security.md: hashes are upgraded on the next sign-in when the parameters change."""
    user = make_user(Role.MEMBER)
    before = _stored(db_read, user)
    app.config["PASSWORD_HASH_PARAMETERS"] = {"time_cost": 2, "memory_cost": 2048, "parallelism": 2}
    assert login(client, user).status_code == 302
    assert _stored(db_read, user) == (2, 2048, 2) != before
    client.post("/logga-ut")
    assert login(client, user).status_code == 302  # the new hash verifies the same password


def test_an_unknown_account_is_verified_against_a_hash_with_the_configured_parameters(app):
    """Timing does not reveal which accounts exist: the dummy hash costs what a real one costs."""
    from lagesbild.auth import passwords

    app.config["PASSWORD_HASH_PARAMETERS"] = {"time_cost": 2, "memory_cost": 4096, "parallelism": 1}
    with app.app_context():  # as in a request: the configured parameters come from current_app
        assert not verify_password(None, PASSWORD)
        _, dummy = passwords._current()
    assert extract_parameters(dummy) == extract_parameters(PasswordHasher(2, 4096, 1).hash("x"))
