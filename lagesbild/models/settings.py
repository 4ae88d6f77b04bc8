"""The group's own settings that belong to its data, not to the server: the meeting day and time.

One row at most. The meeting weekday was configuration only (MEETING_WEEKDAY); it is part of the
reference set now, so a group's install carries it and the coordinator changes it in the app. The
configuration is the default for a database whose row has none (lagesbild/meeting_day.py).
"""

from datetime import datetime, time

from sqlalchemy import Integer, Time
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, SingleRow, UTCDateTime, utcnow


class GroupSettings(SingleRow, Base):
    __tablename__ = "group_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # ISO weekday of the weekly meeting (1 = Monday … 7 = Sunday); None: the configured default.
    meeting_weekday: Mapped[int | None] = mapped_column(Integer)
    # Local (Europe/Stockholm) time the meeting starts; None: not stated.
    meeting_time: Mapped[time | None] = mapped_column(Time)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
