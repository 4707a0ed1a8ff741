"""Who may open which page and send which form: one row per (method, rule) of Flask's URL
map outside /api (the API's rows: tests/authz/rules.py, which says what a row means).

The pages answer a refusal on an object of someone else with 404 (or 403), and a role
that may not open a page or send a form with 403. A few forms answer a refusal within
reach (a task someone may read but not act on, a wait that is not there) with a
redirect and a message on the page (`flash=True`): where the rule names the refusal's
words (`refusal`), the page the redirect leads to is read and those words count as a
refusal; otherwise the matrix holds the scope (another school's object: 404) and the
API's row the roles (the page and the API call the same service).
"""

from tests.authz.rules import (
    AD,
    ADMIN,
    CASE_OPENERS,
    CD,
    CLB,
    DI,
    DIRECTORS,
    EVERYONE,
    LANE_ACTORS,
    LB,
    MESSAGES,
    PUBLIC,
    PUPIL_WRITERS,
    SCHOOL,
    STAFF,
    ZC,
    Rule,
)

MEETING = frozenset({ZC, DI, LB})  # app/services/schools.MEETING_ROLES
NOT_YOURS = "U mag deze taak niet uitvoeren"  # app/services/tasks/work.py: the role's refusal


def _day(t):
    return {"date": "2031-07-15", "reason": "Matrix"}


def _note(t):
    return {"kind": "note", "occurred_at": "2026-11-24T10:00", "text": "Matrixnota", "visibility": "shared"}


def _empty_file(t):
    return {"file": (b"", "leeg.csv")}


WEB: dict[tuple[str, str], Rule] = {
    ("GET", "/static/<path:filename>"): Rule(PUBLIC),
    ("GET", "/login"): Rule(PUBLIC),
    ("POST", "/login"): Rule(PUBLIC),
    ("GET", "/logout"): Rule(EVERYONE),
    ("POST", "/logout"): Rule(EVERYONE),
    ("GET", "/assets/<path:filename>"): Rule(EVERYONE),
    ("GET", "/vendor/<name>/<path:filename>"): Rule(EVERYONE),
    ("GET", "/"): Rule(EVERYONE),
    # absences
    ("GET", "/afwezigheden"): Rule(EVERYONE),
    ("GET", "/scholen/<id:school_id>/afwezigheden"): Rule(STAFF, "school"),
    ("GET", "/scholen/<id:school_id>/afwezigheden/inlezen"): Rule(STAFF, "school"),
    ("POST", "/scholen/<id:school_id>/afwezigheden/inlezen"): Rule(
        frozenset({ZC, "secretariaat", DI}), "school", _empty_file, files=True
    ),
    ("GET", "/scholen/<id:school_id>/drempels"): Rule(STAFF, "school"),
    ("POST", "/scholen/<id:school_id>/drempels"): Rule(frozenset({DI}), "school", lambda t: {}),
    ("GET", "/scholen/<id:school_id>/overleg"): Rule(STAFF, "school"),
    ("POST", "/scholen/<id:school_id>/overleg"): Rule(MEETING, "school", lambda t: {}),
    ("GET", "/scholen/<id:school_id>/overleg/<id:meeting_id>"): Rule(STAFF, "meeting"),
    ("POST", "/scholen/<id:school_id>/overleg/<id:meeting_id>/beslissing"): Rule(
        MEETING, "meeting", lambda t: {"pupil_id": t.pupil_id, "decision": "discussed"}
    ),
    ("POST", "/scholen/<id:school_id>/overleg/<id:meeting_id>/beslissingen"): Rule(
        MEETING, "meeting", lambda t: {f"decision-{t.pupil_id}": "discussed", f"note-{t.pupil_id}": ""}
    ),
    # calendars and agreements
    ("GET", "/schoolkalender"): Rule(EVERYONE),
    ("GET", "/schoolkalender/<id:school_id>"): Rule(STAFF | ADMIN, "school", any_school=ADMIN),
    ("POST", "/schoolkalender/<id:school_id>/vrije-dagen"): Rule(
        frozenset({DI, AD}), "school", _day, any_school=ADMIN
    ),
    ("POST", "/schoolkalender/<id:school_id>/vrije-dagen/verwijderen"): Rule(
        frozenset({DI, AD}), "school", _day, any_school=ADMIN, missing=True
    ),
    ("POST", "/schoolkalender/<id:school_id>/termijnen/<name>"): Rule(
        frozenset({DI, AD}), "school", lambda t: {"school_days": "5"}, any_school=ADMIN
    ),
    ("GET", "/clb/afspraken"): Rule(CLB),
    ("GET", "/clb/<id:clb_id>/afspraken"): Rule(STAFF | ADMIN, "clb", any_school=ADMIN),
    ("POST", "/clb/<id:clb_id>/afspraken/<name>"): Rule(
        frozenset({CD, AD}), "clb", lambda t: {"school_days": "5"}, any_school=ADMIN
    ),
    ("GET", "/aanmeldingen"): Rule(CLB),
    # cases
    ("GET", "/dossiers"): Rule(EVERYONE),
    ("GET", "/dossiers/<id:case_id>"): Rule(STAFF, "case"),
    ("GET", "/dossiers/<id:case_id>/diagram"): Rule(STAFF, "case"),
    ("POST", "/dossiers/<id:case_id>/logboek"): Rule(STAFF, "case", _note),
    ("POST", "/dossiers/<id:case_id>/verantwoordelijke"): Rule(
        LANE_ACTORS, "case", lambda t: {"user_id": str(t.user_id)}
    ),
    ("POST", "/dossiers/<id:case_id>/nu-evalueren"): Rule(STAFF, "case", lambda t: {}, flash=True),
    ("POST", "/dossiers/<id:case_id>/annuleren"): Rule(CASE_OPENERS, "case", lambda t: {}),
    ("POST", "/dossiers/<id:case_id>/schoolverandering"): Rule(
        MESSAGES, "case", lambda t: {"new_school_id": str(t.school_id)}
    ),
    ("POST", "/dossiers/<id:case_id>/type-afwezigheid"): Rule(
        CLB, "case", lambda t: {"absence_type": "spijbelen"}
    ),
    ("POST", "/dossiers/<id:case_id>/politiespoor"): Rule(CASE_OPENERS, "case", lambda t: {}),
    ("POST", "/dossiers/<id:case_id>/mededelingen/<id:notice_id>/bevestigen"): Rule(
        SCHOOL, "case", missing=True
    ),
    ("POST", "/dossiers/<id:case_id>/sporen"): Rule(MESSAGES, "case", lambda t: {"name": "agodi_report"}),
    ("POST", "/dossiers/<id:case_id>/documenten"): Rule(
        CASE_OPENERS, "case", lambda t: {"template": "dossier_maatregelen"}
    ),
    ("GET", "/documenten/<id:document_id>"): Rule(STAFF, "document"),
    ("GET", "/documenten/<id:document_id>/pdf-klaar"): Rule(STAFF, "document"),
    # tasks
    ("GET", "/taken"): Rule(EVERYONE),
    ("POST", "/taken/toewijzen"): Rule(
        STAFF,
        "task",
        lambda t: {"taak": str(t.task_id), "user_id": str(t.user_id)},
        flash=True,
        in_body=True,
        refusal="taak niet gevonden",
    ),
    ("GET", "/taken/<id:task_id>"): Rule(STAFF, "task"),
    ("POST", "/taken/<id:task_id>"): Rule(LANE_ACTORS, "task", lambda t: {}),
    ("POST", "/taken/<id:task_id>/opnemen"): Rule(LANE_ACTORS, "task", flash=True, refusal=NOT_YOURS),
    ("POST", "/taken/<id:task_id>/vrijgeven"): Rule(LANE_ACTORS, "task", flash=True, refusal=NOT_YOURS),
    ("POST", "/taken/<id:task_id>/toewijzen"): Rule(
        LANE_ACTORS, "task", lambda t: {"user_id": str(t.user_id)}, flash=True, refusal=NOT_YOURS
    ),
    # notifications, incidents, process versions
    ("GET", "/meldingen"): Rule(EVERYONE),
    ("GET", "/meldingen/e-mail"): Rule(EVERYONE),
    ("POST", "/meldingen/e-mail"): Rule(EVERYONE, None, lambda t: {"email": "", "frequency": "off"}),
    ("POST", "/meldingen/<id:notification_id>/gelezen"): Rule(EVERYONE, "recipient"),
    ("POST", "/meldingen/alles-gelezen"): Rule(EVERYONE),
    ("GET", "/incidenten"): Rule(ADMIN),
    ("POST", "/incidenten/<id:incident_id>/opnieuw"): Rule(ADMIN, missing=True),
    ("GET", "/beheer/paden"): Rule(ADMIN),
    ("GET", "/beheer/paden/<key>/<int:old>/<int:new>"): Rule(ADMIN, missing=True),
    ("POST", "/beheer/paden/<key>/<int:old>/<int:new>"): Rule(ADMIN, missing=True),
    # pupils
    ("GET", "/leerlingen"): Rule(EVERYONE),
    ("GET", "/leerlingen/nieuw"): Rule(PUPIL_WRITERS),
    ("POST", "/leerlingen/nieuw"): Rule(PUPIL_WRITERS, body=lambda t: {}),
    ("GET", "/leerlingen/<id:pupil_id>"): Rule(STAFF, "pupil"),
    ("GET", "/leerlingen/<id:pupil_id>/gegevens"): Rule(PUPIL_WRITERS, "pupil"),
    ("POST", "/leerlingen/<id:pupil_id>/gegevens"): Rule(PUPIL_WRITERS, "pupil", lambda t: {}),
    ("GET", "/leerlingen/<id:pupil_id>/export"): Rule(DIRECTORS, "pupil"),
    ("POST", "/leerlingen/<id:pupil_id>/dossier"): Rule(CASE_OPENERS, "pupil", lambda t: {}),
    ("GET", "/scholen/<id:school_id>/leerlingen/inlezen"): Rule(PUPIL_WRITERS, "school"),
    ("POST", "/scholen/<id:school_id>/leerlingen/inlezen"): Rule(
        PUPIL_WRITERS, "school", _empty_file, files=True
    ),
}
