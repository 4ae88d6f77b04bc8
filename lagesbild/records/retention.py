"""The gallring rules, pure: which observations have outlived their free text, and which their count.

Ages are whole calendar years counted back from today (Europe/Stockholm): with two years, on
2026-11-30 the cut-off is 2024-11-30. An observation is past a cut-off when it both happened and was
reported before that day (local time), so a late report of an old event keeps its text for the full
time too. Free text is every column of the observation marked FREE_TEXT (lagesbild/models/base.py),
so a text column added later is gallrad without touching this module.

Safety walks follow the free-text rule too: a walk that both started and was planned before the cut-off
loses its FREE_TEXT columns and its findings' texts, and its photos are deleted. The walk and its
findings stay (the promises count held walks), so past years' walk counts do not change.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Column, and_, or_, select
from sqlalchemy.sql.elements import ColumnElement

from lagesbild.models import Observation, Walk, WalkFinding, WalkPhoto
from lagesbild.periods import local_midnight_utc

FREE_TEXT_KIND = "fritext"
OBSERVATION_KIND = "iakttagelse"
WALK_TEXT_KIND = "vandringstext"
WALK_PHOTO_KIND = "vandringsfoto"

KIND_LABELS = {
    FREE_TEXT_KIND: "Fritext i iakttagelser (beskrivning och skäl)",
    OBSERVATION_KIND: "Hela iakttagelser (räknas inte längre i statistiken)",
    WALK_TEXT_KIND: "Fritext i trygghetsvandringar (namn, samlingsplats, stopp, inbjudan, fyndens texter)",
    WALK_PHOTO_KIND: "Foton från trygghetsvandringar",
}
# The log's short words and what each kind counts (singular, plural).
KIND_WORDS = {
    FREE_TEXT_KIND: "fritext",
    OBSERVATION_KIND: "hela iakttagelser",
    WALK_TEXT_KIND: "vandringarnas fritext",
    WALK_PHOTO_KIND: "vandringarnas foton",
}
KIND_NOUNS = {
    FREE_TEXT_KIND: ("iakttagelse", "iakttagelser"),
    OBSERVATION_KIND: ("iakttagelse", "iakttagelser"),
    WALK_TEXT_KIND: ("trygghetsvandring", "trygghetsvandringar"),
    WALK_PHOTO_KIND: ("foto", "foton"),
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


def free_text_columns(model=Observation) -> list[Column]:
    """The model's columns that hold what people wrote."""
    return [column for column in model.__table__.columns if column.info.get("free_text")]


def blank(column: Column):
    """What a gallrad column holds: its own placeholder if it names one (a walk keeps a title to be
    listed by), else NULL where allowed, else the empty text."""
    if "gallrad" in column.info:
        return column.info["gallrad"]
    return None if column.nullable else ""


def _holds_text(column: Column) -> ColumnElement[bool]:
    held = column.is_not(None) & (column != "")
    placeholder = blank(column)
    return held & (column != placeholder) if placeholder else held


def has_free_text(model=Observation) -> ColumnElement[bool]:
    """Some free-text column still holds text."""
    return or_(*(_holds_text(column) for column in free_text_columns(model)))


def walk_older_than(day: date) -> ColumnElement[bool]:
    """The walk started and was planned before `day` (local); its findings and photos go with it."""
    return and_(Walk.starts_at < local_midnight_utc(day), Walk.created_at < local_midnight_utc(day))


def walk_text_due(day: date) -> ColumnElement[bool]:
    """Walks before `day` with text left in the walk or in one of its findings."""
    finding_text = select(WalkFinding.id).where(WalkFinding.walk_id == Walk.id, has_free_text(WalkFinding))
    return and_(walk_older_than(day), or_(has_free_text(Walk), finding_text.exists()))


def walk_photos_due(day: date):
    """SELECT the photos of the walks before `day` (id, token, the walk's start)."""
    return (
        select(WalkPhoto.id, WalkPhoto.token, Walk.starts_at)
        .join(WalkFinding, WalkFinding.id == WalkPhoto.finding_id)
        .join(Walk, Walk.id == WalkFinding.walk_id)
        .where(walk_older_than(day))
    )
