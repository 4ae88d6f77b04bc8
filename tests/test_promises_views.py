"""The promises page, the promise form and the week sidebar, as the group uses them."""

from datetime import date

from flask import render_template_string
from sqlalchemy import select

from lagesbild import periods
from lagesbild.extensions import db
from lagesbild.models import AuditEvent, Promise, Role

from .support import login


def _year() -> int:
    return periods.today_local().year


def test_members_see_progress_in_words_with_the_counted_activities(
    make_promise, make_observation, make_user, login_as
):
    promise = make_promise("Minst fyra trygghetsvandringar under året", target=4, year=_year())
    make_observation(category="AKT.TRYGGHETSVANDRING", place="Berga", occurred_on=date(_year(), 1, 1))
    client = login_as(make_user(Role.MEMBER))
    page = client.get(f"/medborgarloften?ar={_year()}").get_data(as_text=True)
    assert "Minst fyra trygghetsvandringar under året" in page
    assert "1 av minst 4" in page
    assert any(word in page for word in ("I fas", "Efter", "Uppnått"))
    # The activities themselves are on the promise's own page, paged, linked with their count.
    assert f'href="/medborgarloften/{promise.id}/aktiviteter">Aktiviteterna som räknats (1)' in page
    activities = client.get(f"/medborgarloften/{promise.id}/aktiviteter").get_data(as_text=True)
    assert f"1 januari {_year()}" in activities and "Berga" in activities and "Visar 1–1 av 1" in activities
    assert "Ändra" not in page  # editing is the coordinator's
    assert f"/problembild?from={_year()}-01-01&amp;to={_year()}-12-31#underlag" in page


def test_restricted_activities_of_other_organisations_are_only_counted(
    app, make_promise, make_observation, make_user, make_org, login_as
):
    promise = make_promise("Synlig polis", codes=["AKT.PATRULL"], target=10, year=2025)
    police = make_user(Role.MEMBER, organisation=make_org("Polisen"))
    make_observation(
        category="AKT.PATRULL",
        place="Stora torg",
        occurred_on=date(2025, 3, 1),
        author=police,
        sharing="begransad",
    )
    make_observation(category="AKT.PATRULL", place="Berga", occurred_on=date(2025, 3, 2))

    member = login_as(make_user(Role.MEMBER))
    assert "2 av minst 10" in member.get("/medborgarloften?ar=2025").get_data(as_text=True)  # both count
    page = member.get(f"/medborgarloften/{promise.id}/aktiviteter").get_data(as_text=True)
    assert "Berga" in page and "Stora torg" not in page
    assert "1 begränsad aktivitet" in page

    police_client = app.test_client()
    assert login(police_client, police).status_code == 302
    police_page = police_client.get(f"/medborgarloften/{promise.id}/aktiviteter").get_data(as_text=True)
    assert "Stora torg" in police_page and "begränsad aktivitet" not in police_page


def test_coordinator_creates_a_promise_and_it_is_audited(app, make_user, login_as, category_id, make_org):
    police = make_org("Polisen LPO Eslöv")
    client = login_as(make_user(Role.COORDINATOR))
    response = client.post(
        "/medborgarloften/nytt",
        data={
            "year": "2026",
            "text": "Medborgardialoger",
            "target": "3",
            "organisations": [str(police.id)],
            "categories": [str(category_id("AKT.MEDBORGARDIALOG"))],
            "area": "0",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        promise = db.session.scalar(select(Promise))
        assert (promise.year, promise.text, promise.target, promise.areas or None) == (
            2026,
            "Medborgardialoger",
            3,
            None,
        )
        assert [o.name for o in promise.organisations] == ["Polisen LPO Eslöv"]
        assert [c.code for c in promise.categories] == ["AKT.MEDBORGARDIALOG"]
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "promise.create"))
        assert event.object_id == promise.id and event.after["target"] == 3


def test_invalid_promise_shows_swedish_messages_and_keeps_what_was_typed(
    make_user, login_as, make_org, category_id, db_read
):
    org = make_org("Fältsekreterarna")
    client = login_as(make_user(Role.COORDINATOR))
    response = client.post(
        "/medborgarloften/nytt",
        data={
            "year": "2026",
            "text": "Nattvandringar varje helg",
            "target": "noll",
            "organisations": [str(org.id)],
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Skriv ett heltal, till exempel 4." in page
    assert "Välj minst en aktivitet som räknas." in page
    assert "Nattvandringar varje helg" in page and 'value="noll"' in page
    assert (
        f'<input checked id="organisations-0" name="organisations" type="checkbox" value="{org.id}">' in page
    )
    assert db_read(lambda session: session.scalar(select(Promise))) is None

    response = client.post(
        "/medborgarloften/nytt",
        data={"year": "2026", "text": " ", "target": "0", "categories": [str(category_id("AKT.PATRULL"))]},
    )
    page = response.get_data(as_text=True)
    assert "Skriv löftet så som det står i medborgarlöftet." in page
    assert "Målet ska vara ett heltal mellan 1 och 10 000." in page
    assert "Välj minst en ansvarig organisation." in page
    # A category that is not an activity is not on offer and is refused.
    response = client.post("/medborgarloften/nytt", data={"categories": [str(category_id("SKG.KLOTTER"))]})
    assert "Ogiltigt val." in response.get_data(as_text=True)


def test_coordinator_edits_deactivates_and_reactivates_never_deletes(
    make_promise, make_user, login_as, db_read
):
    promise = make_promise("Vandringar", target=4, year=2026)

    def stored():
        return db_read(lambda session: session.get(Promise, promise.id))

    client = login_as(make_user(Role.COORDINATOR))
    form = client.get(f"/medborgarloften/{promise.id}/andra").get_data(as_text=True)
    assert "Vandringar" in form and 'value="4"' in form
    response = client.post(
        f"/medborgarloften/{promise.id}/andra",
        data={
            "year": "2026",
            "text": "Minst sex trygghetsvandringar",
            "target": "6",
            "organisations": [str(o.id) for o in promise.organisations],
            "categories": [str(c.id) for c in promise.categories],
            "area": "0",
        },
    )
    assert response.status_code == 302
    assert (stored().text, stored().target) == ("Minst sex trygghetsvandringar", 6)

    assert client.post(f"/medborgarloften/{promise.id}/inaktivera").status_code == 302
    assert stored().is_active is False
    page = client.get("/medborgarloften?ar=2026").get_data(as_text=True)
    assert "Inaktiverade löften 2026" in page and "Återaktivera" in page
    assert client.post(f"/medborgarloften/{promise.id}/aktivera").status_code == 302
    assert stored().is_active is True
    actions = db_read(
        lambda session: session.scalars(
            select(AuditEvent.action).where(AuditEvent.action.like("promise.%")).order_by(AuditEvent.id)
        ).all()
    )
    assert actions == ["promise.update", "promise.deactivate", "promise.reactivate"]


def test_week_sidebar_lists_short_text_done_target_and_status(app, make_promise, make_observation):
    make_promise("Minst fyra trygghetsvandringar under året", target=4, year=2026)
    make_observation(category="AKT.TRYGGHETSVANDRING", occurred_on=date(2026, 11, 14))
    make_observation(category="AKT.TRYGGHETSVANDRING", occurred_on=date(2026, 11, 20))  # after the period
    period = periods.period_for_week(2026, 47)  # Friday 13 – Thursday 19 November
    with app.test_request_context():
        html = render_template_string('{% include "promises/_week_sidebar.html" %}', period=period)
    assert "Medborgarlöften 2026" in html
    assert "Minst fyra trygghetsvandringar under året" in html
    assert "1 av 4" in html and "Efter" in html


def test_week_sidebar_without_promises(app):
    with app.test_request_context():
        html = render_template_string(
            '{% include "promises/_week_sidebar.html" %}', period=periods.period_for_week(2026, 2)
        )
    assert "Inga medborgarlöften registrerade för 2026." in html


def test_week_sidebar_of_the_current_week_shows_today_not_the_future(app):
    today = periods.today_local()
    period = periods.period_containing(today)
    with app.test_request_context():
        html = render_template_string('{% include "promises/_week_sidebar.html" %}', period=period.next())
    assert f"Inga medborgarlöften registrerade för {today.year}." in html
    with app.test_request_context():
        assert app.jinja_env.globals["promise_status_date"](period.next()) == today


def test_the_week_page_carries_the_sidebar(make_promise, make_observation, make_user, login_as):
    make_promise("Minst fyra trygghetsvandringar under året", target=4, year=2026)
    make_observation(category="AKT.TRYGGHETSVANDRING", occurred_on=date(2026, 11, 14))
    page = login_as(make_user(Role.MEMBER)).get("/vecka/2026-47").get_data(as_text=True)
    sidebar = page[page.index('id="promise-sidebar-heading"') :]
    assert "Medborgarlöften 2026" in sidebar and "1 av 4" in sidebar
