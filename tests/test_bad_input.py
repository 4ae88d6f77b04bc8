"""No 500 for bad input: the causes found in issue #9 (item 8), one test each with what the user sees.

Rules (lagesbild/inputs.py): whitespace-only filter values mean no filter; a page beyond the last
shows the last page; numbers are ASCII digits; days lie between 2000-01-01 and 2100-12-31; a body over
MAX_CONTENT_LENGTH gets the Swedish 413 page. tests/test_hostile_input.py keeps the class closed with
generated values on every route.
"""

import base64
import io

import pytest
from sqlalchemy import select

from lagesbild.meeting import week
from lagesbild.models import Action, AuditEvent, OrganisationKind, Promise
from lagesbild.periods import today_local

SURVEY_HEADER = "year,area,indicator,value,source,published\n"


@pytest.fixture
def as_coordinator(client, login_as, coordinator, reference):
    login_as(coordinator)
    return client


@pytest.fixture
def this_week(app, make_observation, member):
    """The current period's slug, with one observation of the member's in it."""
    with app.app_context():  # the meeting weekday is the app's setting
        period = week.current_period()
    make_observation(author=member, occurred_on=period.start, description="Klotter vid torget.")
    return period.slug


# --- whitespace-only filter values mean "no filter" ---------------------------------------------------


@pytest.mark.parametrize("query", ["omrade=%20", "organisationstyp=%20", "tid=%09", "kategori=%20%0A"])
@pytest.mark.parametrize("page", ["", "/iakttagelser"])
def test_whitespace_filters_on_the_week_pages_mean_no_filter(as_coordinator, this_week, page, query):
    response = as_coordinator.get(f"/vecka/{this_week}{page}?{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Klotter vid torget." in html
    assert "Okänt värde" not in html


@pytest.mark.parametrize("query", ["omrade=%20", "organisationstyp=%20", "tid=%09"])
def test_whitespace_filters_on_the_map_data_mean_no_filter(as_coordinator, this_week, query):
    unfiltered = as_coordinator.get(f"/vecka/{this_week}/karta.json")
    response = as_coordinator.get(f"/vecka/{this_week}/karta.json?{query}")
    assert response.status_code == 200
    assert response.get_data() == unfiltered.get_data()
    assert "Klotter vid torget." in response.get_data(as_text=True)


def test_whitespace_filters_on_the_group_list_are_not_called_unknown(as_coordinator, this_week):
    response = as_coordinator.get("/iakttagelser?omrade=%20&organisationstyp=%09&kategori=%20")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Klotter vid torget." in html
    assert "Några filter kunde inte läsas" not in html
    data = as_coordinator.get("/iakttagelser.json?omrade=%20&organisationstyp=%09").get_json()
    assert [item["beskrivning"] for item in data["iakttagelser"]] == ["Klotter vid torget."]


def test_a_whitespace_role_filter_in_admin_lists_every_user(as_coordinator, coordinator, member):
    response = as_coordinator.get("/admin/anvandare?role=%20")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert member.display_name in html and coordinator.display_name in html


def test_control_characters_in_a_search_are_dropped(as_coordinator, member):
    """PostgreSQL refuses NUL in a string; the search reads "anv" and finds "Användare …"."""
    response = as_coordinator.get("/admin/anvandare?q=%00anv%01")
    assert response.status_code == 200
    assert member.display_name in response.get_data(as_text=True)


# --- a page number beyond range shows the last page ---------------------------------------------------


@pytest.mark.parametrize("sida", ["9223372036854775808", "99999999999", "3"])
def test_a_page_beyond_the_last_shows_the_last_page(as_coordinator, this_week, sida):
    response = as_coordinator.get(f"/vecka/{this_week}/iakttagelser?sida={sida}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Klotter vid torget." in html
    assert "sida 3" not in html and 'rel="next"' not in html
    audit = as_coordinator.get(f"/admin/logg?sida={sida}").get_data(as_text=True)
    assert "Inloggning" in audit and "Nästa sida" not in audit


# --- a POST over the size limit gets the Swedish 413 page ---------------------------------------------


def _multipart_over(limit: int) -> tuple[bytes, str]:
    body = (
        b'--grans\r\nContent-Disposition: form-data; name="fil"; filename="stor.csv"\r\n\r\n'
        + b"x" * (limit + 1024)
        + b"\r\n--grans--\r\n"
    )
    return body, "multipart/form-data; boundary=grans"


@pytest.mark.parametrize("url", ["/iakttagelser/import", "/trygghetsmatning/importera", "/iakttagelser/ny"])
def test_a_post_over_the_size_limit_gets_the_swedish_413_page(app, as_coordinator, url):
    body, content_type = _multipart_over(app.config["MAX_CONTENT_LENGTH"])
    response = as_coordinator.post(url, data=body, content_type=content_type)
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "För stor fil" in html and "Logga ut" in html


# --- Unicode digits are refused beside the field or ignored --------------------------------------------


def test_unicode_digits_in_action_links_are_refused_beside_the_field(
    as_coordinator, chair, make_meeting, db_read
):
    meeting = make_meeting(chair)
    owner = str(chair.organisation_id)
    response = as_coordinator.post(
        f"/moten/{meeting.id}/atgarder",
        data={
            "title": "Vandring",
            "owner_organisation_id": owner,
            "observation_ids": "²  99999999999999999999",
        },
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "”²” är inget iakttagelsenummer." in html
    assert "Iakttagelse #99999999999999999999 finns inte." in html
    assert db_read(lambda session: session.scalar(select(Action.id))) is None


def test_unicode_digits_in_action_choices_and_return_link(as_coordinator, chair, make_meeting, make_action):
    meeting = make_meeting(chair)
    action = make_action(meeting, chair)
    response = as_coordinator.post(
        f"/atgarder/{action.id}/andra",
        data={
            "title": "Ny titel",
            "owner_organisation_id": "٣",
            "area_id": "²",
            "tillbaka": "99999999999999999999",
        },
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Välj ett alternativ i listan." in html
    assert 'id="area_id-error"' in html and 'id="owner_organisation_id-error"' in html
    status = as_coordinator.post(
        f"/atgarder/{action.id}/status", data={"status": "klar", "tillbaka": "99999999999999999999"}
    )
    assert status.status_code == 302


def _upload_observations(client, make_org, rows: str):
    organisation = make_org("Bevakning AB", OrganisationKind.BEVAKNINGSBOLAG)
    data = ("plats;kategori;datum;beskrivning;antal\n" + rows).encode()
    response = client.post(
        "/iakttagelser/import",
        data={"organisation": str(organisation.id), "fil": (io.BytesIO(data), "logg.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    return response.location


def test_unicode_digits_in_import_column_choices_mean_no_column(as_coordinator, make_org):
    preview = _upload_observations(as_coordinator, make_org, "Stora torg;SKG.KLOTTER;2026-11-13;Klotter.;\n")
    mapping = {"kolumn_plats": "0", "kolumn_kategori": "1", "kolumn_datum": "²", "kolumn_beskrivning": "3"}
    response = as_coordinator.post(preview, data=mapping)
    assert response.status_code == 200
    assert "Välj vilken kolumn som innehåller datum." in response.get_data(as_text=True)


def test_unicode_digits_in_an_imported_count_are_refused_on_their_row(as_coordinator, make_org):
    preview = _upload_observations(as_coordinator, make_org, "Stora torg;SKG.KLOTTER;2026-11-13;Klotter.;٥\n")
    response = as_coordinator.get(preview)
    assert response.status_code == 200
    assert "Ange antal som ett heltal från 1 till" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("antal", "٥", "Ange antal som ett heltal"), ("tid", "٢١:٣٠", "Ange klockslag som TT:MM")],
)
def test_unicode_digits_in_the_post_form_are_refused_beside_the_field(
    signed_in_member, valid_form, field, value, message
):
    """int() reads Arabic-Indic digits as a number; the form asks for 0–9 instead of guessing."""
    response = signed_in_member.post("/iakttagelser/ny", data=valid_form(**{field: value}))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


@pytest.fixture
def signed_in_member(client, login_as, member, reference):
    login_as(member)
    return client


def _upload_survey(client, rows: str) -> str:
    """Upload survey rows under the standard heading; a refused file stays on the upload page (200)."""
    response = client.post(
        "/trygghetsmatning/importera",
        data={"file": (io.BytesIO((SURVEY_HEADER + rows).encode()), "matning.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_unicode_digits_in_a_survey_year_are_named_on_their_line(as_coordinator):
    page = _upload_survey(as_coordinator, "²,Berga,Otrygghet,3,Polisen,\n")
    assert "Året ”²” är inget årtal." in page


@pytest.mark.parametrize("query", ["fran=%C2%B2&till=%D9%A2", "ar=%D9%A2%D9%A0%D9%A2%D9%A0"])
def test_unicode_digits_in_year_filters_are_ignored(as_coordinator, query):
    this_year = today_local().year
    url = "/trygghetsmatning" if "fran" in query else "/medborgarloften"
    response = as_coordinator.get(f"{url}?{query}")
    assert response.status_code == 200
    assert str(this_year) in response.get_data(as_text=True)
    assert "2020" not in response.get_data(as_text=True).split("<main", 1)[1].split("<form", 1)[0]


def test_unicode_digits_in_a_promise_year_are_refused_beside_the_field(as_coordinator, make_org, db_read):
    organisation = make_org()
    response = as_coordinator.post(
        "/medborgarloften/nytt",
        data={
            "year": "٢٠٢٦",
            "text": "Fyra vandringar",
            "target": "1_000",
            "organisations": str(organisation.id),
            # The promise's one area became a choice of several areas; its main goal is a select.
            "goal": "²",
            "areas": "²",
        },
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Skriv året med fyra siffror, till exempel 2026." in html
    assert "Skriv ett heltal, till exempel 4." in html
    assert "Välj ett alternativ i listan." in html
    assert "Ogiltigt val." in html
    assert db_read(lambda session: session.scalar(select(Promise.id))) is None


# --- the survey import: over-long cells and a tampered confirmation ------------------------------------


def test_a_survey_cell_over_the_csv_field_limit_gets_a_message(as_coordinator):
    page = _upload_survey(as_coordinator, '2024,Berga,Otrygghet,3,"' + "k" * 200_000 + '",\n')
    assert "kunde inte läsas som CSV (en cell är för lång)" in page


def test_non_ascii_in_the_survey_confirmation_token_is_the_swedish_404(as_coordinator):
    token = "åäö" + base64.urlsafe_b64encode(b"x" * 16).decode()[:19]
    response = as_coordinator.post(f"/trygghetsmatning/importera/{token}/bekrafta")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.get_data(as_text=True)


# --- days in year 1 or 9999 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("date_from=0001-01-01", "date_from"),
        ("date_to=9999-12-31", "date_to"),
        ("date_from=1999-12-31", None),
    ],
)
def test_days_outside_2000_to_2100_in_the_audit_filter_are_refused(as_coordinator, query, field, db_read):
    response = as_coordinator.get(f"/admin/logg?{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Välj ett datum mellan 2000-01-01 och 2100-12-31." in html
    # The sign-in was recorded; the page lists nothing.
    assert db_read(lambda session: session.scalar(select(AuditEvent.id))) is not None


@pytest.mark.parametrize("dates", ["from=0001-01-01&to=0001-12-31", "from=9999-01-01&to=9999-12-31"])
@pytest.mark.parametrize("url", ["/problembild", "/problembild/fil/csv"])
def test_days_outside_2000_to_2100_in_the_problembild_are_refused(as_coordinator, url, dates):
    response = as_coordinator.get(f"{url}?{dates}")
    assert response.status_code == 400
    assert "Välj ett datum mellan 2000-01-01 och 2100-12-31." in response.get_data(as_text=True)


def test_an_action_due_in_year_one_is_refused_beside_the_field(as_coordinator, chair, make_meeting, db_read):
    meeting = make_meeting(chair)
    response = as_coordinator.post(
        f"/moten/{meeting.id}/atgarder",
        data={
            "title": "Vandring",
            "owner_organisation_id": str(chair.organisation_id),
            "due_on": "0001-01-01",
        },
    )
    assert response.status_code == 200
    assert "Välj ett datum mellan 2000-01-01 och 2100-12-31." in response.get_data(as_text=True)
    assert db_read(lambda session: session.scalar(select(Action.id))) is None


# --- ids in the path beyond the database's integer ------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/moten/99999999999999999999", "/iakttagelser/2147483648", "/admin/anvandare/99999999999999999999"],
)
def test_an_id_beyond_the_database_integer_is_404(as_coordinator, url):
    assert as_coordinator.get(url).status_code == 404


def test_a_promise_year_far_outside_the_calendar_is_refused(as_coordinator, make_org, db_read):
    """Hypothesis found it: a year such as 72242 crashed building the form's choices for that year."""
    organisation = make_org()
    response = as_coordinator.post(
        "/medborgarloften/nytt",
        data={"year": "72242", "text": "Vandringar", "target": "4", "organisations": str(organisation.id)},
    )
    assert response.status_code == 200
    assert "Ange ett år mellan 2000 och 2100." in response.get_data(as_text=True)
    assert db_read(lambda session: session.scalar(select(Promise.id))) is None
