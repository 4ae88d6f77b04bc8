"""The gallring rules, pure: which observations have outlived their free text, and which their count.

Ages are whole calendar years counted back from today (Europe/Stockholm): with two years, on
2026-11-30 the cut-off is 2024-11-30. An observation is past a cut-off when it both happened and was
reported before that day (local time), so a late report of an old event keeps its text for the full
time too. Free text is every column of the observation marked FREE_TEXT (lagesbild/models/base.py),
so a text column added later is gallrad without touching this module.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Column, and_, or_
from sqlalchemy.sql.elements import ColumnElement

from lagesbild.models import Observation
from lagesbild.periods import local_midnight_utc

FREE_TEXT_KIND = "fritext"
OBSERVATION_KIND = "iakttagelse"

KIND_LABELS = {
    FREE_TEXT_KIND: "Fritext i iakttagelser (beskrivning och skäl)",
    OBSERVATION_KIND: "Hela iakttagelser (räknas inte längre i statistiken)",
}


class RetentionConfigError(ValueError):
    """The configured rules cannot be applied (the message is Swedish, for the operator)."""


@dataclass(frozen=True)
class Rules:
    free_text_years: int
    observation_years: int

    @classmethod
    def from_config(cls, config) -> "Rules":
        """Read RETENTION_FREE_TEXT_YEARS and RETENTION_OBSERVATION_YEARS, refusing what makes no sense."""
        values = []
        for key in ("RETENTION_FREE_TEXT_YEARS", "RETENTION_OBSERVATION_YEARS"):
            value = config.get(key)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
                raise RetentionConfigError(f"{key} ska vara ett helt antal år (1–100), inte {value!r}.")
            values.append(value)
        if values[0] > values[1]:
            raise RetentionConfigError(
                "Fritexten kan inte sparas längre än iakttagelserna: RETENTION_FREE_TEXT_YEARS "
                f"({values[0]}) är större än RETENTION_OBSERVATION_YEARS ({values[1]})."
            )
        return cls(*values)

    def as_dict(self) -> dict[str, int]:
        return {"free_text_years": self.free_text_years, "observation_years": self.observation_years}


def cutoff(today: date, years: int) -> date:
    """The same calendar day `years` years back (29 February becomes 28 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def older_than(day: date) -> ColumnElement[bool]:
    """Happened and was reported before `day` (local)."""
    return and_(Observation.occurred_on < day, Observation.created_at < local_midnight_utc(day))


def free_text_columns() -> list[Column]:
    """The observation's columns that hold what people wrote."""
    return [column for column in Observation.__table__.columns if column.info.get("free_text")]


def blank(column: Column):
    """What a gallrad column holds: NULL where allowed, else the empty text."""
    return None if column.nullable else ""


def has_free_text() -> ColumnElement[bool]:
    """Some free-text column still holds text."""
    return or_(*(and_(column.is_not(None), column != "") for column in free_text_columns()))
