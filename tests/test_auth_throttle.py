"""Login throttling that stops guessing without letting an attacker lock members out."""

import http.cookiejar
import threading
import urllib.parse
import urllib.request
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import func, select, update

from lagesbild import create_app
from lagesbild.config import Defaults
from lagesbild.extensions import db
from lagesbild.models import AuditEvent, LoginThrottle, Role, utcnow

from .support import PASSWORD, login

WRONG = "inte-mitt-lösenord"


def client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


@pytest.fixture
def events_all(db_read):
    return lambda: db_read(lambda session: list(session.scalars(select(AuditEvent).order_by(AuditEvent.id))))


@pytest.fixture
def events(db_read):
    def read(action: str) -> list[AuditEvent]:
        return db_read(
            lambda session: list(
                session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
            )
        )

    return read


def throttle_rows(db_read) -> int:
    return db_read(lambda session: session.scalar(select(func.count()).select_from(LoginThrottle)))


def test_sixth_attempt_after_five_failures_gets_429_then_the_window_passes(
    client, make_user, forget_failures
):
    user = make_user()
    for _ in range(5):
        assert login(client, user, WRONG).status_code == 200
    blocked = login(client, user, PASSWORD)
    assert blocked.status_code == 429
    assert "För många misslyckade inloggningsförsök" in blocked.get_data(as_text=True)

    forget_failures()
    assert login(client, user, PASSWORD).status_code == 302


def test_an_attacker_at_one_address_does_not_keep_the_chair_out_from_another(app, make_user):
    """Guessing the chair's password a second at a time stops the guesser, not the chair."""
    chair = make_user(Role.CHAIR)
    attacker = client_at(app, "198.51.100.66")
    statuses = [login(attacker, chair, f"{WRONG}-{n}").status_code for n in range(15)]
    assert statuses == [200] * 5 + [429] * 10

    assert login(client_at(app, "10.20.30.40"), chair).status_code == 302
    assert login(client_at(app, "10.20.30.41"), chair).status_code == 302
    assert login(attacker, chair).status_code == 429, "the guesser's own address stays stopped"


def test_five_failures_at_one_address_do_not_lock_out_another_account_there(app, make_user):
    """A NAT: one member's typos (or one guesser) do not keep the next member out."""
    typist, colleague = make_user(), make_user()
    nat = client_at(app, "192.0.2.10")
    for _ in range(5):
        assert login(nat, typist, WRONG).status_code == 200
    assert login(nat, typist, PASSWORD).status_code == 429
    assert login(client_at(app, "192.0.2.10"), colleague).status_code == 302
    assert login(client_at(app, "192.0.2.11"), typist).status_code == 302


def test_the_address_limit_stops_one_address_trying_many_accounts(app, make_user):
    assert (Defaults.LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS, Defaults.LOGIN_LIMIT_PER_ADDRESS) == (5, 50)
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = 8  # the default is 50; fewer password checks keep it quick
    users = [make_user() for _ in range(5)]
    guesser = client_at(app, "203.0.113.5")
    statuses = [login(guesser, user, WRONG).status_code for user in users[:4] for _ in range(2)]
    assert statuses == [200] * 8
    assert login(guesser, users[4]).status_code == 429, "the address used up its failures"
    assert login(client_at(app, "203.0.113.6"), users[4]).status_code == 302


def test_a_guesser_stopped_on_one_account_does_not_use_up_the_address(app, make_user):
    """Hammering the chair from inside the NAT does not lock the NAT out: refused tries are not failures."""
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = 8
    chair, member = make_user(Role.CHAIR), make_user()
    nat = client_at(app, "192.0.2.30")
    statuses = [login(nat, chair, WRONG).status_code for _ in range(30)]
    assert statuses == [200] * 5 + [429] * 25
    assert login(nat, member, WRONG).status_code == 200, "the sixth failure at the address, not the 31st"
    assert login(nat, member).status_code == 302


def test_counters_of_windows_long_over_are_deleted(app, client, make_user, db_read):
    login(client, make_user(), WRONG)
    with app.app_context():
        db.session.execute(
            update(LoginThrottle).values(window_started_at=utcnow() - timedelta(minutes=2, seconds=1))
        )
        db.session.commit()
    login(client, make_user())
    assert throttle_rows(db_read) == 2, "only the new sign-in's"


def test_ipv6_clients_count_by_their_64_block(app, make_user):
    """One host holds a whole /64: changing the last bits does not dodge the limit."""
    user = make_user()
    for n in range(1, 6):
        assert login(client_at(app, f"2001:db8:1:2::{n}"), user, WRONG).status_code == 200
    assert login(client_at(app, "2001:db8:1:2::99"), user).status_code == 429
    assert login(client_at(app, "2001:db8:1:3::1"), user).status_code == 302


def test_successful_logins_are_never_throttled(app, make_user):
    user = make_user()
    for _ in range(12):
        client = app.test_client()
        assert login(client, user).status_code == 302


def _post(url: str, data: dict, cookie: str = "") -> int:
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, headers={"Cookie": cookie}, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (loopback only)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _all_at_once(count: int, send) -> list[int]:
    """Run send(n) in count threads released together by a barrier; return the statuses."""
    start = threading.Barrier(count)
    statuses: list[int] = []

    def run(n: int) -> None:
        start.wait()
        statuses.append(send(n))

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


def test_forty_concurrent_wrong_guesses_get_at_most_five_password_checks(app, live_server, make_user, events):
    """The count is taken before the slow check, atomically: a burst cannot slip past the limit."""
    email = make_user(Role.CHAIR).email
    statuses = _all_at_once(
        40, lambda n: _post(f"{live_server}/logga-in", {"email": email, "password": f"{WRONG}-{n}"})
    )
    assert statuses == [200] * 5 + [429] * 35
    assert len(events("login.failure")) == 5, "each failure record is one password check"
    assert len(events("login.throttled")) == 1


def test_forty_concurrent_wrong_second_factor_codes_get_at_most_five_checks(
    app, live_server, make_user, events_all
):
    chair = make_user(Role.CHAIR, totp_secret=pyotp.random_base32(), totp_enabled=True)
    email = chair.email
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    body = urllib.parse.urlencode({"email": email, "password": PASSWORD}).encode()
    with opener.open(f"{live_server}/logga-in", data=body, timeout=120) as response:  # noqa: S310
        assert response.url.endswith("/logga-in/verifiera")
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)

    statuses = _all_at_once(
        40, lambda n: _post(f"{live_server}/logga-in/verifiera", {"code": "ABCD-EFGH-JKMN"}, cookie)
    )
    assert statuses == [200] * 5 + [429] * 35
    assert [e.action for e in events_all()] == ["login.second_factor_failure"] * 5, "refusals: no rows"


def test_a_flood_of_throttled_attempts_writes_one_audit_row(app, client, make_user, events):
    user = make_user()
    for _ in range(5):
        login(client, user, WRONG)
    for n in range(60):
        assert login(client, user, PASSWORD if n % 2 else WRONG).status_code == 429
    assert len(events("login.failure")) == 5
    [throttled] = events("login.throttled")
    assert throttled.actor_id == user.id and throttled.detail == {"per": "account_address"}


def test_an_address_over_its_limit_writes_nothing_new_per_e_mail_it_tries(app, client, events, db_read):
    """An anonymous client rotating e-mails cannot make the app write a row per request."""
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = 3
    for n in range(3):
        client.post("/logga-in", data={"email": f"gissning{n}@example.com", "password": WRONG})
    rows_before = throttle_rows(db_read)
    for n in range(3, 80):
        response = client.post("/logga-in", data={"email": f"gissning{n}@example.com", "password": WRONG})
        assert response.status_code == 429
    assert throttle_rows(db_read) == rows_before
    assert len(events("login.failure")) == 3
    [throttled] = events("login.throttled")
    assert throttled.actor_id is None and throttled.detail == {"per": "address"}


@pytest.mark.parametrize("typed", ["okand.person@example.com", "Sommar-i-Eslöv-2026!"])
def test_a_failure_with_an_unknown_e_mail_keeps_nothing_of_what_was_typed(
    app, client, typed, events_all, db_read
):
    """The "e-mail" may be a password typed into the wrong box: it must not land in the log."""
    for _ in range(6):
        client.post("/logga-in", data={"email": typed, "password": WRONG})
    logged = events_all()
    assert [e.action for e in logged] == ["login.failure"] * 5 + ["login.throttled"]
    assert all(e.actor_id is None and e.detail in (None, {"per": "account_address"}) for e in logged)
    stored = repr([(e.before, e.after, e.detail) for e in logged])
    stored += repr(
        db_read(lambda session: [(r.key, r.scope) for r in session.scalars(select(LoginThrottle))])
    )
    for fragment in (typed, typed.lower(), "okand", "sommar", "127.0.0.1"):
        assert fragment not in stored.lower()


def test_a_failure_for_a_known_account_names_the_account(client, make_user, events):
    user = make_user(email="Kim.Berg@Example.com")
    login(client, user, WRONG)
    [failure] = events("login.failure")
    assert failure.actor_id == user.id and failure.detail == {"email": "Kim.Berg@Example.com"}


# --- reverse proxies ---------------------------------------------------------------------------


@pytest.fixture
def app_behind_proxy(app, app_config):
    """The same install with LAGESBILD_PROXY_FIX=1 (one trusted proxy)."""
    proxied = create_app({**app_config, "PROXY_FIX": 1})
    yield proxied
    with proxied.app_context():
        db.session.remove()
        db.engine.dispose()


def _wrong_login_via_proxy(application, user, forwarded_for: str):
    client = application.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.0.0.2"  # the proxy
    client.post(
        "/logga-in",
        data={"email": user.email, "password": WRONG},
        headers={"X-Forwarded-For": forwarded_for, "X-Forwarded-Proto": "https"},
    )


def test_behind_a_trusted_proxy_the_forwarded_client_address_is_logged_and_counted(
    app, app_behind_proxy, make_user, events
):
    user = make_user()
    # A client can send its own X-Forwarded-For; the proxy appends the real address last.
    for _ in range(5):
        _wrong_login_via_proxy(app_behind_proxy, user, "10.9.9.9, 198.51.100.23")
    [address] = {e.client_address for e in events("login.failure")}
    assert address == "198.51.100.23"
    # Without the setting (the default) the same headers are ignored: anyone could send them.
    _wrong_login_via_proxy(app, make_user(), "198.51.100.23")
    assert events("login.failure")[-1].client_address == "10.0.0.2"

    other = app_behind_proxy.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.2"
    response = login_via(other, user, "198.51.100.24")
    assert response.status_code == 302, "another client behind the same proxy is not throttled"


def login_via(client, user, forwarded_for: str):
    return client.post(
        "/logga-in",
        data={"email": user.email, "password": PASSWORD},
        headers={"X-Forwarded-For": forwarded_for},
    )


def test_behind_a_trusted_proxy_links_use_the_configured_address_never_a_forwarded_host(
    app_behind_proxy, make_user, make_org
):
    coordinator, org = make_user(Role.COORDINATOR), make_org()
    email, org_id = coordinator.email, org.id
    admin = app_behind_proxy.test_client()
    headers = {
        "X-Forwarded-For": "198.51.100.30",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "evil.example",
    }
    admin.post("/logga-in", data={"email": email, "password": PASSWORD}, headers=headers)
    created = admin.post(
        "/admin/anvandare/ny",
        data={
            "display_name": "Ny",
            "email": "ny@example.com",
            "organisation_id": org_id,
            "role": "member",
        },
        headers=headers,
    )
    page = admin.get(created.headers["Location"], headers=headers).get_data(as_text=True)
    assert app_behind_proxy.config["BASE_URL"] + "/konto/aktivera/" in page
    assert "evil.example" not in page


@pytest.mark.parametrize("value", ["ja", -1, True, 1.5])
def test_a_proxy_fix_setting_that_is_not_a_count_stops_the_start(app_config, value):
    with pytest.raises(ValueError, match="PROXY_FIX"):
        create_app({**app_config, "PROXY_FIX": value})
