"""The week page: figures, map, filters, who has reported, restricted observations, hostile text."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event

from lagesbild.extensions import db
from lagesbild.models import Category, OrganisationKind, Role, Sharing

from .support import login

HOSTILE = "<img src=x onerror=alert(1)> `${window.__pwned=2}` </script><script>window.__pwned=1</script> \\"


@pytest.fixture
def member(make_user, make_org):
    return make_user(Role.MEMBER, organisation=make_org("Eslövs Bostads AB", OrganisationKind.BOSTADSBOLAG))


def test_week_page_shows_flags_table_map_and_observations(login_as, member, make_observation, week47):
    for day in (13, 14, 15, 16, 17, 18, 19):
        make_observation("SKG.KLOTTER", "Berga", author=member, occurred_on=date(2026, 11, day))
    make_observation("ORD.UNGDOMSGRUPP", "Stora torg", author=member, occurred_on=date(2026, 11, 14))
    client = login_as(member)
    html = client.get("/vecka/2026-47").get_data(as_text=True)
    assert "Lägesbild v. 47 2026" in html
    assert "Ökning: Skadegörelse i Berga — 7 mot normalt 0" in html
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    assert 'data-total="7"' in html and 'data-total="1"' in html
    # The page holds an empty map box; its data comes as JSON: the legend's categories with their
    # counts, every area with its total and rises, and the points.
    assert 'data-url="/vecka/2026-47/karta.json"' in html
    assert html.count("Klotter på väggen.") == 5  # the 5 newest are listed on the page itself
    assert "Alla iakttagelser under v. 47 2026" in html
    data = client.get("/vecka/2026-47/karta.json")
    assert data.mimetype == "application/json" and data.headers["Cache-Control"] == "private, no-store"
    document = data.get_json()
    assert [(c["name"], c["count"]) for c in document["categories"]] == [
        ("Ordningsstörningar", 1),
        ("Skadegörelse", 7),
    ]
    berga = next(a for a in document["areas"] if a["name"] == "Berga")
    assert berga["count"] == 7 and berga["rises"] == ["Skadegörelse"]
    assert [p["text"] for p in document["points"]].count("Klotter på väggen.") == 8
    assert not any(p["late"] for p in document["points"])
    full = client.get("/vecka/2026-47/iakttagelser").get_data(as_text=True)
    assert full.count("Klotter på väggen.") == 8 and "Ungdomsgrupp" in full


def test_filters_are_in_the_query_string(login_as, member, make_observation):
    make_observation("SKG.KLOTTER", "Berga", author=member, occurred_on=date(2026, 11, 14), time_band="natt")
    make_observation("ORD.UNGDOMSGRUPP", "Stora torg", author=member, occurred_on=date(2026, 11, 14))
    client = login_as(member)
    html = client.get("/vecka/2026-47?kategori=SKG&tid=natt&organisationstyp=bostadsbolag").get_data(
        as_text=True
    )
    assert 'data-total="1"' in html and "Ungdomsgrupp" not in html.split('id="iakttagelser"')[1]
    assert "Rensa filter" in html
    assert "/vecka/2026-46?kategori=SKG" in html  # the week links keep the filters
    bad = client.get("/vecka/2026-47?kategori=FINNS_EJ&tid=ljus")
    assert bad.status_code == 200
    assert "Okänt värde, filtret används inte." in bad.get_data(as_text=True)


def test_category_filter_treats_underscore_in_a_code_as_a_letter(app, login_as, member, make_observation):
    # "S_G" as a LIKE pattern would also match "SKG": the filter must show only S_G's own observations.
    with app.app_context():
        top = Category(code="S_G", name="Understreck", sort_order=99)
        db.session.add_all([top, Category(code="S_G.TEST", name="Test", parent=top)])
        db.session.commit()
    make_observation("SKG.KLOTTER", "Berga", author=member, occurred_on=date(2026, 11, 14))
    client = login_as(member)
    assert "Klotter på väggen." in client.get("/vecka/2026-47?kategori=SKG").get_data(as_text=True)
    for url in ("/vecka/2026-47?kategori=S_G", "/vecka/2026-47/iakttagelser?kategori=S_G"):
        html = client.get(url).get_data(as_text=True)
        assert "Okänt värde" not in html and "Klotter på väggen." not in html, url
    assert "Klotter på väggen." not in client.get("/vecka/2026-47/karta.json?kategori=S_G").get_data(
        as_text=True
    )


def test_bad_week_is_a_swedish_404_and_vecka_goes_to_the_current_week(login_as, member):
    client = login_as(member)
    for slug in ("2026-54", "2026-0", "abc", "2026-047"):
        response = client.get(f"/vecka/{slug}")
        assert response.status_code == 404 and "Sidan finns inte" in response.get_data(as_text=True)
    assert client.get("/vecka").location.startswith("/vecka/20")
    start = client.get("/start").get_data(as_text=True)
    assert "Veckans lägesbild, v. " in start and 'href="/vecka/20' in start


def test_restricted_observations_count_but_show_no_details_to_others(
    app, member, make_user, make_org, make_observation
):
    make_observation(
        "NAR.FYND",
        "Källebergsskolan",
        author=member,
        occurred_on=date(2026, 11, 15),
        sharing=Sharing.BEGRANSAD,
        description="Hemlig uppgift om trapphuset",
    )
    outsider = make_user(Role.MEMBER, organisation=make_org("Polisen", OrganisationKind.POLIS))
    colleague = make_user(Role.MEMBER, organisation=member.organisation)
    chair = make_user(Role.CHAIR)
    for user, sees in ((outsider, False), (colleague, True), (chair, True)):
        client = app.test_client()
        assert login(client, user).status_code == 302
        for path in (
            "/vecka/2026-47",
            "/vecka/2026-47/presentation",
            "/vecka/2026-47/karta.json",
            "/vecka/2026-47/iakttagelser",
        ):
            html = client.get(path).get_data(as_text=True)
            assert not path.endswith("2026-47") or 'data-total="1"' in html  # counted for everyone
            shows_text = sees and not path.endswith("presentation")  # the map's texts load separately
            assert ("Hemlig uppgift" in html) is shows_text, (user.email, path)
            if path.endswith("karta.json"):
                assert ("13.322," in html) is sees  # the exact point only with the details


def test_presentation_mode_shows_the_group_view_whoever_is_signed_in(
    app, member, make_user, make_org, make_observation
):
    """On the meeting room's screen a restricted observation is only a count, for the chair, the
    coordinator and the author's own organisation alike: the page and the map data it loads carry
    neither its text nor its exact point. The week page itself still shows the chair everything."""
    import re

    make_observation(
        "NAR.FYND", "Källebergsskolan", author=member, occurred_on=date(2026, 11, 15),
        sharing=Sharing.BEGRANSAD, description="Hemlig uppgift om trapphuset",
    )  # fmt: skip
    make_observation(
        "NAR.FYND", "Källebergsskolan", author=member, occurred_on=date(2026, 11, 2),
        sharing=Sharing.BEGRANSAD, description="Sent och hemligt",
        created_at=datetime(2026, 11, 16, 9, tzinfo=UTC),
    )  # fmt: skip
    make_observation(
        "SKG.KLOTTER", "Berga", author=member, occurred_on=date(2026, 11, 15), description="Delad text"
    )
    viewers = (
        make_user(Role.CHAIR),
        make_user(Role.COORDINATOR),
        member,
        make_user(Role.MEMBER, organisation=member.organisation),
    )
    for user in viewers:
        client = app.test_client()
        assert login(client, user).status_code == 302
        html = client.get("/vecka/2026-47/presentation").get_data(as_text=True)
        assert '<span class="pres__area-count">2</span>' in html, "the restricted one is counted"
        scripts = re.findall(r'data-url="(/vecka/[^"]+)"', html)
        assert scripts, "the presentation loads its map data"
        for url in scripts:
            data = client.get(url).get_data(as_text=True)
            assert "Delad text" in data, (user.email, url)
            secrets = ("Hemlig uppgift", "Sent och hemligt", "13.322,", "Källebergsskolan", member.email)
            for secret in (*secrets, member.organisation.name, member.display_name):
                assert secret not in data, (user.email, url, secret)
        for text in ("Hemlig uppgift", "Sent och hemligt"):
            assert text not in html
    chair_client = app.test_client()
    assert login(chair_client, viewers[0]).status_code == 302
    week_map = chair_client.get("/vecka/2026-47/karta.json").get_data(as_text=True)
    assert "Hemlig uppgift" in week_map and "Sent och hemligt" in week_map, "the week page is unchanged"


def test_hostile_description_is_escaped_in_list_and_map(login_as, member, make_observation):
    make_observation(
        "SKG.KLOTTER", "Berga", author=member, occurred_on=date(2026, 11, 15), description=HOSTILE
    )
    client = login_as(member)
    html = client.get("/vecka/2026-47").get_data(as_text=True)
    data = client.get("/vecka/2026-47/karta.json")
    script = data.get_data(as_text=True)
    for text in (html, script):
        assert "<script>window.__pwned" not in text
        assert "<img src=x" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # The map's JSON carries the text exactly (the browser builds text nodes from it), with <, > and &
    # as \u escapes so that no markup appears in the response even if it were read as HTML.
    assert "\\u003cimg src=x" in script and data.get_json()["points"][0]["text"] == HOSTILE


def test_late_reports_are_marked_and_silent_organisations_listed(
    login_as, member, make_org, make_observation
):
    make_observation(
        "BRD.AVFALL",
        "Berga",
        author=member,
        occurred_on=date(2026, 11, 2),
        description="Sent rapporterad brand",
        created_at=datetime(2026, 11, 16, 9, tzinfo=UTC),
    )
    make_org("Räddningstjänsten Syd", OrganisationKind.RADDNINGSTJANST)
    client = login_as(member)
    html = client.get("/vecka/2026-47").get_data(as_text=True)
    assert "Visa den sent inrapporterade" in html
    listing = client.get("/vecka/2026-47/iakttagelser").get_data(as_text=True)
    assert "sent inrapporterat" in listing and "Sent rapporterad brand" in listing
    [late] = client.get("/vecka/2026-47/karta.json").get_json()["points"]
    assert late["text"] == "Sent rapporterad brand" and late["late"] is True  # dashed on the map
    assert "1 iakttagelse rapporterades under perioden om tidigare datum" in html  # singular
    silent = html.split('id="rapporterat"')[1].split("</section>")[0]
    assert "Räddningstjänsten Syd" in silent and "Eslövs Bostads AB" not in silent


def _count_statements(client, url) -> int:
    statements = []

    def count(*_args):
        statements.append(1)

    with client.application.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_constant_number_of_queries_whatever_the_data(login_as, member, make_observation, make_user):
    chair = make_user(Role.CHAIR, organisation=member.organisation)
    client = login_as(chair)
    make_observation("SKG.KLOTTER", "Berga", author=member, occurred_on=date(2026, 11, 14))
    small = _count_statements(client, "/vecka/2026-47")
    places = ("Berga", "Stora torg", "Eslövs station")
    codes = ("SKG.KLOTTER", "ORD.UNGDOMSGRUPP", "BRD.AVFALL", "NAR.FYND")
    for i in range(40):
        make_observation(codes[i % 4], places[i % 3], author=member, occurred_on=date(2026, 11, 13 + i % 7))
        make_observation(codes[i % 4], places[i % 3], author=member, occurred_on=date(2026, 10, 1 + i % 28))
    large = _count_statements(client, "/vecka/2026-47")
    assert small == large


def test_map_points_are_capped(login_as, member, make_observation, monkeypatch):
    from lagesbild.meeting import queries

    monkeypatch.setattr(queries, "MAP_POINTS", 3)
    monkeypatch.setattr(queries, "LIST_POINTS", 2)
    monkeypatch.setattr(queries, "PAGE_SIZE", 4)
    for day in range(13, 20):
        make_observation("SKG.KLOTTER", "Berga", author=member, occurred_on=date(2026, 11, day))
    client = login_as(member)
    html = client.get("/vecka/2026-47").get_data(as_text=True)
    assert 'data-total="7"' in html  # the figures count everything
    assert html.count('<li id="o') == 2 and "Alla iakttagelser under v. 47 2026" in html
    assert len(client.get("/vecka/2026-47/karta.json").get_json()["points"]) == 3
    first = client.get("/vecka/2026-47/iakttagelser").get_data(as_text=True)
    second = client.get("/vecka/2026-47/iakttagelser?sida=2").get_data(as_text=True)
    assert first.count('<li id="o') == 4 and "Äldre →" in first
    assert second.count('<li id="o') == 3 and "← Nyare" in second and "Äldre →" not in second
    assert "19 nov" in first and "13 nov" in second  # newest first


def test_heat_layer_counts_every_visible_observation_while_the_points_stay_capped(
    app, member, make_user, make_org, make_observation, monkeypatch
):
    from lagesbild.meeting import queries

    monkeypatch.setattr(queries, "MAP_POINTS", 2)
    for day in (13, 14, 15):
        make_observation("SKG.KLOTTER", "Berga", author=member, occurred_on=date(2026, 11, day))
    make_observation("ORD.UNGDOMSGRUPP", "Stora torg", author=member, occurred_on=date(2026, 11, 16))
    make_observation(
        "NAR.FYND",
        "Källebergsskolan",
        author=member,
        occurred_on=date(2026, 11, 15),
        sharing=Sharing.BEGRANSAD,
    )
    outsider = make_user(Role.MEMBER, organisation=make_org("Polisen", OrganisationKind.POLIS))
    colleague = make_user(Role.MEMBER, organisation=member.organisation)
    for user, cells in ((outsider, [3, 1]), (colleague, [3, 1, 1])):
        client = app.test_client()
        assert login(client, user).status_code == 302
        document = client.get("/vecka/2026-47/karta.json").get_json()
        assert len(document["points"]) == 2  # the points stop at the cap …
        # … the heat layer counts all of the week's observations the viewer may see, per 100 m cell:
        # the restricted one only for its own organisation.
        assert [n for _lat, _lon, n in document["heat"]] == cells, user.email
        berga = document["heat"][0]
        assert abs(berga[0] - 55.8) < 0.1 and abs(berga[1] - 13.3) < 0.1  # a cell in Eslöv
    # Presentation mode is the group view, even for the organisation that may see the restricted one.
    shown = client.get("/vecka/2026-47/presentation/karta.json").get_json()["heat"]
    assert [n for _lat, _lon, n in shown] == [3, 1]


def test_cli_prints_table_and_flags(app, runner, member, make_observation):
    for day in (13, 14, 15, 16, 17):
        make_observation("SKG.KLOTTER", "Berga", author=member, occurred_on=date(2026, 11, day))
    result = runner.invoke(args=["vecka", "2026-47"])
    assert result.exit_code == 0, result.output
    assert "Lägesbild v. 47 2026" in result.output
    assert "Ökning: Skadegörelse i Berga — 5 mot normalt 0" in result.output
    assert runner.invoke(args=["vecka", "2026-99"]).exit_code != 0


def test_a_new_boundary_a_renamed_area_and_a_new_observation_show_on_the_next_request(
    app, login_as, make_user, make_observation
):
    """The areas' polygons (mapping._geometry), the week's figures (week._figures) and heat grid
    (week._heat) are kept between requests: whatever changes them shows on the very next fetch of the
    page and of karta.json."""
    import json

    from lagesbild.models import Area
    from lagesbild.reference_admin.operations import set_boundary, update_area

    from .support import data_context

    area_id = make_observation("SKG.KLOTTER", "Stora torg", occurred_on=date(2026, 11, 14)).area_id
    client = login_as(make_user(Role.COORDINATOR))

    def area_on_map():
        document = client.get("/vecka/2026-47/karta.json").get_json()
        area = next(a for a in document["areas"] if a["id"] == area_id)
        return {**area, "heat": [n for _lat, _lon, n in document["heat"]]}

    before = area_on_map()
    assert before["count"] == 1 and before["heat"] == [1]
    assert 'data-total="1"' in client.get("/vecka/2026-47").get_data(as_text=True)
    square = [[13.3, 55.84], [13.31, 55.84], [13.31, 55.85], [13.3, 55.85], [13.3, 55.84]]
    with data_context(app) as session:
        area = session.get(Area, area_id)
        set_boundary(
            session, area, json.dumps({"type": "Polygon", "coordinates": [square]}), (55.845, 13.305)
        )
        update_area(session, area, "Torgområdet", area.sort_order)
        session.commit()
    make_observation("SKG.KLOTTER", "Stora torg", occurred_on=date(2026, 11, 15))

    after = area_on_map()
    assert after["geometry"] == {"type": "Polygon", "coordinates": [square]} != before["geometry"]
    assert after["name"] == "Torgområdet" and after["count"] == 2 and after["heat"] == [2]
    html = client.get("/vecka/2026-47").get_data(as_text=True)
    assert "Torgområdet" in html and 'data-total="2"' in html and 'data-total="1"' not in html
