"""The weekly lägesbild in a real browser: the map under the CSP with hostile text, totals, the meeting."""

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from lagesbild.extensions import db
from lagesbild.meeting import operations
from lagesbild.models import Category, Meeting, MeetingStatus, Observation, OrganisationKind, Role, User
from lagesbild.periods import period_for_week

from .support import assert_accessible, browser_sign_in, console_errors, follow

pytestmark = pytest.mark.browser

HOSTILE = [
    "</script><script>window.__pwned=1</script>",
    "`${window.__pwned=2}` backtick",
    '<img src=x onerror="window.__pwned=3">',
    "\\`); window.__pwned=4; (`",
]


@pytest.fixture
def people(make_user, make_org):
    police = make_org("Polisen LPO Eslöv", OrganisationKind.POLIS)
    housing = make_org("Eslövs Bostads AB", OrganisationKind.BOSTADSBOLAG)
    return {
        "chair": make_user(Role.CHAIR, organisation=police),
        "member": make_user(Role.MEMBER, organisation=housing),
        "police": police,
        "housing": housing,
    }


def _seed(make_observation, member):
    places = ("Berga", "Stora torg", "Eslövs station", "Källebergsskolan")
    codes = ("SKG.KLOTTER", "ORD.UNGDOMSGRUPP", "BRD.AVFALL", "NAR.FYND")
    for i, text in enumerate(HOSTILE * 2):
        make_observation(
            codes[i % 4],
            places[i % 4],
            author=member,
            occurred_on=date(2026, 11, 13 + i % 7),
            description=text,
        )


def test_week_map_renders_every_layer_safely_under_the_csp(page, people, make_observation):
    _seed(make_observation, people["member"])
    browser_sign_in(page, people["member"], "/vecka/2026-47")
    page.wait_for_selector(".map-box[data-points='8']")
    assert page.evaluate("window.__pwned") is None
    legend = page.locator(".map-legend").inner_text()
    for name in ("Ordningsstörningar", "Skadegörelse", "Anlagd brand"):
        assert name in legend, legend
    labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    names = [label.strip() for label in labels]
    for name in ("Iakttagelser", "Värmekarta", "Områden"):
        assert name in names, names
    # Open a cluster's points: zoom in and open a popup; the hostile text shows as text.
    page.evaluate("document.querySelector('.leaflet-control-zoom-in').click()")
    page.locator(".leaflet-control-layers-overlays input").nth(names.index("Värmekarta")).check()
    assert page.locator("canvas.leaflet-heatmap-layer").count() == 1
    assert page.evaluate("window.__pwned") is None
    assert console_errors(page) == []
    assert_accessible(page)


def test_popup_shows_hostile_text_as_text(page, people, make_observation):
    make_observation(
        "SKG.KLOTTER",
        "Berga",
        author=people["member"],
        occurred_on=date(2026, 11, 15),
        description=HOSTILE[0] + " " + HOSTILE[2],
    )
    browser_sign_in(page, people["member"], "/vecka/2026-47")
    page.wait_for_selector(".map-box[data-points='1']")
    # Single points are not clustered: click the one circle marker.
    page.locator("path.obs-point").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "</script><script>window.__pwned=1</script>" in popup.inner_text()
    assert popup.locator("img").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert console_errors(page) == []


def test_table_and_map_show_the_same_totals(page, people, make_observation):
    for day, place in (
        (13, "Berga"),
        (14, "Berga"),
        (15, "Stora torg"),
        (16, "Berga"),
        (17, "Eslövs station"),
    ):
        make_observation("SKG.KLOTTER", place, author=people["member"], occurred_on=date(2026, 11, day))
    browser_sign_in(page, people["member"], "/vecka/2026-47")
    page.wait_for_selector(".area-total .area-label")
    on_map = {
        span.inner_text().rsplit(":", 1)[0]: int(span.get_attribute("data-count"))
        for span in page.locator(".area-total .area-label").all()
    }
    in_table = {}
    for row in page.locator("#tabell tbody tr").all():
        in_table[row.locator("th").inner_text()] = int(row.locator("td[data-total]").inner_text())
    assert on_map == {name: n for name, n in in_table.items() if n} == {"Berga": 3, "Eslövs centrum": 2}
    assert console_errors(page) == []


def test_chair_runs_a_meeting_and_the_record_stays_frozen(page, people, make_observation, app):
    observations = [
        make_observation("SKG.KLOTTER", "Berga", author=people["member"], occurred_on=date(2026, 11, d))
        for d in (13, 14, 15, 16, 17)
    ]
    browser_sign_in(page, people["chair"], "/vecka/2026-47")
    page.get_by_role("button", name="Öppna mötet").click()
    page.wait_for_selector("h1:has-text('Möte v. 47 2026')")
    assert_accessible(page)
    page.get_by_label("Eslövs Bostads AB").check()
    page.get_by_label("Polisen LPO Eslöv").check()
    follow(page, page.get_by_role("button", name="Spara närvaro"))
    first_notes = page.get_by_label("Anteckningar").first
    first_notes.fill("Ebo sanerar klottret; polisen ökar närvaron kvällstid.")
    page.get_by_role("button", name="Spara anteckningar").first.click()
    page.get_by_label("Åtgärd", exact=True).fill("Sanera klotter i Berga")
    page.get_by_label("Ansvarig organisation").select_option(label="Eslövs Bostads AB")
    page.get_by_label("Klart senast").fill("2026-11-27")
    page.get_by_role("button", name="Spara åtgärd").click()
    page.wait_for_selector("text=Åtgärden är sparad.")
    page.get_by_role("link", name="Avsluta mötet …").click()
    # The record is read as laid out (inner_text follows the styles): wait for the page's load, not
    # only its heading, or under load the text is read before the stylesheet applies.
    follow(page, page.get_by_role("button", name="Ja, avsluta mötet och frys lägesbilden"))
    page.wait_for_selector("h1:has-text('Lägesbild v. 47 2026')")
    record = page.locator("article.record").inner_text()
    for text in (
        "Ebo sanerar klottret",
        "Sanera klotter i Berga",
        "Eslövs Bostads AB, Polisen LPO Eslöv",
        "Ökning: Skadegörelse i Berga — 5 mot normalt 0",
    ):
        assert text in record
    assert console_errors(page) == []
    assert_accessible(page)

    # A correction after closing changes the live week, not the frozen record.
    with app.app_context():
        assert db.session.scalar(select(Meeting)).status is MeetingStatus.CLOSED
        corrected = db.session.get(Observation, observations[0].id)
        corrected.category = db.session.scalar(select(Category).where(Category.code == "ORD.UNGDOMSGRUPP"))
        db.session.commit()
    page.reload()
    assert page.locator("article.record").inner_text() == record
    page.goto("/vecka/2026-47")
    live = page.locator("main").inner_text()
    assert "Skadegörelse i Berga — 4 mot normalt 0" in live and "— 5 mot" not in live


def test_presentation_mode_steps_through_areas_and_escape_leaves(page, people, make_observation):
    for place in ("Berga", "Stora torg", "Rönneberga"):
        make_observation("SKG.KLOTTER", place, author=people["member"], occurred_on=date(2026, 11, 15))
    browser_sign_in(page, people["member"], "/vecka/2026-47/presentation")
    page.wait_for_selector("#presentation[data-ready='true']")
    current = page.locator("#bild-position")
    assert current.inner_text().startswith("Bild 1 av 7: Lägesbild v. 47 2026")  # 3 areas and 4 more
    page.keyboard.press("ArrowRight")
    assert current.inner_text().startswith("Bild 2 av 7")
    assert page.locator(".slide:visible h2").inner_text() in ("Berga", "Eslövs centrum", "Rönneberga")
    page.keyboard.press("PageUp")
    assert current.inner_text().startswith("Bild 1 av 7")
    assert console_errors(page) == []
    assert_accessible(page)
    page.keyboard.press("Escape")
    page.wait_for_url("**/vecka/2026-47")


def test_presentation_map_shows_the_chair_no_restricted_details(page, people, make_observation):
    """The chair projects the week: the map draws the shared observation only; the restricted one is
    in the count but never on the map, in a popup or anywhere in the page."""
    from lagesbild.models import Sharing

    make_observation(
        "NAR.FYND", "Källebergsskolan", author=people["member"], occurred_on=date(2026, 11, 15),
        sharing=Sharing.BEGRANSAD, description="Hemlig uppgift om trapphuset",
    )  # fmt: skip
    make_observation("SKG.KLOTTER", "Berga", author=people["member"], occurred_on=date(2026, 11, 15))
    browser_sign_in(page, people["chair"], "/vecka/2026-47/presentation")
    page.wait_for_selector(".map-box[data-points='1']")
    assert page.locator("#bild-oversikt .pres__big").inner_text() == "2"
    page.locator(".leaflet-interactive").first.wait_for()
    page.evaluate(
        "document.querySelectorAll('.leaflet-marker-icon, path.leaflet-interactive')"
        ".forEach(function (el) { el.dispatchEvent(new MouseEvent('click', {bubbles: true})); })"
    )
    assert "Hemlig uppgift" not in page.content()
    assert console_errors(page) == []
    page.goto("/vecka/2026-47")
    page.wait_for_selector(".map-box[data-points='2']")  # the chair's own week page still has both


def test_member_cannot_open_or_close_a_meeting(page, people, make_meeting, stored):
    meeting = make_meeting(people["chair"])
    browser_sign_in(page, people["member"], "/vecka/2026-48")
    assert page.get_by_role("button", name="Öppna mötet").count() == 0
    page.goto(f"/moten/{meeting.id}")
    assert page.get_by_role("link", name="Avsluta mötet …").count() == 0
    assert_accessible(page)
    for url in ("/vecka/2026-48/mote", f"/moten/{meeting.id}/avsluta"):
        assert page.request.post(url).status == 403
    assert stored(Meeting, meeting.id).status is MeetingStatus.OPEN
    assert console_errors(page) == []


@pytest.mark.slow
def test_two_notes_save_together_as_the_chair_types_and_no_one_overwrites_anyone(
    page, people, make_meeting, make_user, app
):
    """Issue #13 item 1: autosave of every agenda note, "Sparat hh.mm", the version check and the
    warning before leaving with unsaved text."""
    meeting = make_meeting(people["chair"])
    browser_sign_in(page, people["chair"], f"/moten/{meeting.id}")
    status = page.locator("#anteckningar-status")
    page.get_by_label("Anteckningar till punkt 1").press_sequentially("Ebo sanerar klottret.")
    page.get_by_label("Anteckningar till punkt 2").press_sequentially("Polisen ökar närvaron.")
    page.get_by_text(re.compile(r"^Sparat [0-2][0-9]\.[0-5][0-9]$")).wait_for()
    page.reload()
    assert page.get_by_label("Anteckningar till punkt 1").input_value() == "Ebo sanerar klottret."
    assert page.get_by_label("Anteckningar till punkt 2").input_value() == "Polisen ökar närvaron."

    # Another chair saves meanwhile: this page's next autosave is refused, not written over it.
    other = make_user(Role.CHAIR, display_name="Vera Vice")
    with app.app_context():
        saved = db.session.get(Meeting, meeting.id)
        operations.save_notes(
            db.session,
            saved,
            {saved.agenda_items[0].id: "Vera: ebo sanerar i morgon."},
            1,
            db.session.get(User, other.id),
        )
        db.session.commit()
    page.get_by_label("Anteckningar till punkt 1").press("Control+End")
    page.get_by_label("Anteckningar till punkt 1").press_sequentially(" Klart fredag.")
    page.get_by_text("Någon annan har sparat anteckningar medan du skrev", exact=False).wait_for()
    assert "Någon annan" in status.inner_text()

    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="Visa veckans lägesbild").click()
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(f"/moten/{meeting.id}")

    page.get_by_role("button", name="Spara anteckningar").click()
    page.locator("#anteckningar-konflikt").wait_for()
    assert (
        page.get_by_label("Anteckningar till punkt 1").input_value() == "Ebo sanerar klottret. Klart fredag."
    )
    assert page.locator(".notes-conflict blockquote").inner_text() == "Vera: ebo sanerar i morgon."
    assert [e for e in console_errors(page) if "409 (CONFLICT)" not in e] == []  # the refused autosave
    assert_accessible(page)


def test_close_shows_its_summary_the_chair_reopens_and_a_late_report_reaches_the_next_lagesbild(
    page, people, make_observation, make_meeting
):
    """Issue #13 item 2 in one meeting: summary, second confirmation, reopen the same day (the first
    record kept as version 1), and a report dated in the closed period shown later as late."""
    reported = datetime(2026, 11, 19, 12, 0, tzinfo=UTC)  # in time for the meeting of v. 47
    for day in (13, 15, 17):
        make_observation(
            "SKG.KLOTTER",
            "Berga",
            author=people["member"],
            occurred_on=date(2026, 11, day),
            created_at=reported,
        )
    meeting = make_meeting(people["chair"])
    browser_sign_in(page, people["chair"], f"/moten/{meeting.id}")
    page.get_by_role("link", name="Avsluta mötet …").click()
    assert (
        page.locator(".close-summary").inner_text() == "3 iakttagelser låses, 0 nya åtgärder, 0 närvarande."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Ja, avsluta mötet och frys lägesbilden").click()
    page.wait_for_selector("h1:has-text('Lägesbild v. 47 2026')")

    page.get_by_role("button", name="Öppna mötet igen").click()
    page.wait_for_selector("h1:has-text('Möte v. 47 2026')")
    assert "finns kvar som version 1" in page.locator(".flashes").inner_text()
    page.get_by_role("link", name="Avsluta mötet …").click()
    page.get_by_role("button", name="Ja, avsluta mötet och frys lägesbilden").click()
    page.wait_for_selector("h1:has-text('Lägesbild v. 47 2026')")
    assert "Version 2." in page.locator("article.record .lead").inner_text()
    assert "Version 1: avslutad" in page.locator("#r-versioner + ul").inner_text()
    assert_accessible(page)

    # Posted now, dated in the closed period: the next lägesbild and its meeting's agenda show it.
    make_observation("SKG.KLOTTER", "Berga", author=people["member"], occurred_on=date(2026, 11, 18))
    page.goto("/vecka")
    assert page.get_by_role("link", name="Visa den sent inrapporterade").count() == 1
    page.get_by_role("button", name="Öppna mötet").click()
    page.wait_for_selector("#sent-inrapporterat")
    assert "1 iakttagelse om tidigare datum" in page.locator("#sent-inrapporterat").inner_text()
    assert console_errors(page) == []


def test_skapa_atgard_from_an_observation_and_overdue_badges_where_actions_are_shown(
    page, people, make_observation
):
    """Issue #13 item 5: the chair creates an action from an observation (place, area and link filled
    in); overdue, it carries a "Försenad" badge on the week page and the owner's start page."""
    seen = make_observation(
        "SKG.KLOTTER", "Stora torg", author=people["member"], occurred_on=date(2026, 11, 16)
    )
    browser_sign_in(page, people["chair"], f"/iakttagelser/{seen.id}")
    page.get_by_role("link", name="Skapa åtgärd").click()
    assert page.get_by_label("Plats").evaluate("el => el.options[el.selectedIndex].text") == "Stora torg"
    assert page.get_by_label("Område").evaluate("el => el.options[el.selectedIndex].text") == "Eslövs centrum"
    assert page.locator(f"input[name='valda'][value='{seen.id}']").is_checked()
    assert_accessible(page)
    page.get_by_label("Åtgärd", exact=True).fill("Bättre belysning på torget")
    page.get_by_label("Ansvarig organisation").select_option(label="Eslövs Bostads AB")
    page.get_by_label("Klart senast").fill("2026-11-20")
    page.get_by_role("button", name="Spara åtgärd").click()
    page.wait_for_selector("text=Åtgärden ”Bättre belysning på torget” är sparad.")
    row = page.locator("#atgarder + div tr", has_text="Bättre belysning på torget")
    assert "Försenad" in row.inner_text() and f"#{seen.id}" in row.inner_text()
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Logga ut"))

    browser_sign_in(page, people["member"], "/start")  # Eslövs Bostads AB owns it
    tile = page.locator(".tile--actions")
    assert "Bättre belysning på torget" in tile.inner_text() and "Försenad" in tile.inner_text()
    assert console_errors(page) == []
    assert_accessible(page)


def test_autosave_on_a_meeting_closed_meanwhile_says_so_once_and_stops(page, people, make_meeting, app):
    """Closed in another window while the chair types: one inline message, no more saving, and no pile of
    "avslutat" flashes waiting on the next page."""
    meeting = make_meeting(people["chair"])
    browser_sign_in(page, people["chair"], f"/moten/{meeting.id}")
    with app.app_context():
        saved = db.session.get(Meeting, meeting.id)
        period = period_for_week(2026, 47, 5)
        operations.close_meeting(db.session, saved, period, saved.opened_by, reason="Avslutat i förväg.")
        db.session.commit()
    posts = []
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))
    notes = page.get_by_label("Anteckningar till punkt 1")
    notes.press_sequentially("Ebo sanerar.")
    page.get_by_text("Mötet är avslutat – anteckningarna kan inte ändras.", exact=False).wait_for()
    notes.press_sequentially(" Och polisen.")  # no save is scheduled any more, and the message stays
    assert page.locator("#anteckningar-status").inner_text().startswith("Mötet är avslutat")
    assert len(posts) == 1
    assert notes.input_value() == "Ebo sanerar. Och polisen."
    page.once("dialog", lambda dialog: dialog.accept())
    page.goto(f"/moten/{meeting.id}")
    assert "kan inte ändras" not in page.locator("main").inner_text()
    assert [e for e in console_errors(page) if "409 (CONFLICT)" not in e] == []
