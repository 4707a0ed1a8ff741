"""Marshmallow schemas: what the API accepts and returns (snake_case JSON).

One module per feature; `common` holds the base schema, ids and the list envelope.
"""

from app.api.schemas.auth import LoginIn, LoginOut, UserOut
from app.api.schemas.cases import (
    CaseIn,
    CaseListArgs,
    CaseListItemOut,
    CaseOut,
    CasePatch,
    CaseSummaryOut,
    EventOut,
    JournalIn,
    JournalOut,
    MessageIn,
    WorkflowOut,
)
from app.api.schemas.common import (
    ApiSchema,
    Error,
    Id,
    LongPageArgs,
    PageArgs,
    PersonRef,
    envelope,
    page_body,
    printable,
)
from app.api.schemas.pupils import PupilIn, PupilListArgs, PupilOut, PupilPatch
from app.api.schemas.schools import SchoolOut, SchoolPatch
from app.api.schemas.tasks import AssignIn, CompleteIn, FormOut, TaskDetailOut, TaskListArgs, TaskOut
from app.api.schemas.timers import (
    DayOffChangeOut,
    DayOffDeleteIn,
    DayOffIn,
    DayOffOut,
    DeadlineIn,
    DeadlineOut,
    IncidentArgs,
    IncidentOut,
    NotificationArgs,
    NotificationOut,
)

__all__ = [
    "ApiSchema",
    "AssignIn",
    "CaseIn",
    "CaseListArgs",
    "CaseListItemOut",
    "CaseOut",
    "CasePatch",
    "CaseSummaryOut",
    "CompleteIn",
    "Error",
    "EventOut",
    "FormOut",
    "Id",
    "JournalIn",
    "JournalOut",
    "LoginIn",
    "LoginOut",
    "LongPageArgs",
    "MessageIn",
    "PageArgs",
    "PersonRef",
    "PupilIn",
    "PupilListArgs",
    "PupilOut",
    "PupilPatch",
    "SchoolOut",
    "SchoolPatch",
    "TaskDetailOut",
    "TaskListArgs",
    "TaskOut",
    "UserOut",
    "WorkflowOut",
    "envelope",
    "page_body",
    "printable",
    "DayOffChangeOut",
    "DayOffDeleteIn",
    "DayOffIn",
    "DayOffOut",
    "DeadlineIn",
    "DeadlineOut",
    "IncidentArgs",
    "IncidentOut",
    "NotificationArgs",
    "NotificationOut",
]
