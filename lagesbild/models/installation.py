"""What kind of install this database is: an evaluation with the demo, or a group's real one.

One row, written by `setup` (real) or `seed-demo` (demo); each command refuses a database of the
other kind, so demo rows and real rows never mix.
"""

from datetime import datetime

from sqlalchemy import Boolean, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import Base, SingleRow, UTCDateTime, enum_column, utcnow
from .enums import InstallKind


class Installation(SingleRow, Base):
    __tablename__ = "installation"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[InstallKind] = mapped_column(enum_column(InstallKind))
    # The reference set it started from: "eslov", "tom", or the folder name of a set loaded with --from.
    reference_set: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def demo_row_count(session: Session) -> int:
    """Rows marked as demo: the sum over every table with an `is_demo` column of its rows where it is true.

    Found from the schema, so a table that gains the column is counted too. A real install holds 0.
    """
    total = 0
    for table in Base.metadata.sorted_tables:
        column = table.columns.get("is_demo")
        if column is not None and isinstance(column.type, Boolean):
            total += session.scalar(select(func.count()).select_from(table).where(column.is_(True)))
    return total
