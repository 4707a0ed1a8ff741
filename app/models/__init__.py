"""SQLAlchemy models: columns and relationships only, no request logic."""
from app.models.cases import Case, CaseEvent, CaseSchool, CaseTask, JournalEntry
from app.models.org import ApiToken, AuditEntry, Clb, LoginAttempt, School, User, UserRole
from app.models.pupils import Pupil
from app.models.workflows import WorkflowInstance, WorkflowSpec

__all__ = [
    "ApiToken", "AuditEntry", "Case", "CaseEvent", "CaseSchool", "CaseTask", "Clb", "JournalEntry",
    "LoginAttempt", "Pupil", "School", "User", "UserRole", "WorkflowInstance", "WorkflowSpec",
]
