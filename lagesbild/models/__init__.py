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
    Horizon,
    MeasureKind,
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
)
from .meetings import Action, AgendaItem, Meeting, action_observation, meeting_attendance
from .observations import DESCRIPTION_MAX, ImportBatch, Observation
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
from .reference import Area, Category, Organisation, Place
from .throttle import LoginThrottle

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
    "Category",
    "DESCRIPTION_MAX",
    "Extent",
    "FocusArea",
    "Horizon",
    "ImportBatch",
    "LoginThrottle",
    "Measure",
    "MeasureKind",
    "Meeting",
    "MeetingStatus",
    "Observation",
    "ObservationSource",
    "ObservationStatus",
    "OneTimeToken",
    "Organisation",
    "OrganisationKind",
    "Place",
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
    "ix_observation_problembild",
    "meeting_attendance",
    "promise_action",
    "promise_area",
    "promise_category",
    "promise_organisation",
    "utcnow",
]
