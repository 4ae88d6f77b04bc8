"""Every list that grows with the data shows one page with its place in the whole ("Visar 1–3 av 4")
and links to the rest; a hostile page number is never a 500. PAGE_SIZE is 3 here, so each test
makes page_size + 1 rows: the second page must exist and hold the rest."""

import re
from datetime import date

import pytest

from lagesbild.extensions import db
from lagesbild.models import Role
from lagesbild.paging import Page, clamp
from lagesbild.periods import today_local

from .support import data_context

WEEK = "2026-47"  # Friday meetings: 13–19 November 2026
HOSTILE_PAGES = ["0", "-1", "abc", "٣", "2_0", "99999999999999999999", "1%00", ""]


@pytest.fixture
def small_pages(app):
    app.config["PAGE_SIZE"] = 3
    return app


def _text(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_page_figures_and_clamping_are_plain_arithmetic():
    assert (Page(["d"], 2, 3, 4).first, Page(["d"], 2, 3, 4).last, Page(["d"], 2, 3, 4).pages) == (4, 4, 2)
    assert (Page([], 1, 3, 0).first, Page([], 1, 3, 0).pages) == (0, 1)
    assert [clamp(n, 4, 3) for n in (0, 1, 2, 3, 100_000)] == [1, 1, 2, 2, 2]
    assert clamp(5, 0, 3) == 1


def test_group_list_and_its_json_show_one_page_and_link_to_the_rest(
    small_pages, make_observation, make_user, login_as
):
    member = make_user(Role.MEMBER)
    for n in range(4):  # 13–16 November: newest first, so "Nr 0" is alone on page 2
        make_observation(author=member, occurred_on=date(2026, 11, 13 + n), description=f"Nr {n}")
    client = login_as(member)

    first = _text(client.get(f"/iakttagelser?vecka={WEEK}"))
    assert "Visar 1–3 av 4" in first and "Nr 3" in first and "Nr 0" not in first
    assert "Iakttagelser under perioden (4 st.)" in first  # the whole list's count, not the page's
    assert f'href="/iakttagelser?vecka={WEEK}&amp;sida=2" rel="next"' in first
    second = _text(client.get(f"/iakttagelser?vecka={WEEK}&sida=2"))
    assert "Visar 4–4 av 4" in second and "Nr 0" in second and "Nr 1" not in second

    data = client.get(f"/iakttagelser.json?vecka={WEEK}&sida=2").get_json()
    assert [item["beskrivning"] for item in data["iakttagelser"]] == ["Nr 0"]
    assert (data["sida"], data["sidor"], data["per_sida"], data["antal"]) == (2, 2, 3, 4)
    for hostile in HOSTILE_PAGES:
        assert client.get(f"/iakttagelser?vecka={WEEK}&sida={hostile}").status_code == 200
        data = client.get(f"/iakttagelser.json?vecka={WEEK}&sida={hostile}").get_json()
        assert data["sida"] in (1, 2) and len(data["iakttagelser"]) in (1, 3)


def test_own_list_caps_each_period_and_pages_it(small_pages, make_observation, make_user, login_as):
    member = make_user(Role.MEMBER)
    today = today_local()
    for n in range(4):
        make_observation(author=member, occurred_on=today, description=f"Egen {n}")
    client = login_as(member)

    first = _text(client.get("/mina-iakttagelser"))
    assert "Visar 1–3 av 4" in first and first.count("Egen ") == 3
    next_link = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = _text(client.get(next_link))
    assert "Visar 4–4 av 4" in second and second.count("Egen ") == 1 and "Alla perioder" in second
    for hostile in [*HOSTILE_PAGES, "9999-52"]:
        assert client.get(f"/mina-iakttagelser?sida={hostile}&vecka={hostile}").status_code == 200


def test_a_promises_activities_are_paged_on_its_own_page(
    small_pages, make_promise, make_observation, make_user, login_as
):
    promise = make_promise("Synlig polis", codes=["AKT.PATRULL"], target=10, year=2025)
    for n in range(4):
        make_observation(category="AKT.PATRULL", place="Berga", occurred_on=date(2025, 3, 1 + n))
    client = login_as(make_user(Role.MEMBER))
    assert "Aktiviteterna som räknats (4)" in _text(client.get("/medborgarloften?ar=2025"))

    url = f"/medborgarloften/{promise.id}/aktiviteter"
    first = _text(client.get(url))
    assert "Visar 1–3 av 4" in first and "4 mars 2025" in first and "1 mars 2025" not in first
    second = _text(client.get(f"{url}?sida=2"))
    assert "Visar 4–4 av 4" in second and "1 mars 2025" in second and "2 mars 2025" not in second
    for hostile in HOSTILE_PAGES:
        assert client.get(f"{url}?sida={hostile}").status_code == 200


def test_the_promises_page_reads_the_same_number_of_statements_for_one_or_many_promises(
    app, make_promise, make_observation, make_user, login_as
):
    """At 5M a query per promise was a year's scan per promise: the page's statements must not grow."""
    from sqlalchemy import event

    client = login_as(make_user(Role.MEMBER))

    def statements() -> int:
        seen = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get("/medborgarloften?ar=2025").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    make_promise("Löfte 0", codes=["AKT.PATRULL"], target=10, year=2025)
    make_observation(category="AKT.PATRULL", occurred_on=date(2025, 3, 1))
    one = statements()
    for n in range(1, 4):
        make_promise(f"Löfte {n}", codes=["AKT.PATRULL", "AKT.TRYGGHETSVANDRING"], target=10, year=2025)
    assert statements() == one


def _walk_pages(client, url: str, link: str) -> tuple[list[str], int]:
    """Every row id a paged list links to, following "Nästa sida" to its end, and the total it states."""
    seen, total = [], None
    while url:
        html = _text(client.get(url))
        total = total or int(re.search(r"Visar 1–\d+ av (\d+)", html).group(1))
        seen += re.findall(link, html)
        after = re.search(r'href="([^"]+)" rel="next"', html)
        url = after.group(1).replace("&amp;", "&") if after else None
    return seen, total


def _outbox(app, user, n: int):
    from lagesbild.models import MailKind, MailStatus, OutboxMessage

    with data_context(app):
        db.session.add_all(
            OutboxMessage(
                kind=MailKind.SUMMARY,
                event_key=f"summary:{i}",
                user_id=user.id,
                recipient=user.email,
                message_id=f"<paging-{i}@lagesbild.invalid>",
                subject=f"Meddelande {i}",
                body_text="Text",
                body_html="<p>Text</p>",
                status=MailStatus.SENT,
            )
            for i in range(n)
        )
        db.session.commit()


@pytest.mark.parametrize(
    ("url", "link", "rows"),
    [
        ("/admin/anvandare?status=alla", r'href="/admin/anvandare/(\d+)"', "users"),
        ("/admin/organisationer", r'href="/admin/organisationer/(\d+)/andra"', "organisations"),
        ("/admin/referensdata", r'href="/admin/referensdata/platser/(\d+)/andra"', "places"),
        ("/admin/utskick", r'href="/admin/utskick/(\d+)"', "outbox"),
        ("/trygghetsvandringar", r'href="/trygghetsvandringar/(\d+)"', "walks"),
    ],
)
def test_admin_lists_outbox_and_walks_are_paged_and_their_pages_hold_every_row_once(
    small_pages, make_user, make_org, make_walk, reference, login_as, url, link, rows
):
    coordinator = make_user(Role.COORDINATOR)
    for n in range(4):
        if rows in ("users", "organisations"):
            make_user(Role.MEMBER, organisation=make_org(f"Förening {n}"))
        elif rows == "walks":
            make_walk(coordinator, title=f"Vandring {n}")
    if rows == "outbox":
        _outbox(small_pages, coordinator, 4)
    if rows == "places":  # the reference set's places: two pages of them, not ten requests
        from sqlalchemy import func, select

        from lagesbild.models import Place

        with data_context(small_pages):
            small_pages.config["PAGE_SIZE"] = db.session.scalar(select(func.count(Place.id))) - 1
    client = login_as(coordinator)

    seen, total = _walk_pages(client, url, link)
    assert total >= 4 and len(seen) == total and len(set(seen)) == total
    for hostile in HOSTILE_PAGES:
        key = "platssida" if rows == "places" else "sida"
        assert client.get(f"{url}{'&' if '?' in url else '?'}{key}={hostile}").status_code == 200
