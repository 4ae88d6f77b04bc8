"""Declarative base, naming convention and the column types every model shares."""

import enum
from datetime import UTC, datetime
from typing import Self

from sqlalchemy import DateTime, Enum, MetaData, TypeDecorator, select
from sqlalchemy.orm import DeclarativeBase, Session

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Column info of the free text people write (descriptions, reasons, notes, action and promise texts).
# Such text lives only in its own row: the audit trail names the field but never copies its value
# (lagesbild/audit.py), and tests/test_audit.py asserts every text column is classified.
FREE_TEXT = {"free_text": True}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SingleRow:
    """A table of at most one row that matters (the installation, the group's settings): the first."""

    @classmethod
    def current(cls, session: Session) -> Self | None:
        return session.scalar(select(cls).order_by(cls.id).limit(1))


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC (the only way timestamps are stored)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always returned timezone-aware.

    SQLite keeps no zone, so values are normalised to UTC on the way in and marked UTC on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_column(enum_cls: type[enum.Enum]) -> Enum:
    """Store an enum by its value as portable VARCHAR plus a CHECK constraint."""
    return Enum(
        enum_cls,
        name=enum_cls.__name__.lower(),
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum_cls),
        values_callable=lambda cls: [member.value for member in cls],
        validate_strings=True,
    )
