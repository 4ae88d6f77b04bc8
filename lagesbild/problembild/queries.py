"""SQL reads for the problembild: GROUP BY aggregates and small reference tables as DataFrames.

Every observation query groups in the database, so what comes back grows with days × categories
(or places, organisations), never with the number of observations. Dates are grouped by the stored
`occurred_on` (the local Europe/Stockholm day) and bucketed into months, ISO weeks and weekdays in
pandas: no database-specific date functions, so SQLite and PostgreSQL give the same figures.
"""

from datetime import UTC, date, datetime, timedelta

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from lagesbild.models import (
    Action,
    ActionStatus,
    Area,
    Category,
    Observation,
    ObservationStatus,
    Organisation,
    Place,
    Sharing,
)
from lagesbild.periods import local_midnight_utc


def observation_filter(start: date, end: date, public: bool) -> ColumnElement[bool]:
    """Active observations that occurred in [start, end]; the public variant leaves out begränsad."""
    clause = and_(
        Observation.occurred_on >= start,
        Observation.occurred_on <= end,
        Observation.status == ObservationStatus.ACTIVE,
    )
    if public:
        clause = and_(clause, Observation.sharing == Sharing.GRUPPEN)
    return clause


def _frame(session: Session, statement, columns: list[str]) -> pd.DataFrame:
    rows = session.execute(statement).all()
    return pd.DataFrame.from_records(rows, columns=columns)


def _grouped(session: Session, where, *keys) -> pd.DataFrame:
    n = func.count().label("n")
    statement = select(*keys, n).where(where).group_by(*keys)
    frame = _frame(session, statement, [key.key for key in keys] + ["n"])
    frame["n"] = frame["n"].astype("int64")
    return frame


def area_category_counts(session: Session, where) -> pd.DataFrame:
    return _grouped(session, where, Observation.area_id, Observation.category_id)


def day_category_counts(session: Session, where) -> pd.DataFrame:
    frame = _grouped(session, where, Observation.occurred_on, Observation.category_id)
    frame["occurred_on"] = pd.to_datetime(frame["occurred_on"])
    return frame


def day_band_counts(session: Session, where) -> pd.DataFrame:
    frame = _grouped(session, where, Observation.occurred_on, Observation.time_band)
    frame["occurred_on"] = pd.to_datetime(frame["occurred_on"])
    frame["time_band"] = [band.value if band is not None else "" for band in frame["time_band"]]
    return frame


def place_category_counts(session: Session, where) -> pd.DataFrame:
    with_place = and_(where, Observation.place_id.is_not(None))
    return _grouped(session, with_place, Observation.place_id, Observation.category_id)


def organisation_day_counts(session: Session, where) -> pd.DataFrame:
    frame = _grouped(session, where, Observation.organisation_id, Observation.occurred_on)
    frame["occurred_on"] = pd.to_datetime(frame["occurred_on"])
    return frame


def areas(session: Session) -> pd.DataFrame:
    statement = select(Area.id, Area.name, Area.centre_lat, Area.centre_lon, Area.geojson, Area.sort_order)
    return _frame(session, statement, ["area_id", "area", "lat", "lon", "geojson", "sort_order"])


def categories(session: Session) -> pd.DataFrame:
    statement = select(
        Category.id,
        Category.code,
        Category.name,
        Category.parent_id,
        Category.is_activity,
        Category.sort_order,
    )
    return _frame(
        session, statement, ["category_id", "code", "name", "parent_id", "is_activity", "sort_order"]
    )


def places(session: Session) -> pd.DataFrame:
    statement = select(Place.id, Place.name, Place.area_id, Place.lat, Place.lon)
    return _frame(session, statement, ["place_id", "place", "place_area_id", "lat", "lon"])


def organisations(session: Session) -> pd.DataFrame:
    statement = select(Organisation.id, Organisation.name, Organisation.is_active)
    return _frame(session, statement, ["organisation_id", "organisation", "is_active"])


def _action_window(start: date, end: date) -> ColumnElement[bool]:
    """Actions recorded in the period (created_at between local midnights, stored in UTC)."""
    return and_(
        Action.created_at >= local_midnight_utc(start),
        Action.created_at < local_midnight_utc(end + timedelta(days=1)),
    )


def action_counts(session: Session, start: date, end: date) -> pd.DataFrame:
    """Actions recorded in the period, by status and area (area_id may be None)."""
    keys = (Action.status, Action.area_id)
    statement = select(*keys, func.count()).where(_action_window(start, end)).group_by(*keys)
    frame = _frame(session, statement, ["status", "area_id", "n"])
    frame["status"] = [status.value for status in frame["status"]]
    frame["n"] = frame["n"].astype("int64")
    return frame


def action_examples(session: Session, start: date, end: date, per_status: int = 5) -> pd.DataFrame:
    """The most recent actions of each status in the period, with owner organisation and area."""
    frames = []
    for status in ActionStatus:
        statement = (
            select(
                Action.status, Action.title, Action.description, Organisation.name, Area.name, Action.due_on
            )
            .join(Organisation, Organisation.id == Action.owner_organisation_id)
            .outerjoin(Area, Area.id == Action.area_id)
            .where(_action_window(start, end), Action.status == status)
            .order_by(Action.created_at.desc(), Action.id.desc())
            .limit(per_status)
        )
        frames.append(
            _frame(session, statement, ["status", "title", "description", "organisation", "area", "due_on"])
        )
    frame = pd.concat(frames, ignore_index=True)
    frame["status"] = [getattr(status, "value", status) for status in frame["status"]]
    return frame


def generated_now() -> datetime:
    return datetime.now(UTC)
