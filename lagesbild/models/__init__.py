"""Typed SQLAlchemy 2.0 models, one module per capability; import them from here."""

from .accounts import OneTimeToken, RecoveryCode, User, UserSession
from .audit import AuditEvent
from .base import Base, utcnow
from .enums import (
    ActionStatus,
    AgendaKind,
    Extent,
    FindingCategory,
    FindingOutcome,
    InstallKind,
    MeetingStatus,
    ObservationSource,
    ObservationStatus,
    OrganisationKind,
    ReportedToPolice,
    Role,
    Sharing,
    TimeBand,
    TokenPurpose,
    WalkStatus,
)
from .installation import Installation, demo_row_count
from .mail import CalendarFeed, MailDefault, MailKind, MailPreference, MailStatus, OutboxMessage
from .meetings import (
    Action,
    AgendaItem,
    Meeting,
    MeetingRecordVersion,
    action_observation,
    meeting_attendance,
)
from .observations import DESCRIPTION_MAX, ImportBatch, Observation, PostedUnder
from .problembild import ix_observation_problembild
from .promises import Promise, SurveyValue, promise_category, promise_organisation
from .reference import Area, Category, Organisation, Place, organisation_category
from .throttle import LoginThrottle
from .walks import Walk, WalkFinding, WalkPhoto, walk_invited, walk_organiser

__all__ = [
    "Action",
    "ActionStatus",
    "AgendaItem",
    "AgendaKind",
    "Area",
    "AuditEvent",
    "Base",
    "CalendarFeed",
    "Category",
    "DESCRIPTION_MAX",
    "Extent",
    "ImportBatch",
    "MailDefault",
    "MailKind",
    "MailPreference",
    "MailStatus",
    "InstallKind",
    "Installation",
    "LoginThrottle",
    "Meeting",
    "MeetingRecordVersion",
    "MeetingStatus",
    "Observation",
    "ObservationSource",
    "ObservationStatus",
    "OneTimeToken",
    "Organisation",
    "OrganisationKind",
    "OutboxMessage",
    "Place",
    "PostedUnder",
    "Promise",
    "RecoveryCode",
    "ReportedToPolice",
    "Role",
    "Sharing",
    "SurveyValue",
    "TimeBand",
    "TokenPurpose",
    "User",
    "UserSession",
    "action_observation",
    "demo_row_count",
    "ix_observation_problembild",
    "meeting_attendance",
    "organisation_category",
    "promise_category",
    "promise_organisation",
    "utcnow",
    "FindingCategory",
    "FindingOutcome",
    "Walk",
    "WalkFinding",
    "WalkPhoto",
    "WalkStatus",
    "walk_invited",
    "walk_organiser",
]
