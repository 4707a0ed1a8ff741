"""SQLAlchemy models: columns and relationships only, no request logic."""
from app.models.absences import (
    AbsenceEpisode,
    AbsenceImport,
    AbsenceMeeting,
    AbsenceMeetingItem,
    AbsenceRegistration,
    SchoolAbsenceSettings,
)
from app.models.cases import Case, CaseEvent, CaseSchool, CaseTask, JournalEntry
from app.models.org import ApiToken, AuditEntry, Clb, LoginAttempt, School, User, UserRole
from app.models.pupils import Pupil
from app.models.workflows import WorkflowSpec

__all__ = [
    "AbsenceEpisode", "AbsenceImport", "AbsenceMeeting", "AbsenceMeetingItem", "AbsenceRegistration",
    "ApiToken", "AuditEntry", "Case", "CaseEvent", "CaseSchool", "CaseTask", "Clb", "JournalEntry",
    "LoginAttempt", "Pupil", "School", "SchoolAbsenceSettings", "User", "UserRole", "WorkflowSpec",
]
