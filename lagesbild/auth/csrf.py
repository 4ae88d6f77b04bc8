"""A form posted with an expired CSRF token comes back with everything the user typed.

CSRFProtect checks every POST before the view runs. When the token has only gone stale (expired, or
signed for an earlier session), the form itself is genuine, so instead of a bare error page the view
is run once more: its FlaskForm fails validation on the same token, so a thin view re-renders the form
from request.form with a fresh token, and a message asks the user to check and send again. Nothing
may be written during that run: any flush, commit or DML statement raises and the plain 400 page is
shown instead, so a view that forgot to validate its form still cannot act on a forged request.
"""

from flask import current_app, flash, g, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from lagesbild.extensions import db

# Reasons Flask-WTF gives for a token that was ours but is no longer valid. A missing token (a form
# that never came from this app) is not among them.
STALE_REASONS = frozenset(
    {
        "The CSRF token has expired.",
        "The CSRF token is invalid.",
        "The CSRF tokens do not match.",
        "The CSRF session token is missing.",
    }
)
EXPIRED_MESSAGE = "Formuläret hade gått ut. Kontrollera uppgifterna och skicka igen."
_REPLAYING = "lagesbild.csrf_replay"


class WriteDuringReplay(RuntimeError):
    """A view tried to write while answering a request whose CSRF token failed."""


def can_replay(reason: str) -> bool:
    """A form page (GET and POST on one URL) posted with form data and a stale token."""
    rule = request.url_rule
    return (
        reason in STALE_REASONS
        and request.method == "POST"
        and bool(request.form)
        and rule is not None
        and "GET" in (rule.methods or ())
        and request.endpoint in current_app.view_functions
    )


def replay_form_view():
    """Run the view again so it re-renders the posted form; return its response, or None."""
    request.environ[_REPLAYING] = True
    # The form must check the token itself (an earlier request may have left csrf_valid in g).
    g.csrf_valid = False
    flash(EXPIRED_MESSAGE, "warning")
    view = current_app.view_functions[request.endpoint]
    try:
        return current_app.ensure_sync(view)(**(request.view_args or {}))
    except WriteDuringReplay:
        return None
    finally:
        request.environ.pop(_REPLAYING, None)
        db.session.rollback()


def _replaying() -> bool:
    from flask import has_request_context

    return has_request_context() and request.environ.get(_REPLAYING, False)


def install_write_guard() -> None:
    """Refuse writes during a replay (registered once per process on SQLAlchemy's Session)."""
    if event.contains(Session, "before_flush", _refuse_flush):
        return
    event.listen(Session, "before_flush", _refuse_flush)
    event.listen(Session, "before_commit", _refuse_commit)
    event.listen(Session, "do_orm_execute", _refuse_dml)


def _refuse_flush(session, flush_context, instances):
    if _replaying() and (session.new or session.dirty or session.deleted):
        raise WriteDuringReplay("flush during a CSRF replay")


def _refuse_commit(session):
    if _replaying():
        raise WriteDuringReplay("commit during a CSRF replay")


def _refuse_dml(state):
    if _replaying() and (state.is_insert or state.is_update or state.is_delete):
        raise WriteDuringReplay("write statement during a CSRF replay")
