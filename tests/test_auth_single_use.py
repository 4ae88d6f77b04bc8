"""Single use under a race: the same code or link sent by ten clients at once is accepted once.

Each client runs in its own thread with its own database connection; a barrier releases them all
right before the submit, so the requests really overlap. On PostgreSQL (READ COMMITTED) every request
reads the code or link as unused, so only a conditional write can let exactly one of them through.
Runs on SQLite and PostgreSQL.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from lagesbild.models import AuditEvent, Role, User

from .support import login

CLIENTS = 10
CHOSEN = "en-egen-fras-om-bangatan-och-torget"


def race(clients, submit) -> list[int]:
    """Let every client submit at the same moment; return the status codes."""
    barrier = threading.Barrier(len(clients))

    def run(client):
        barrier.wait()
        return submit(client).status_code

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return list(pool.map(run, clients))


@pytest.fixture
def successes(db_read):
    def count(action: str, method: str | None = None) -> int:
        query = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
        if method is not None:
            query = query.where(AuditEvent.detail["method"].as_string() == method)
        return db_read(lambda session: session.scalar(query))

    return count


@pytest.fixture
def waiting_clients(app, enrolled_chair):
    """Ten browsers that gave the chair's password and wait at the second step."""
    chair = enrolled_chair[0]
    clients = [app.test_client() for _ in range(CLIENTS)]
    for client in clients:
        assert login(client, chair).headers["Location"] == "/logga-in/verifiera"
    return clients


def signed_in(clients) -> int:
    return sum(client.get("/start").status_code == 200 for client in clients)


def test_the_same_totp_code_from_ten_clients_at_once_signs_in_one(
    enrolled_chair, waiting_clients, totp_now, successes
):
    _chair, secret, _codes = enrolled_chair
    code = totp_now(secret, steps_ahead=1)
    statuses = race(waiting_clients, lambda c: c.post("/logga-in/verifiera", data={"code": code}))
    # The others get "Koden stämmer inte" (200) or, once five have failed, the throttle (429).
    assert statuses.count(302) == 1, statuses
    assert set(statuses) <= {302, 200, 429}, statuses
    assert signed_in(waiting_clients) == 1
    assert successes("login.success", "totp") == 1


def test_the_same_recovery_code_from_ten_clients_at_once_signs_in_one(
    enrolled_chair, waiting_clients, successes
):
    _chair, _secret, codes = enrolled_chair
    statuses = race(waiting_clients, lambda c: c.post("/logga-in/verifiera", data={"code": codes[0]}))
    assert statuses.count(302) == 1, statuses
    assert set(statuses) <= {302, 200, 429}, statuses
    assert signed_in(waiting_clients) == 1
    assert successes("login.success", "recovery_code") == 1


def test_the_same_invite_link_from_ten_clients_at_once_sets_one_password(
    app, login_as, make_user, make_org, link_in, successes, db_read
):
    admin = login_as(make_user(Role.COORDINATOR))
    created = admin.post(
        "/admin/anvandare/ny",
        data={
            "display_name": "Ny Medlem",
            "email": "ny@example.com",
            "organisation_id": make_org().id,
            "role": "member",
        },
    )
    link = link_in(admin.get(created.headers["Location"]).get_data(as_text=True))
    visitors = [app.test_client() for _ in range(CLIENTS)]
    for visitor in visitors:
        assert visitor.get(link).status_code == 200
    passwords = [f"{CHOSEN}-{n}" for n in range(CLIENTS)]
    statuses = race(
        list(zip(visitors, passwords, strict=True)),
        lambda pair: pair[0].post(link, data={"new_password": pair[1], "repeat": pair[1]}),
    )
    # The losers see "Länken gäller inte" (404), never an error page.
    assert sorted(statuses) == [302] + [404] * (CLIENTS - 1), statuses
    assert successes("account.invite_redeemed") == 1
    user = db_read(lambda session: session.scalar(select(User).where(User.email == "ny@example.com")))
    winner = statuses.index(302)
    assert login(app.test_client(), user, passwords[winner]).status_code == 302
    loser = passwords[(winner + 1) % CLIENTS]
    assert login(app.test_client(), user, loser).status_code == 200, "a losing request set no password"
