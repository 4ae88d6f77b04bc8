"""CSRF: every state-changing request needs the session's token; a refused form keeps its text."""

import re

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select

from lagesbild.models import Organisation, Role, User

from .support import PASSWORD

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


@pytest.fixture
def app_config(app_config):
    app_config["WTF_CSRF_ENABLED"] = True
    return app_config


def token_in(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def sign_in(client, user):
    token = token_in(client.get("/logga-in").get_data(as_text=True))
    response = client.post("/logga-in", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    return client


def test_sign_in_and_out_work_with_tokens(client, make_user):
    sign_in(client, make_user())
    token = token_in(client.get("/start").get_data(as_text=True))
    assert client.post("/logga-ut", data={"csrf_token": token}).status_code == 302
    assert client.get("/start").status_code == 302


def test_logout_without_a_token_is_refused_with_a_swedish_page(client, make_user):
    sign_in(client, make_user())
    response = client.post("/logga-ut")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Felaktig begäran" in page and "säkerhetstoken" in page
    assert client.get("/start").status_code == 200, "still signed in"


def test_login_without_a_token_is_refused(client, make_user):
    response = client.post("/logga-in", data={"email": make_user().email, "password": PASSWORD})
    assert response.status_code == 400


def test_admin_button_without_a_token_changes_nothing(client, make_user, db_read):
    member = make_user(Role.MEMBER)
    sign_in(client, make_user(Role.COORDINATOR))
    assert client.post(f"/admin/anvandare/{member.id}/inaktivera").status_code == 400
    assert db_read(lambda session: session.get(User, member.id).is_active)


HOSTILE = '<script>alert("csrf")</script> Trygghetsvandrarna'


@pytest.fixture
def organisations_named(db_read):
    def count(name: str) -> int:
        return db_read(
            lambda session: session.scalar(
                select(func.count()).select_from(Organisation).where(Organisation.name == name)
            )
        )

    return count


def test_a_forged_token_gets_a_swedish_400_that_keeps_the_typed_text_escaped(
    client, make_user, organisations_named
):
    sign_in(client, make_user(Role.COORDINATOR))
    response = client.post(
        "/admin/organisationer/ny",
        data={"name": HOSTILE, "kind": "ovrig", "csrf_token": "förfalskad"},
        headers={"Referer": "http://localhost/admin/organisationer/ny"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Felaktig begäran" in page and "Inget har sparats." in page
    assert "Kopiera texten, ladda om formuläret och klistra in den" in page
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;csrf&#34;)&lt;/script&gt; Trygghetsvandrarna</textarea>" in page
    assert re.search(r"<textarea[^>]*readonly", page), "the kept text is read-only"
    assert 'href="/admin/organisationer/ny"' in page, "a link back to the form"
    assert "ovrig" not in page, "a choice is not text the user typed"
    assert "CSRF" not in page
    assert organisations_named(HOSTILE) == 0


def test_a_missing_token_never_shows_passwords_or_codes(client, make_user):
    user = make_user()
    response = client.post(
        "/logga-in",
        data={"email": user.email, "password": "Hemligt-lösen-123", "code": "424242", "proof": "Bevis-777"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert user.email in page, "the e-mail address is kept"
    assert "Hemligt-lösen-123" not in page and "424242" not in page and "Bevis-777" not in page
    assert 'href="/"' in page, "no Referer: the link leads to the start page"

    sign_in(client, user)
    response = client.post(
        "/konto/losenord",
        data={"current_password": PASSWORD, "new_password": "Nytt-lösen-98765", "repeat": "Nytt-lösen-98765"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert PASSWORD not in page and "Nytt-lösen-98765" not in page
    assert "Kopiera texten" not in page, "nothing to copy"


def test_text_posted_from_another_site_is_not_shown(client, make_user, organisations_named):
    """A forged cross-site POST must not make this site show a text the other site chose."""
    sign_in(client, make_user(Role.COORDINATOR))
    data = {"name": "Ring 0701-234567 för att låsa upp kontot", "kind": "ovrig"}
    own_page = "http://localhost/admin/organisationer/ny"
    response = client.post(
        "/admin/organisationer/ny", data=data, headers={"Origin": "http://localhost", "Referer": own_page}
    )
    assert response.status_code == 400 and "0701-234567" in response.get_data(as_text=True), (
        "from this site: kept"
    )

    response = client.post(
        "/admin/organisationer/ny",
        data=data,
        headers={"Origin": "https://angripare.example", "Referer": "https://angripare.example/admin/x"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "0701-234567" not in page
    assert 'href="/"' in page and "angripare" not in page
    assert organisations_named("Ring 0701-234567 för att låsa upp kontot") == 0


def test_a_token_from_before_signing_in_does_not_work_after(client, make_user, organisations_named):
    user = make_user(Role.COORDINATOR)
    before = token_in(client.get("/logga-in").get_data(as_text=True))
    client.post("/logga-in", data={"email": user.email, "password": PASSWORD, "csrf_token": before})
    assert client.get("/start").status_code == 200, "signed in"
    response = client.post("/admin/organisationer/ny", data={"name": "Gamla fliken AB", "csrf_token": before})
    assert response.status_code == 400
    assert organisations_named("Gamla fliken AB") == 0

    # Signed out and in again in another tab: the first session's pages are refused too.
    first_session = token_in(client.get("/start").get_data(as_text=True))
    assert client.post("/logga-ut", data={"csrf_token": first_session}).status_code == 302
    sign_in(client, user)
    response = client.post("/logga-ut", data={"csrf_token": first_session})
    assert response.status_code == 400
    assert client.get("/start").status_code == 200, "still signed in"


class _TwoHoursAgoSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return super().get_timestamp() - 7200


def test_a_form_left_open_for_hours_still_submits_while_the_session_lives(
    app, client, make_user, organisations_named
):
    sign_in(client, make_user(Role.COORDINATOR))
    client.get("/admin/organisationer/ny")
    with client.session_transaction() as session:
        raw = session["csrf_token"]
    # The token the page carried, as it was signed two hours ago (the session stayed active meanwhile).
    serializer = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token", signer=_TwoHoursAgoSigner)
    response = client.post(
        "/admin/organisationer/ny",
        data={"name": "Tålmodiga AB", "kind": "ovrig", "csrf_token": serializer.dumps(raw)},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert organisations_named("Tålmodiga AB") == 1


def test_notes_autosave_needs_the_pages_token_and_sends_it_with_the_form(
    client, make_user, make_meeting, stored
):
    """The meeting notes' autosave posts the notes form itself (token included); without it nothing is
    saved."""
    from lagesbild.models import AgendaItem

    chair = make_user(Role.CHAIR)
    meeting = make_meeting(chair)
    item = meeting.agenda_items[0]
    sign_in(client, chair)
    page = client.get(f"/moten/{meeting.id}").get_data(as_text=True)
    form = page.split('id="anteckningar"')[1].split("</form>")[0]
    data = {f"p{item.id}-notes": "Ebo sanerar.", "version": 0}
    json_request = {"Accept": "application/json"}
    assert (
        client.post(f"/moten/{meeting.id}/anteckningar", data=data, headers=json_request).status_code == 400
    )
    assert stored(AgendaItem, item.id).notes == ""
    saved = client.post(
        f"/moten/{meeting.id}/anteckningar", data={**data, "csrf_token": token_in(form)}, headers=json_request
    )
    assert saved.status_code == 200 and stored(AgendaItem, item.id).notes == "Ebo sanerar."
