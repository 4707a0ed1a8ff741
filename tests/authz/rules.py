"""Who may do what: one row per API operation (OpenAPI spec) and per web page or form
(Flask's URL map). tests/authz/test_api_matrix.py and test_web_matrix.py send each
row's request as every user, on an object of their own and on one of someone else's,
and compare the answer to the row; an operation or page without a row fails the test.

A row:
- `who`: the roles that may, on an object of their own (the role names of
  app/vocabulary.py; the groups below). Everyone else: 403 or 404.
- `owner`: what makes the object theirs — the school ("school", "pupil", "case",
  "task", "document", "meeting": the object's school is theirs, or for CLB staff one
  their CLB serves, the case signalled), the CLB ("clb": theirs, or their school's),
  the recipient ("recipient": only the user it was sent to) — or None for no object.
  An object of another school or CLB is refused to everyone (403 or 404), except to
  the roles in `any_school` (the admin keeps every school's calendar).
- `body`: what is sent (JSON for the API, a form for the pages), a function of the
  target (tests/authz/matrix.py `Target`): valid as far as the form goes, so that the
  refusal, not the validation, answers.
- `missing`: the world holds no such object (a notice, an incident, a second process
  version): an allowed user gets 404 and a refused one 403.
- `who=PUBLIC`: no login (app/guard.py PUBLIC_ENDPOINTS, which must list exactly these).

Before each request on a task no one holds it (tests/authz/test_api_matrix.py), so
the answers do not depend on the order of the users.

Allowed means an answer that passed the guard: not 401, 403 or 404 (a 409 or a 422 on
the object's state is fine); never a 5xx.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ZC, SE, DI, KT = "zorgcoordinator", "secretariaat", "directie", "klastitularis"
LB, ZL, CS = "leerlingbegeleider", "zorgleerkracht", "coordinator_spijbelbeleid"
CM, CA, CD, AD = "clb_medewerker", "clb_arts", "clb_directeur", "admin"

SCHOOL = frozenset({ZC, SE, DI, KT, LB, ZL, CS})
CLB = frozenset({CM, CA, CD})
STAFF = SCHOOL | CLB
EVERYONE = STAFF | {AD}
ADMIN = frozenset({AD})
PUPIL_WRITERS = frozenset({ZC, SE, DI, LB})  # access.PUPIL_WRITE_ROLES
CASE_OPENERS = frozenset({ZC, DI})  # access.OPEN_CASE_ROLES
LANE_ACTORS = frozenset({ZC, DI, LB, CM, CD})  # access.LANE_ROLES, both lanes
MESSAGES = frozenset({ZC, DI, CM, CD})  # access.MESSAGE_ROLES
DIRECTORS = frozenset({DI, CD})
PUBLIC = frozenset({"anonymous"})  # app/guard.py PUBLIC_ENDPOINTS: no login at all


@dataclass(frozen=True)
class Rule:
    who: frozenset
    owner: str | None = None
    body: Callable[[Any], dict] | None = None
    any_school: frozenset = field(default_factory=frozenset)
    missing: bool = False
    files: bool = False  # the body is a multipart form with an (empty) file
    flash: bool = False  # a page's form: a refusal within reach is a redirect with a message
    in_body: bool = False  # the object's id is in the body: refused may also be 422 (a field error)
    refusal: str = ""  # a page's refusal by redirect: the page it leads to says this


def _note(t):
    return {
        "kind": "note",
        "occurred_at": "2026-11-24T10:00:00+01:00",
        "text": "Matrixnota",
        "visibility": "shared",
    }


def _csv(t):
    return {"file": (b"", "leeg.csv")}


API: dict[tuple[str, str], Rule] = {
    ("GET", "/api/audit"): Rule(ADMIN),
    ("POST", "/api/auth/login"): Rule(PUBLIC),
    ("POST", "/api/auth/logout"): Rule(EVERYONE),
    ("GET", "/api/me"): Rule(EVERYONE),
    # one's own e-mail choice: nobody else's is reachable (no id in the path)
    ("GET", "/api/me/mail"): Rule(EVERYONE),
    ("PUT", "/api/me/mail"): Rule(EVERYONE, None, lambda t: {"email": None, "frequency": "off"}),
    ("GET", "/api/users"): Rule(EVERYONE),
    ("GET", "/api/health"): Rule(PUBLIC),
    ("GET", "/api/workflows"): Rule(EVERYONE),
    # pupils
    ("GET", "/api/pupils"): Rule(EVERYONE),
    ("POST", "/api/pupils"): Rule(
        PUPIL_WRITERS,
        "school",
        lambda t: {
            "school_id": t.school_id,
            "external_id": f"M-{t.user_id}",
            "first_name": "Matrix",
            "last_name": f"Nieuw{t.user_id}",
            "birth_date": "2012-02-02",
        },
    ),  # fmt: skip
    ("GET", "/api/pupils/{pupil_id}"): Rule(STAFF, "pupil"),
    ("PATCH", "/api/pupils/{pupil_id}"): Rule(PUPIL_WRITERS, "pupil", lambda t: {"class_name": "2A"}),
    ("GET", "/api/pupils/{pupil_id}/export"): Rule(DIRECTORS, "pupil"),
    ("POST", "/api/schools/{school_id}/pupils/import"): Rule(PUPIL_WRITERS, "school", _csv, files=True),
    ("GET", "/api/pupils/{pupil_id}/absences"): Rule(STAFF, "pupil"),
    ("GET", "/api/pupils/{pupil_id}/signals"): Rule(STAFF, "pupil"),
    # schools, calendars, deadlines
    ("GET", "/api/schools/{school_id}"): Rule(STAFF, "school"),
    ("PATCH", "/api/schools/{school_id}"): Rule(
        CASE_OPENERS, "school", lambda t: {"parent_contact_role": "secretariaat"}
    ),
    ("GET", "/api/schools/{school_id}/days-off"): Rule(STAFF | ADMIN, "school", any_school=ADMIN),
    ("POST", "/api/schools/{school_id}/days-off"): Rule(
        frozenset({DI, AD}), "school", lambda t: {"date": "2031-07-15", "reason": "Matrix"}, any_school=ADMIN
    ),
    ("DELETE", "/api/schools/{school_id}/days-off"): Rule(
        frozenset({DI, AD}), "school", lambda t: {"date": "2031-07-15"}, any_school=ADMIN, missing=True
    ),
    ("GET", "/api/schools/{school_id}/deadlines"): Rule(STAFF | ADMIN, "school", any_school=ADMIN),
    ("GET", "/api/schools/{school_id}/deadlines/{name}"): Rule(STAFF | ADMIN, "school", any_school=ADMIN),
    ("PUT", "/api/schools/{school_id}/deadlines/{name}"): Rule(
        frozenset({DI, AD}), "school", lambda t: {"school_days": 5}, any_school=ADMIN
    ),
    ("GET", "/api/clbs/{clb_id}/deadlines"): Rule(STAFF | ADMIN, "clb", any_school=ADMIN),
    ("GET", "/api/clbs/{clb_id}/deadlines/{name}"): Rule(STAFF | ADMIN, "clb", any_school=ADMIN),
    ("PUT", "/api/clbs/{clb_id}/deadlines/{name}"): Rule(
        frozenset({CD, AD}), "clb", lambda t: {"school_days": 5}, any_school=ADMIN
    ),
    ("GET", "/api/schools/{school_id}/statistics"): Rule(STAFF, "school"),
    ("GET", "/api/schools/{school_id}/absence-settings"): Rule(STAFF, "school"),
    ("PATCH", "/api/schools/{school_id}/absence-settings"): Rule(frozenset({DI}), "school", lambda t: {}),
    ("POST", "/api/schools/{school_id}/absences/import"): Rule(
        frozenset({ZC, SE, DI}), "school", _csv, files=True
    ),
    ("GET", "/api/schools/{school_id}/meetings"): Rule(STAFF, "school"),
    ("POST", "/api/schools/{school_id}/meetings"): Rule(frozenset({ZC, DI, LB}), "school", lambda t: {}),
    ("GET", "/api/schools/{school_id}/meetings/{meeting_id}"): Rule(STAFF, "meeting"),
    ("POST", "/api/schools/{school_id}/meetings/{meeting_id}/decisions"): Rule(
        frozenset({ZC, DI, LB}), "meeting", lambda t: {"pupil_id": t.pupil_id, "decision": "discussed"}
    ),
    ("POST", "/api/schools/{school_id}/meetings/{meeting_id}/decisions/batch"): Rule(
        frozenset({ZC, DI, LB}),
        "meeting",
        lambda t: {"decisions": [{"pupil_id": t.pupil_id, "decision": "discussed"}]},
    ),
    # cases
    ("GET", "/api/cases"): Rule(EVERYONE),
    ("POST", "/api/cases"): Rule(
        CASE_OPENERS,
        "pupil",
        lambda t: {
            "pupil_id": t.pupil_id,
            "absence_type": "spijbelen",
            "reason": "Matrix: tweede dossier?",
            "first_absence_on": "2026-11-23",
        },
        in_body=True,
    ),  # fmt: skip
    ("GET", "/api/cases/{case_id}"): Rule(STAFF, "case"),
    ("PATCH", "/api/cases/{case_id}"): Rule(CLB, "case", lambda t: {"absence_type": "spijbelen"}),
    ("POST", "/api/cases/{case_id}/cancel"): Rule(CASE_OPENERS, "case", lambda t: {}),
    ("GET", "/api/cases/{case_id}/events"): Rule(STAFF, "case"),
    # Nothing waits in the world's case: 409 for whoever sees it, before the lane's roles
    # are asked (tests/integration/test_evaluate_now.py has those); the scope is asked first.
    ("POST", "/api/cases/{case_id}/messages"): Rule(
        STAFF, "case", lambda t: {"name": "evaluate_now", "data": {}}
    ),
    ("GET", "/api/cases/{case_id}/journal"): Rule(STAFF, "case"),
    ("POST", "/api/cases/{case_id}/journal"): Rule(STAFF, "case", _note),
    ("POST", "/api/cases/{case_id}/notices/{notice_id}/acknowledge"): Rule(SCHOOL, "case", missing=True),
    ("GET", "/api/cases/{case_id}/documents"): Rule(STAFF, "case"),
    ("POST", "/api/cases/{case_id}/documents"): Rule(
        CASE_OPENERS, "case", lambda t: {"template": "dossier_maatregelen"}
    ),
    ("GET", "/api/documents/{document_id}/download"): Rule(STAFF, "document"),
    # tasks
    ("GET", "/api/tasks"): Rule(EVERYONE),
    ("POST", "/api/tasks/assign"): Rule(
        LANE_ACTORS, "task", lambda t: {"task_ids": [t.task_id], "user_id": t.user_id}, in_body=True
    ),
    ("GET", "/api/tasks/{task_id}"): Rule(STAFF, "task"),
    ("POST", "/api/tasks/{task_id}/claim"): Rule(LANE_ACTORS, "task"),
    ("POST", "/api/tasks/{task_id}/unclaim"): Rule(LANE_ACTORS, "task"),
    ("POST", "/api/tasks/{task_id}/assign"): Rule(LANE_ACTORS, "task", lambda t: {"user_id": t.user_id}),
    ("POST", "/api/tasks/{task_id}/complete"): Rule(LANE_ACTORS, "task", lambda t: {"data": {}}),
    # notifications, incidents
    ("GET", "/api/notifications"): Rule(EVERYONE),
    ("POST", "/api/notifications/{notification_id}/read"): Rule(EVERYONE, "recipient"),
    ("GET", "/api/incidents"): Rule(ADMIN),
    ("POST", "/api/incidents/{incident_id}/retry"): Rule(ADMIN, missing=True),
}
