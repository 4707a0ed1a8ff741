"""SQLAlchemy models: columns and relationships only, no request logic."""

from app.models.absences import (
    AbsenceEpisode,
    AbsenceImport,
    AbsenceMeeting,
    AbsenceMeetingItem,
    AbsenceRegistration,
    SchoolAbsenceSettings,
)
from app.models.calendar import ClbDeadline, SchoolDayOff, SchoolDeadline
from app.models.cases import Case, CaseEvent, CaseSchool, CaseTask, JournalEntry
from app.models.documents import Document
from app.models.notices import CaseNotice
from app.models.notifications import Notification
from app.models.org import ApiToken, AuditEntry, Clb, LoginAttempt, School, User, UserRole
from app.models.pupils import Pupil, PupilContact
from app.models.workflows import Incident, WorkflowInstance, WorkflowSpec

__all__ = [
    "AbsenceEpisode",
    "AbsenceImport",
    "AbsenceMeeting",
    "AbsenceMeetingItem",
    "AbsenceRegistration",
    "ApiToken",
    "AuditEntry",
    "Case",
    "CaseEvent",
    "CaseNotice",
    "CaseSchool",
    "CaseTask",
    "Clb",
    "ClbDeadline",
    "Document",
    "Incident",
    "JournalEntry",
    "LoginAttempt",
    "Notification",
    "Pupil",
    "PupilContact",
    "School",
    "SchoolAbsenceSettings",
    "SchoolDayOff",
    "SchoolDeadline",
    "User",
    "UserRole",
    "WorkflowInstance",
    "WorkflowSpec",
]
