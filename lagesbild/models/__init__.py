"""Typed SQLAlchemy 2.0 models, one module per capability; import them from here."""

from .accounts import OneTimeToken, RecoveryCode, User, UserSession
from .agreement import Agreement, AgreementActivity, AgreementVersion, FocusArea
from .analysis import AnalysisDraft
from .audit import AuditEvent
from .base import Base, utcnow
from .enums import (
    ActionStatus,
    AgendaKind,
    Extent,
    FindingCategory,
    FindingOutcome,
    Horizon,
    InstallKind,
    MeasureKind,
    MeasureOutcome,
    MeetingStatus,
    ObservationSource,
    ObservationStatus,
    OrganisationKind,
    ProcessState,
    PromiseKind,
    PublishedKind,
    ReportedToPolice,
    Role,
    Sharing,
    TimeBand,
    TokenPurpose,
    WalkStatus,
)
from .followup import Evaluation
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
from .plan import Measure
from .problembild import ix_observation_problembild
from .promises import (
    Promise,
    PromiseGoal,
    PromiseNote,
    SurveyValue,
    promise_action,
    promise_area,
    promise_category,
    promise_organisation,
)
from .reference import Area, Category, Organisation, Place, organisation_category
from .rollup import WeekCount
from .settings import GroupSettings
from .throttle import LoginThrottle
from .walks import Walk, WalkFinding, WalkPhoto, walk_invited, walk_organiser

__all__ = [
    "Action",
    "Agreement",
    "AgreementActivity",
    "AgreementVersion",
    "AnalysisDraft",
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
    "FocusArea",
    "Horizon",
    "ImportBatch",
    "MailDefault",
    "MailKind",
    "MailPreference",
    "MailStatus",
    "InstallKind",
    "Installation",
    "GroupSettings",
    "LoginThrottle",
    "Measure",
    "MeasureKind",
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
    "ProcessState",
    "Promise",
    "PromiseGoal",
    "PromiseKind",
    "PromiseNote",
    "PublishedKind",
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
    "promise_action",
    "promise_area",
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
    "Evaluation",
    "MeasureOutcome",
    "WeekCount",
]
