"""SQLAlchemy models: columns and relationships only, no request logic."""
from app.models.cases import Case, CaseEvent, CaseTask, JournalEntry
from app.models.org import ApiToken, AuditEntry, Clb, School, User
from app.models.pupils import Pupil
from app.models.workflows import WorkflowSpec

__all__ = [
    "ApiToken", "AuditEntry", "Case", "CaseEvent", "CaseTask", "Clb", "JournalEntry",
    "Pupil", "School", "User", "WorkflowSpec",
]
