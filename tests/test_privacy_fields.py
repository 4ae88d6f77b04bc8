"""One personal-data guard on every free-text field: each form refuses personal data with the message
beside the field and keeps what was typed; the survey import and create-user refuse it too; nothing
unguarded is frozen into a meeting record.

The personnummer is written with an en dash, as word processors and phones write it: the guard before
the normalisation let that notation through even in the observation form. The hypothesis tests post
generated personal data of every kind, in every notation, inside arbitrary text, to every field.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from lagesbild.extensions import db
from lagesbild.meeting import operations as meeting_operations
from lagesbild.models import (
    Action,
    AgendaItem,
    Meeting,
    MeetingStatus,
    Observation,
    Organisation,
    Promise,
    Role,
    SurveyValue,
    User,
)
from lagesbild.observations.fields import FIELDS
from lagesbild.observations.importing import Upload, check_rows
from lagesbild.observations.queries import validation_context
from lagesbild.periods import period_for_week
from lagesbild.promises.survey_import import parse_survey_csv

from .personal_data import any_personal_data

TYPED = "Möte med boende; 850709–9805 nämndes."


def message(label: str) -> str:
    where = "(”850709–9805”, tecken 18–28)"
    return f"{label} verkar innehålla ett personnummer {where}. Ta bort det innan du sparar."


class _Fields(HTMLParser):
    """The value of each input and the text of each textarea, by id, and each element's text by id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and "id" in attrs:
            self.values[attrs["id"]] = attrs.get("value") or ""
        if tag in ("textarea", "p") and "id" in attrs:
            self._open.append(attrs["id"])
            self.texts[attrs["id"]] = ""

    def handle_endtag(self, tag):
        if tag in ("textarea", "p") and self._open:
            element = self._open.pop()
            if tag == "textarea":
                self.values[element] = self.texts[element].removeprefix("\r\n").removeprefix("\n")

    def handle_data(self, data):
        for element in self._open:
            self.texts[element] += data


def fields_of(response) -> _Fields:
    parser = _Fields()
    parser.feed(response.get_data(as_text=True))
    return parser


@dataclass
class Case:
    client: object
    url: str
    data: dict
    field_id: str
    label: str
    nothing_saved: object  # a callable of a session: True when the refused text is nowhere in the database


@pytest.fixture
def people(make_user, make_org, reference):
    org = make_org("Eslövs Bostads AB")
    return {
        "member": make_user(Role.MEMBER, organisation=org),
        "chair": make_user(Role.CHAIR, organisation=org),
        "coordinator": make_user(Role.COORDINATOR, organisation=org),
        "org": org,
    }


def _no_observation_says_it(session):
    return session.scalar(select(func.count()).where(Observation.description.contains("9805"))) == 0


def _observation_post(env, people):
    client = env["login_as"](people["member"])
    return Case(
        client, "/iakttagelser/ny", env["valid_form"](beskrivning=TYPED), "beskrivning", "Beskrivningen",
        _no_observation_says_it,
    )  # fmt: skip


def _observation_edit(env, people):
    observation = env["make_observation"](author=people["member"])
    client = env["login_as"](people["member"])
    return Case(
        client, f"/iakttagelser/{observation.id}/andra", env["valid_form"](beskrivning=TYPED), "beskrivning",
        "Beskrivningen", _no_observation_says_it,
    )  # fmt: skip


def _correction_reason(env, people):
    observation = env["make_observation"](author=people["member"])
    client = env["login_as"](people["chair"])
    data = env["valid_form"](anledning=TYPED)
    return Case(
        client, f"/iakttagelser/{observation.id}/andra", data, "anledning", "Anledningen",
        lambda session: session.get(Observation, observation.id).description == "Klotter på väggen.",
    )  # fmt: skip


def _withdrawal_reason(env, people):
    observation = env["make_observation"](author=people["member"])
    client = env["login_as"](people["member"])
    return Case(
        client, f"/iakttagelser/{observation.id}/aterkalla", {"anledning": TYPED}, "anledning", "Anledningen",
        lambda session: session.get(Observation, observation.id).is_active,
    )  # fmt: skip


def _meeting_notes(env, people):
    meeting = env["make_meeting"](people["chair"])
    item = meeting.agenda_items[1]
    client = env["login_as"](people["chair"])
    return Case(
        client, f"/moten/{meeting.id}/anteckningar", {f"p{item.id}-notes": TYPED, "version": 0},
        f"p{item.id}-notes",
        "Anteckningarna", lambda session: session.get(AgendaItem, item.id).notes == "",
    )  # fmt: skip


def _close_reason(env, people):
    from lagesbild.meeting import week

    with env["app"].app_context():
        period = week.current_period()  # its meeting day is still to come: a reason is asked for
    meeting = env["make_meeting"](people["chair"], period=period)
    client = env["login_as"](people["chair"])
    return Case(
        client, f"/moten/{meeting.id}/avsluta", {"bekraftad": "ja", "anledning": TYPED},
        "anledning", "Skälet",
        lambda session: session.get(Meeting, meeting.id).status is MeetingStatus.OPEN,
    )  # fmt: skip


def _action(field: str):
    def make(env, people):
        meeting = env["make_meeting"](people["chair"])
        client = env["login_as"](people["chair"])
        data = {"title": "Sanera klotter", "owner_organisation_id": people["org"].id, "status": "oppen"}
        data[field] = TYPED
        return Case(
            client, f"/moten/{meeting.id}/atgarder", data, field,
            {"title": "Åtgärden", "description": "Beskrivningen"}[field],
            lambda session: session.scalar(select(func.count()).select_from(Action)) == 0,
        )  # fmt: skip

    return make


def _action_edit(env, people):
    meeting = env["make_meeting"](people["chair"])
    action = env["make_action"](meeting, people["chair"], title="Sanera klotter")
    client = env["login_as"](people["chair"])
    data = {"title": TYPED, "owner_organisation_id": action.owner_organisation_id, "status": "oppen"}
    return Case(
        client, f"/atgarder/{action.id}/andra", data, "title", "Åtgärden",
        lambda session: session.get(Action, action.id).title == "Sanera klotter",
    )  # fmt: skip


def _promise(env, people):
    client = env["login_as"](people["coordinator"])
    data = {
        "year": "2026",
        "text": TYPED,
        "target": "3",
        "organisations": [str(people["org"].id)],
        "categories": [str(env["category_id"]("AKT.MEDBORGARDIALOG"))],
        "area": "0",
    }
    return Case(
        client, "/medborgarloften/nytt", data, "text", "Löftet",
        lambda session: session.scalar(select(func.count()).select_from(Promise)) == 0,
    )  # fmt: skip


def _organisation(env, people):
    client = env["login_as"](people["coordinator"])
    return Case(
        client, "/admin/organisationer/ny", {"name": TYPED, "kind": "ovrig"}, "name", "Namnet",
        lambda session: session.scalar(select(Organisation).where(Organisation.name == TYPED)) is None,
    )  # fmt: skip


def _user(env, people):
    client = env["login_as"](people["coordinator"])
    data = {
        "display_name": TYPED,
        "email": "ny@example.com",
        "organisation_id": people["org"].id,
        "role": "member",
    }
    return Case(
        client, "/admin/anvandare/ny", data, "display_name", "Namnet",
        lambda session: session.scalar(select(User).where(User.email == "ny@example.com")) is None,
    )  # fmt: skip


CASES = {
    "observation": _observation_post,
    "observation-edit": _observation_edit,
    "correction-reason": _correction_reason,
    "withdrawal-reason": _withdrawal_reason,
    "meeting-notes": _meeting_notes,
    "meeting-close-reason": _close_reason,
    "action-title": _action("title"),
    "action-description": _action("description"),
    "action-edit-title": _action_edit,
    "promise-text": _promise,
    "organisation-name": _organisation,
    "user-name": _user,
}


@pytest.fixture
def env(app, login_as, valid_form, make_observation, make_meeting, make_action, category_id):
    return {
        "app": app,
        "login_as": login_as,
        "valid_form": valid_form,
        "make_observation": make_observation,
        "make_meeting": make_meeting,
        "make_action": make_action,
        "category_id": category_id,
    }


@pytest.mark.parametrize("case_name", CASES)
def test_personal_data_is_refused_beside_the_field_and_the_text_is_kept(env, people, case_name, db_read):
    case = CASES[case_name](env, people)
    response = case.client.post(case.url, data=case.data)
    assert response.status_code == 200
    page = fields_of(response)
    assert page.texts[f"{case.field_id}-error"].strip() == message(case.label)
    assert page.values[case.field_id] == TYPED
    assert db_read(case.nothing_saved)


def test_a_survey_file_with_personal_data_in_indicator_or_source_is_refused(login_as, people, db_read):
    client = login_as(people["coordinator"])
    rows = (
        "year,area,indicator,value,source,published\n"
        "2025,Berga,Problemindex,2.9,Polisen 2025,2025-10-15\n"
        "2025,Berga,Oro,3.1,kontakt anna＠exempel.se,2025-10-15\n"
        "2024,Berga,Fråga till 070–123 45 67,3.1,Polisen,2025-10-15\n"
    )
    response = client.post(
        "/trygghetsmatning/importera",
        data={"file": (io.BytesIO(rows.encode()), "matning.csv")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert "Källan verkar innehålla en e-postadress (”anna＠exempel.se”, tecken 9–23)." in page
    assert "Indikatorn verkar innehålla ett telefonnummer (”070–123 45 67”, tecken 12–24)." in page
    assert "bekrafta" not in page  # no confirmation offered: nothing can be imported
    assert db_read(lambda session: session.scalar(select(func.count()).select_from(SurveyValue))) == 0


def test_create_user_refuses_personal_data_in_the_names(runner, db_read):
    args = ["create-user", "--email", "s@eslov.se", "--password", "en-lång-fras-för-sara"]
    named = runner.invoke(args=[*args, "--name", "Sara 850709–9805", "--organisation", "Eslövs kommun"])
    assert named.exit_code != 0
    assert "Namnet verkar innehålla ett personnummer (”850709–9805”, tecken 6–16)." in named.output
    org = runner.invoke(args=[*args, "--name", "Sara S", "--organisation", "Kommunen 0413-123 45"])
    assert org.exit_code != 0 and "Organisationens namn verkar innehålla ett telefonnummer" in org.output
    assert db_read(lambda session: session.scalar(select(func.count()).select_from(User))) == 0


def test_notes_with_a_personnummer_never_reach_the_frozen_record(login_as, people, make_meeting, stored):
    chair = people["chair"]
    meeting = make_meeting(chair)
    item = meeting.agenda_items[0]
    client = login_as(chair)
    client.post(f"/moten/{meeting.id}/anteckningar", data={f"p{item.id}-notes": TYPED, "version": 0})
    client.post(f"/moten/{meeting.id}/avsluta", data={"bekraftad": "ja"})
    record = client.get(f"/moten/{meeting.id}").get_data(as_text=True)
    closed = stored(Meeting, meeting.id)
    assert closed.status is MeetingStatus.CLOSED
    assert "9805" not in closed.snapshot_json and "9805" not in record


def test_closing_refuses_notes_saved_before_the_guard_and_writes_nothing(
    app, login_as, people, make_meeting, make_observation
):
    """Notes stored before the guard covered them (or by any other path) must not be frozen."""
    chair = people["chair"]
    observation = make_observation(author=people["member"], occurred_on=period_for_week(2026, 47, 5).start)
    meeting = make_meeting(chair)
    with app.app_context():
        db.session.get(AgendaItem, meeting.agenda_items[-1].id).notes = "Boende på 0701234567 ringde."
        db.session.commit()
    client = login_as(chair)
    page = client.post(
        f"/moten/{meeting.id}/avsluta", data={"bekraftad": "ja"}, follow_redirects=True
    ).get_data(as_text=True)
    assert (
        "Mötet är inte avslutat: protokollet får inte innehålla personuppgifter. Anteckningarna till punkt "
        f"{len(meeting.agenda_items)} verkar innehålla ett telefonnummer (”0701234567”, tecken 11–20)."
    ) in page
    with app.app_context():
        closed = db.session.get(Meeting, meeting.id)
        assert (closed.status, closed.snapshot_json) == (MeetingStatus.OPEN, None)
        assert db.session.get(Observation, observation.id).locked_at is None

        with pytest.raises(meeting_operations.PersonalDataInRecord):
            meeting_operations.close_meeting(
                db.session, closed, period_for_week(2026, 47, 5), db.session.get(User, chair.id)
            )


# --- generated personal data in any notation -----------------------------------------------------

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Arbitrary text around the data (no control characters: those have their own message), always
# separated from it by a space so that the surrounding text cannot change what the data is.
AROUND = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=20)
PERSONAL = st.randoms(use_true_random=False).map(any_personal_data)
TEXTS = st.builds(lambda before, data, after: f"{before} {data} {after}", AROUND, PERSONAL, AROUND)


@pytest.fixture
def case(request, env, people):
    return CASES[request.param](env, people)


@pytest.mark.parametrize("case", CASES, indirect=True)
@SETTINGS
@given(text=TEXTS)
def test_generated_personal_data_is_refused_in_every_field(case, text, db_read):
    form_field = next(name for name, value in case.data.items() if value == TYPED)
    response = case.client.post(case.url, data={**case.data, form_field: text})
    assert response.status_code == 200
    page = fields_of(response)
    assert page.texts[f"{case.field_id}-error"].strip().startswith(f"{case.label} verkar innehålla ")
    assert page.values[case.field_id] == text
    assert db_read(case.nothing_saved)


@SETTINGS
@given(cells=st.fixed_dictionaries({"indicator": st.one_of(TEXTS, st.just("Oro")), "source": TEXTS}))
def test_generated_personal_data_in_survey_cells_is_refused(cells):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["year", "area", "indicator", "value", "source", "published"])
    writer.writerow(["2025", "Berga", cells["indicator"], "3,1", cells["source"], ""])
    parsed = parse_survey_csv(out.getvalue().encode(), ["Berga"], date(2026, 11, 22))
    assert not parsed.ok and parsed.rows == []
    assert any(problem.startswith("Källan verkar innehålla ") for _line, problem in parsed.problems)
    if cells["indicator"] != "Oro":
        assert any(problem.startswith("Indikatorn verkar innehålla ") for _line, problem in parsed.problems)


@SETTINGS
@given(description=TEXTS)
def test_generated_personal_data_in_an_import_cell_is_refused(database, reference, description):
    """The row check itself, in the session the test holds (no request involved)."""
    row = {
        "plats": "Stora torg",
        "kategori": "SKG.KLOTTER",
        "datum": "2026-11-13",
        "beskrivning": description,
    }
    upload = Upload("t", 1, 1, "logg.csv", "", list(FIELDS), [(2, [row.get(name, "") for name in FIELDS])])
    mapping = {name: index for index, name in enumerate(FIELDS)}
    [result] = check_rows(upload, mapping, validation_context(database), lambda keys: set())
    assert result.clean is None
    assert [name for name, message in result.problems if "verkar innehålla" in message] == ["beskrivning"]
