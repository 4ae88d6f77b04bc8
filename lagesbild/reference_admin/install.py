"""Demo and real kept apart: the rules `setup` and `seed-demo` check before they write anything.

A demo install is marked by its `installation` row (kind "demo") and by its rows' `is_demo` flags; a
real install by its row (kind "real"), or, on a database made before the row existed, by users or
observations that are not demo. Each command refuses the other kind with a Swedish message.
"""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lagesbild.models import Installation, InstallKind, Observation, Organisation, User, demo_row_count

REFUSE_SETUP = (
    "Databasen innehåller demodata (en utvärderingsinstallation). En skarp grupp sätts upp i en egen, "
    "tom databas, så att demodata och riktiga uppgifter aldrig blandas."
)
REFUSE_DEMO = (
    "Databasen är en skarp installation med riktiga uppgifter. Demodata läggs bara in i en egen, tom "
    "databas för utvärdering, så att demodata och riktiga uppgifter aldrig blandas."
)


def refuse_real_setup(session: Session) -> str | None:
    """Why `setup` must not run here (a demo database), or None."""
    installation = Installation.current(session)
    if (installation and installation.kind is InstallKind.DEMO) or demo_row_count(session):
        return REFUSE_SETUP
    return None


def refuse_demo(session: Session) -> str | None:
    """Why `seed-demo` must not run here (a real install, or real rows), or None."""
    installation = Installation.current(session)
    if installation and installation.kind is InstallKind.REAL:
        return REFUSE_DEMO
    for model in (User, Observation, Organisation):
        if session.scalar(select(func.count()).select_from(model).where(~model.is_demo)):
            return REFUSE_DEMO
    return None


def _mark(session: Session, kind: InstallKind, reference_set: str) -> bool:
    if Installation.current(session) is not None:
        return False
    session.add(Installation(kind=kind, reference_set=reference_set))
    return True


def mark_real(session: Session, reference_set: str) -> bool:
    """Record that this is a real install (once); True when it was recorded now."""
    return _mark(session, InstallKind.REAL, reference_set)


def mark_demo(session: Session) -> bool:
    return _mark(session, InstallKind.DEMO, "eslov")


def is_set_up(session: Session) -> bool:
    """True once `setup` or `seed-demo` has run: `make run` must not seed the demo then."""
    return Installation.current(session) is not None
