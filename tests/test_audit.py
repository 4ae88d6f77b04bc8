"""No free text in the audit trail: events name the text fields that changed and keep the other values;
a correction that removes a name leaves no copy of it anywhere (database, audit, frozen record, pages)."""

import io
import json
import os
import re
import zipfile
from datetime import UTC, date, datetime

import pytest
from flask_migrate import upgrade
from sqlalchemy import MetaData, String, Text, insert, select

from lagesbild import audit, create_app
from lagesbild.extensions import db
from lagesbild.meeting import operations as meeting_ops
from lagesbild.models import (
    Action,
    ActionStatus,
    AuditEvent,
    Base,
    Category,
    Meeting,
    Observation,
    Organisation,
    Place,
    Promise,
    Role,
    User,
)
from lagesbild.promises import operations as promise_ops

from .support import clean_at, create_postgres_database, login

NAME = "Kalle Svensson"


def _events(action: str) -> list[AuditEvent]:
    return list(
        db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
    )


def _every_stored_value() -> list[tuple[str, str, str]]:
    """(table, column, text) for every non-empty value of every table the live database holds."""
    metadata = MetaData()
    metadata.reflect(db.engine)
    found = []
    with db.engine.connect() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(select(table)).mappings():
                for column, value in row.items():
                    if value is None:
                        continue
                    if isinstance(value, dict | list):
                        text = json.dumps(value, ensure_ascii=False)
                    elif isinstance(value, bytes | memoryview):
                        text = bytes(value).decode("utf-8", "replace")
                    else:
                        text = str(value)
                    found.append((table.name, column, text))
    return found


def _where_stored(needle: str) -> list[tuple[str, str]]:
    return sorted({(table, column) for table, column, text in _every_stored_value() if needle in text})


def _xlsx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def test_a_correction_that_removes_a_name_leaves_no_copy_anywhere(
    app, reference, make_user, make_org, db_read, stored
):
    member = make_user(Role.MEMBER, organisation=make_org("Eslövs Bostads AB"))
    chair = make_user(Role.CHAIR, organisation=make_org("Polisen Eslöv"))
    coordinator = make_user(Role.COORDINATOR, organisation=make_org("Eslövs kommun"))
    member_client, chair_client, coordinator_client = (app.test_client() for _ in range(3))
    for client, user in ((member_client, member), (chair_client, chair), (coordinator_client, coordinator)):
        assert login(client, user).status_code == 302
    form = {
        "token": "a-one-time-token-of-sufficient-length",
        "plats": "Stora torg",
        "lat": "",
        "lon": "",
        "kategori": "SKG.KLOTTER",
        "datum": "2026-11-16",
        "tid": "21:30",
        "tidsband": "",
        "omfattning": "enstaka",
        "antal": "",
        "beskrivning": f"{NAME} sprejade klotter på väggen vid fontänen.",
        "polis": "nej",
        "delning": "gruppen",
    }
    # A plain name is not personal data the guard can recognise: the post goes through.
    assert member_client.post("/iakttagelser/ny", data=form).status_code == 302
    observation = db_read(lambda session: session.scalar(select(Observation)))
    assert NAME in observation.description

    # The chair shows it at the meeting, links it to an action and closes the meeting.
    assert chair_client.post("/vecka/2026-47/mote").status_code == 302
    meeting, item = db_read(lambda session: (m := session.scalar(select(Meeting)), m.agenda_items[0]))
    chair_client.post(
        f"/moten/{meeting.id}/anteckningar", data={f"p{item.id}-notes": "Ebo sanerar.", "version": 0}
    )
    owner = db_read(
        lambda session: session.scalar(select(Organisation).where(Organisation.name == "Eslövs Bostads AB"))
    )
    chair_client.post(
        f"/moten/{meeting.id}/atgarder",
        data={
            "title": "Sanera klotter vid fontänen",
            "owner_organisation_id": owner.id,
            "due_on": "2026-11-27",
            "status": "oppen",
            "observation_ids": f"#{observation.id}",
        },
    )
    assert chair_client.post(f"/moten/{meeting.id}/avsluta", data={"bekraftad": "ja"}).status_code == 302
    assert stored(Meeting, meeting.id).snapshot_json
    assert db_read(lambda session: _where_stored(NAME))  # the name is stored before the correction

    # The chair corrects it to remove the name.
    corrected = form | {"beskrivning": "En person sprejade klotter på väggen vid fontänen."}
    response = chair_client.post(
        f"/iakttagelser/{observation.id}/andra", data=corrected | {"anledning": "Personnamn borttaget"}
    )
    assert response.status_code == 302

    assert db_read(lambda session: _where_stored(NAME)) == []
    pages = {
        "audit log": coordinator_client.get("/admin/logg"),
        "change history": chair_client.get(f"/iakttagelser/{observation.id}"),
        "frozen record": chair_client.get(f"/moten/{meeting.id}"),
        "meeting search": chair_client.get("/moten?q=Svensson"),
        "week page": chair_client.get("/vecka/2026-47"),
        "week map": chair_client.get("/vecka/2026-47/karta.json"),
        "group list": member_client.get("/iakttagelser?vecka=2026-47"),
        "group list json": member_client.get("/iakttagelser.json?vecka=2026-47"),
    }
    for kind in ("csv", "geojson", "html", "xlsx"):
        pages[f"problembild {kind}"] = coordinator_client.get(
            f"/problembild/fil/{kind}?from=2026-01-01&to=2026-12-31&variant=intern"
        )
    for name, response in pages.items():
        assert response.status_code == 200, name
        data = response.get_data()
        text = _xlsx_text(data) if name.endswith("xlsx") else data.decode("utf-8")
        assert NAME not in text, name
    # The audit log names the field the correction changed.
    assert "<dt>Ändrade fält</dt><dd>Beskrivning</dd>" in pages["audit log"].get_data(as_text=True)
    history = pages["change history"].get_data(as_text=True)
    assert "Beskrivning ändrad" in history and "Personnamn borttaget" in history
    assert "En person sprejade klotter" in history  # the current text, shown once, above the table
    record = pages["frozen record"].get_data(as_text=True)
    assert (
        "Sanera klotter vid fontänen" in record and f"#{observation.id}" in record
    )  # still what was decided


def test_the_audit_trail_refuses_free_text_keys(app):
    with app.app_context():
        for part in ("before", "after", "detail"):
            with pytest.raises(audit.FreeTextInAudit):
                audit.record("observation.update", **{part: {"description": f"{NAME} var där"}})
        with pytest.raises(audit.FreeTextInAudit):
            audit.record("observation.correct", detail={"reason": f"Tog bort {NAME}"})
        db.session.rollback()


# Text columns that are not free text people write about what happened: names of reference data and
# accounts, codes, hashes, file metadata, the generated agenda titles and the frozen record itself.
NOT_FREE_TEXT = {
    "area.name",
    "area.geojson",
    "category.code",
    "category.name",
    "category.colour",
    "category.description",
    "organisation.name",
    "place.name",
    "place.kind",
    "place.source",
    "survey_value.indicator",
    "survey_value.source",
    "survey_value.scope_name",
    "focus_area.name",
    "agreement_activity.name",
    "user_account.email",
    "user_account.display_name",
    "user_account.password_hash",
    "user_account.totp_secret",
    "audit_event.action",
    "audit_event.object_type",
    "audit_event.client_address",
    "import_batch.filename",
    "import_batch.sha256",
    "meeting.snapshot_json",
    "meeting_record_version.snapshot_json",
    "one_time_token.token_hash",
    "recovery_code.code_hash",
    "user_session.token_hash",
    "user_session.client_address",
    "agenda_item.title",
    "observation.dedup_key",
    # The roll-ups' time band is one of TimeBand's values, or '' for none (lagesbild/rollup/table.py).
    "observation_day_count.time_band",
    "login_throttle.key",
    "login_throttle.scope",
    # Mail is built from counts, dates and reference names only (lagesbild/mail/messages.py).
    "outbox_message.event_key",
    "outbox_message.recipient",
    "outbox_message.message_id",
    "outbox_message.subject",
    "outbox_message.body_text",
    "outbox_message.body_html",
    "outbox_message.claimed_by",
    "outbox_message.last_error",
    "calendar_feed.token_hash",
    # Reference data: names and sources, through the personal-data guard like the names above.
    "area.source",
    "place.aliases",
    "installation.reference_set",
    "area.source_key",
    "place.source_key",
    "category.source_key",
    "organisation.source_key",
    "walk.route_geojson",
    "walk_finding.client_key",
    "walk_photo.token",
}


def test_every_text_column_is_classified_so_new_free_text_cannot_reach_the_audit_trail():
    """A new text column must be marked free text (then events name it, never copy it) or listed here."""
    unclassified = sorted(
        f"{table.name}.{column.name}"
        for table in Base.metadata.tables.values()
        for column in table.columns
        if type(column.type) in (String, Text)
        and not column.info.get("free_text")
        and f"{table.name}.{column.name}" not in NOT_FREE_TEXT
    )
    assert unclassified == []
    assert {
        "description",
        "correction_reason",
        "withdrawal_reason",
        "notes",
        "title",
        "text",
    } <= audit.FREE_TEXT_KEYS


def test_meeting_notes_action_and_promise_events_name_the_text_without_copying_it(
    database, reference, make_user, make_org, make_meeting, make_action
):
    """The operations themselves, in the session the test holds (no request involved)."""
    chair = make_user(Role.CHAIR)
    meeting = make_meeting(chair)
    item = meeting.agenda_items[0]
    meeting_ops.save_notes(db.session, meeting, {item.id: f"{NAME} syntes vid fontänen."}, 0, chair)
    action = make_action(meeting, chair, title=f"Prata med {NAME}", description=f"{NAME} igen")
    meeting_ops.update_action(
        db.session,
        action,
        chair,
        observation_ids=[],
        title="Prata med fastighetsägaren",
        description="",
        status=ActionStatus.PAGAR,
        due_on=date(2026, 12, 11),
    )
    police = make_org("Polisen LPO Eslöv")
    fields = promise_ops.PromiseFields(2026, f"{NAME} lovar dialoger", 3, [police.id], [], [])
    promise = promise_ops.create_promise(db.session, fields, chair)
    promise_ops.update_promise(
        db.session, promise, promise_ops.PromiseFields(2026, "Tre dialoger", 4, [police.id], [], []), chair
    )
    db.session.commit()

    assert [(e.object_id, e.detail) for e in _events("meeting.notes")] == [
        (item.id, {"meeting_id": meeting.id, "fields": ["notes"]})
    ]
    (update,) = _events("action.update")
    assert update.detail["fields"] == ["title", "description", "due_on", "status"]
    assert update.before == {"due_on": "2026-12-04", "status": "oppen"}
    assert update.after == {"due_on": "2026-12-11", "status": "pagar"}
    (created,) = _events("action.create")
    assert created.after["owner_organisation_id"] and "title" not in created.after
    (promise_update,) = _events("promise.update")
    assert promise_update.detail == {"fields": ["text", "target"]}
    assert (promise_update.before, promise_update.after) == ({"target": 3}, {"target": 4})
    assert db.session.get(Promise, promise.id).text == "Tre dialoger"
    assert [where for where in _where_stored(NAME) if where[0] == "audit_event"] == []


def test_editing_an_actions_text_restates_it_in_the_frozen_record(
    app, reference, make_user, make_meeting, make_action, make_observation, week47, stored, db_read
):
    chair = make_user(Role.CHAIR)
    seen = make_observation(occurred_on=date(2026, 11, 16))
    meeting = make_meeting(chair)
    action = make_action(meeting, chair, title=f"Prata med {NAME}", observation_ids=[seen.id])
    with app.app_context():
        closer = db.session.get(User, chair.id)
        closing = db.session.get(Meeting, meeting.id)
        meeting_ops.close_meeting(db.session, closing, week47, closer)
        db.session.commit()
        # Reopened and closed again the same day: the first record is kept as version 1, with the name.
        meeting_ops.reopen_meeting(db.session, closing, closer)
        meeting_ops.close_meeting(db.session, closing, week47, closer)
        db.session.commit()
        assert NAME in closing.record_versions[0].snapshot_json
        meeting_ops.update_action(
            db.session,
            db.session.get(Action, action.id),
            closer,
            observation_ids=[seen.id],
            title="Prata med fastighetsägaren",
            description="",
            status=ActionStatus.KLAR,
            due_on=action.due_on,
        )
        db.session.commit()

    client = app.test_client()
    login(client, chair)
    record = client.get(f"/moten/{meeting.id}").get_data(as_text=True)
    assert NAME not in record and NAME not in stored(Meeting, meeting.id).snapshot_json
    kept = db_read(lambda session: session.get(Meeting, meeting.id).record_versions[0].snapshot_json)
    assert NAME not in kept
    assert "Prata med fastighetsägaren" in record and "Texten rättad efter mötet" in record
    assert "<td>Öppen</td>" in record and "<td>Klar</td>" not in record  # the status as at closing
    assert f"#{seen.id}" in record


def test_change_history_reads_in_swedish_with_names_not_ids(app, reference, chair, member, make_observation):
    from lagesbild.observations import operations

    observation = make_observation(author=member, occurred_on=date(2026, 11, 16), description="Klotter.")
    with app.app_context():
        klotter = db.session.get(Category, observation.category_id).full_name
        berga = db.session.scalar(select(Place).where(Place.name == "Berga"))
        fires = db.session.scalar(select(Category).where(Category.code == "BRD.AVFALL"))
        fires_name = fires.full_name
        clean = clean_at(
            berga,
            date(2026, 11, 17),
            fires.id,
            time_of_day=observation.time_of_day,
            time_band="kvall",
            extent=observation.extent.value,
            description="Brand i container.",
            reported_to_police="ja",
        )
        operations.update_observation(
            db.session,
            db.session.get(Observation, observation.id),
            clean,
            db.session.get(User, chair.id),
            "Fel kategori och plats",
        )
        db.session.commit()

    client = app.test_client()
    login(client, chair)
    page = client.get(f"/iakttagelser/{observation.id}").get_data(as_text=True)
    assert f"Kategori: {klotter} → {fires_name}" in page
    assert "Plats: Stora torg → Berga" in page
    assert "Datum: 16 november 2026 → 17 november 2026" in page
    assert "Polisanmält: Vet ej → Ja" in page
    assert "Beskrivning ändrad" in page and "Fel kategori och plats" in page
    assert "(id)" not in page


# --- migration 0002 ---------------------------------------------------------------------------------


def _migration_database(database_url: str, tmp_path) -> str:
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'at-0001.sqlite3'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return create_postgres_database(database_url, f"lagesbild_migration_0002_{worker}")


class _OldRows:
    """Rows written as the code before revision 0002 wrote them (Core, against the 0001 tables)."""

    def __init__(self, conn):
        self.conn = conn
        self.tables = MetaData()
        self.tables.reflect(conn)

    def add(self, table: str, **values) -> int:
        result = self.conn.execute(insert(self.tables.tables[table]).values(**values))
        return result.inserted_primary_key[0]

    def event(self, action: str, object_type: str = "", object_id=None, **parts) -> int:
        at = datetime(2026, 11, 16, 12, tzinfo=UTC)
        return self.add(
            "audit_event",
            at=at,
            action=action,
            object_type=object_type,
            object_id=object_id,
            client_address="127.0.0.1",
            **parts,
        )


def test_migration_0002_removes_free_text_from_old_events_and_keeps_the_rest(database_url, tmp_path):
    url = _migration_database(database_url, tmp_path)
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path / "i"), "SECRET_KEY": "x"}
    )
    now = datetime(2026, 11, 16, 12, tzinfo=UTC)
    with app.app_context():
        upgrade(revision="0001")
        with db.engine.begin() as conn:
            old = _OldRows(conn)
            org = old.add(
                "organisation",
                name="Eslövs Bostads AB",
                kind="bostadsbolag",
                is_active=True,
                is_demo=False,
                created_at=now,
            )
            user = old.add(
                "user_account",
                email="a@example.com",
                display_name="Anna",
                organisation_id=org,
                role="chair",
                totp_enabled=False,
                is_active=True,
                is_demo=False,
                created_at=now,
            )
            area = old.add(
                "area", name="Berga", centre_lat=55.83, centre_lon=13.31, sort_order=1, is_active=True
            )
            category = old.add(
                "category",
                code="SKG",
                name="Skadegörelse",
                colour="#555555",
                description="",
                is_activity=False,
                sort_order=1,
                is_active=True,
            )
            obs = old.add(
                "observation",
                occurred_on=date(2026, 11, 16),
                lat=55.83,
                lon=13.31,
                area_id=area,
                category_id=category,
                extent="enstaka",
                description="En person sprejade.",
                reported_to_police="nej",
                sharing="gruppen",
                organisation_id=org,
                author_id=user,
                status="withdrawn",
                source="form",
                is_demo=False,
                created_at=now,
                updated_at=now,
            )
            text = f"{NAME} sprejade."
            full = {
                "occurred_on": "2026-11-16",
                "category_id": category,
                "description": text,
                "status": "active",
            }
            ids = {
                "create": old.event("observation.create", "observation", obs, after=full),
                "update": old.event(
                    "observation.update",
                    "observation",
                    obs,
                    before={"description": "Klotter.", "category_id": 3},
                    after={"description": text, "category_id": category},
                ),
                "first_correct": old.event(
                    "observation.correct",
                    "observation",
                    obs,
                    before={"description": "x"},
                    after={"description": text},
                    detail={"reason": "Fel kategori"},
                ),
                "correct": old.event(
                    "observation.correct",
                    "observation",
                    obs,
                    before={"description": text},
                    after={"description": "En person sprejade."},
                    detail={"reason": "Tog bort namnet"},
                ),
                "withdraw": old.event(
                    "observation.withdraw",
                    "observation",
                    obs,
                    before=full,
                    after={"status": "withdrawn"},
                    detail={"reason": "Dubblett"},
                ),
                "notes": old.event(
                    "meeting.notes",
                    "agendaitem",
                    7,
                    before={"notes": ""},
                    after={"notes": f"{NAME} syntes."},
                    detail={"meeting_id": 1},
                ),
                "action": old.event(
                    "action.update",
                    "action",
                    1,
                    before={"id": 1, "title": f"Prata med {NAME}", "description": "", "status": "oppen"},
                    after={"id": 1, "title": "Prata med ebo", "description": "", "status": "klar"},
                ),
                "promise": old.event(
                    "promise.create", "promise", 1, after={"year": 2026, "text": f"{NAME} lovar", "target": 3}
                ),
                "login": old.event("login.success", "user", user, detail={"method": "password"}),
                "org": old.event(
                    "organisation.update",
                    "organisation",
                    org,
                    before={"name": "ebo"},
                    after={"name": "Eslövs Bostads AB"},
                ),
            }
            meeting = old.add(
                "meeting",
                iso_year=2026,
                iso_week=47,
                meeting_date=date(2026, 11, 20),
                period_start=date(2026, 11, 13),
                period_end=date(2026, 11, 19),
                status="closed",
                opened_at=now,
                opened_by_id=user,
                closed_at=now,
                closed_by_id=user,
                snapshot_json=json.dumps(
                    {
                        "actions": [
                            {"id": 1, "title": f"Prata med {NAME}", "description": "", "status": "oppen"}
                        ]
                    }
                ),
            )
            old.add(
                "action",
                title="Prata med ebo",
                description="",
                owner_organisation_id=org,
                status="klar",
                meeting_id=meeting,
                created_by_id=user,
                created_at=now,
                updated_at=now,
            )

        upgrade()

        events = {name: db.session.get(AuditEvent, event_id) for name, event_id in ids.items()}
        assert _where_stored(NAME) == []
        assert events["create"].after == {
            "occurred_on": "2026-11-16",
            "category_id": category,
            "status": "active",
        }
        assert (events["update"].before, events["update"].after) == (
            {"category_id": 3},
            {"category_id": category},
        )
        assert events["update"].detail == {"fields": ["description", "category_id"]}
        assert events["correct"].detail == {"fields": ["description"]}
        assert events["withdraw"].before == {
            "occurred_on": "2026-11-16",
            "category_id": category,
            "status": "active",
        }
        assert events["withdraw"].detail == {"fields": ["status"]}
        assert events["notes"].detail == {"meeting_id": 1, "fields": ["notes"]}
        assert events["action"].before == {"id": 1, "status": "oppen"}
        assert events["action"].detail == {"fields": ["title", "status"]}
        assert events["promise"].after == {"year": 2026, "target": 3}
        assert events["login"].detail == {"method": "password"}
        assert (events["org"].before, events["org"].after) == ({"name": "ebo"}, {"name": "Eslövs Bostads AB"})
        observation = db.session.get(Observation, obs)
        assert observation.correction_reason == "Tog bort namnet"  # the latest reason, on its own row
        assert observation.withdrawal_reason == "Dubblett"
        snap = json.loads(db.session.get(Meeting, meeting).snapshot_json)
        assert snap["actions"] == [
            {"id": 1, "title": "Prata med ebo", "description": "", "status": "oppen", "text_corrected": True}
        ]
        db.session.remove()
        db.engine.dispose()


@pytest.mark.browser
def test_chair_reads_the_change_history_in_swedish_in_a_browser(
    page, app, reference, chair, member, make_observation
):
    from lagesbild.observations import operations

    from .support import assert_accessible, browser_sign_in

    observation = make_observation(
        author=member, occurred_on=date(2026, 11, 16), description=f"{NAME} sprejade."
    )
    clean = clean_at(
        observation,
        observation.occurred_on,
        observation.category_id,
        time_of_day=observation.time_of_day,
        time_band="kvall",
        extent="omfattande",
        description="En person sprejade.",
    )
    with app.app_context():
        operations.update_observation(
            db.session,
            db.session.get(Observation, observation.id),
            clean,
            db.session.get(User, chair.id),
            "Personnamn borttaget",
        )
        db.session.commit()
    browser_sign_in(page, chair, f"/iakttagelser/{observation.id}")
    table = page.get_by_role("table", name="Ändringshistorik")
    row = table.get_by_role("row").filter(has_text="Rättad")
    assert "Omfattning: Enstaka → Omfattande" in row.inner_text()
    assert "Beskrivning ändrad" in row.inner_text() and "Personnamn borttaget" in row.inner_text()
    assert NAME not in page.content()
    assert_accessible(page)


def test_the_audit_trail_reads_as_swedish_sentences_in_local_time(app, make_user, make_observation):
    chair = make_user(Role.CHAIR, display_name="Olle Ordförande")
    coordinator = make_user(Role.COORDINATOR)
    chair_client, coordinator_client = app.test_client(), app.test_client()
    assert login(chair_client, chair).status_code == 302
    assert chair_client.post("/vecka/2026-47/mote").status_code == 302
    assert login(coordinator_client, coordinator).status_code == 302
    page = coordinator_client.get("/admin/logg").get_data(as_text=True)
    assert "Olle Ordförande öppnade mötet v. 47 2026." in page
    assert "Olle Ordförande loggade in." in page
    assert "<dt>Vecka</dt><dd>2026-47</dd>" in page  # field names in Swedish
    assert re.search(r"<td>\d{1,2} [a-zé]+ \d{4} kl\. \d\d\.\d\d</td>", page)  # local time, Swedish


def test_every_audited_action_has_a_swedish_label():
    """The audit page names events in Swedish; an action recorded without a label would show its code."""
    import pathlib
    import re

    from lagesbild.admin.audit_log import ACTION_LABELS, VERBS

    source = pathlib.Path(__file__).resolve().parent.parent / "lagesbild"
    recorded = {
        match.group(1)
        for path in source.rglob("*.py")
        # Recorded by name, or through a module constant (RUN_EVENT = "gallring.run").
        for match in re.finditer(
            r'(?:(?:record|record_change)\(\s*|^[A-Z_]*EVENT[A-Z_]* = )"([a-z_]+\.[a-z_]+)"',
            path.read_text(),
            re.MULTILINE,
        )
    }
    assert len(recorded) > 40  # the pattern still finds the calls
    # A sentence ("Olle Ordförande avslutade mötet …") or at least a Swedish name for the event.
    assert sorted(recorded - set(ACTION_LABELS) - set(VERBS)) == []
