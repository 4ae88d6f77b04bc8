"""A restored database brings back no session: `restore` and `end-sessions` sign everyone out."""

import pytest
from sqlalchemy import select

from lagesbild.models import AuditEvent, Role

from .support import login


@pytest.mark.sqlite_only
def test_a_session_revoked_after_the_backup_stays_revoked_after_a_restore(
    app, runner, tmp_path, make_user, session_cookie, client_with_cookie, db_read
):
    browser = app.test_client()
    login(browser, make_user(Role.MEMBER))
    copied = session_cookie(browser)
    backup = tmp_path / "backup.sqlite3"
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
    browser.post("/logga-ut")
    assert client_with_cookie(copied).get("/start").status_code == 302

    result = runner.invoke(args=["restore", "--yes", str(backup)])
    assert result.exit_code == 0, result.output
    assert client_with_cookie(copied).get("/start").status_code == 302, "the logged-out cookie stays dead"
    assert "Alla inloggningar är avslutade (1 st.)" in result.output
    event = db_read(
        lambda session: session.scalar(select(AuditEvent).where(AuditEvent.action == "sessions.end_all"))
    )
    assert event.detail == {"sessions_ended": 1, "trigger": "restore"}


def test_end_sessions_signs_everyone_out(app, runner, make_user, login_as):
    first = app.test_client()
    login(first, make_user(Role.MEMBER))
    second = login_as(make_user(Role.COORDINATOR))
    result = runner.invoke(args=["end-sessions"])
    assert result.exit_code == 0, result.output
    assert "Alla inloggningar är avslutade (2 st.)" in result.output
    assert first.get("/start").status_code == 302
    assert second.get("/start").status_code == 302
