"""The world the authorization matrix runs in: the demo, the users it lacks, and two
sets of objects — one owned at school 1 (CLB 1), one at school 3 (CLB 2) — each a
pupil with a case signalled to its CLB (tasks of both lanes, a shared and a CLB-only
journal note, a document, an absence meeting, notifications). Built once per module
and database (tests/authz/conftest.py).

Every object set carries marker strings that no one outside its school (or, for the
CLB-only note, no one outside its CLB) may ever read (tests/authz/test_read_channel.py).
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from app.extensions import db
from app.models import Pupil, User, UserRole
from app.services.auth import hash_password
from tests.walk import CaseWalk

# The demo has one user per role at school 1, a zorgcoördinator at schools 2 and 3 and
# a worker at CLB 2; the matrix adds the other roles of school 2 and the doctor and
# director of CLB 2 (username, full name, role, school index or ("clb", index)).
EXTRA_USERS = [
    ("secr2", "Sam Secretariaat", "secretariaat", 1),
    ("dir2", "Dora Directeur", "directie", 1),
    ("leraar2", "Lien Klastitularis", "klastitularis", 1),
    ("llb2", "Mo Leerlingbegeleider", "leerlingbegeleider", 1),
    ("zorgl2", "Nele Zorgleerkracht", "zorgleerkracht", 1),
    ("spijb2", "Omar Coördinator spijbelbeleid", "coordinator_spijbelbeleid", 1),
    ("clbarts2", "Pieter CLB-arts", "clb_arts", ("clb", 1)),
    ("clbdir2", "Rita CLB-directeur", "clb_directeur", ("clb", 1)),
]
SCHOOL1 = ["zorg1", "secr1", "dir1", "leraar1", "llb1", "zorgl1", "spijb1"]
SCHOOL2 = ["zorg2", "secr2", "dir2", "leraar2", "llb2", "zorgl2", "spijb2"]
CLB1 = ["clb1", "clbarts1", "clbdir1"]
CLB2 = ["clb2", "clbarts2", "clbdir2"]
USERS = [*SCHOOL1, *SCHOOL2, "zorg3", *CLB1, *CLB2, "admin"]
ROLE_OF = {
    **dict(zip(SCHOOL1, ["zorgcoordinator", "secretariaat", "directie", "klastitularis",
                         "leerlingbegeleider", "zorgleerkracht", "coordinator_spijbelbeleid"], strict=True)),
    **{name: role for name, _, role, _ in EXTRA_USERS},
    "zorg2": "zorgcoordinator", "zorg3": "zorgcoordinator",
    "clb1": "clb_medewerker", "clbarts1": "clb_arts", "clbdir1": "clb_directeur",
    "clb2": "clb_medewerker", "admin": "admin",
}  # fmt: skip


def add_users(school_ids: list[int], clb_ids: list[int]) -> None:
    password_hash = hash_password("demo")
    for username, full_name, role, where in EXTRA_USERS:
        if db.session.scalar(select(User.id).where(User.username == username)):
            continue
        db.session.add(
            User(
                username=username,
                full_name=full_name,
                password_hash=password_hash,
                role_rows=[UserRole(role=role)],
                school_id=school_ids[where] if isinstance(where, int) else None,
                clb_id=clb_ids[where[1]] if isinstance(where, tuple) else None,
            )
        )
    db.session.commit()


@dataclass
class Owned:
    """The objects of one school (and its CLB), and the marker strings in them."""

    school_id: int
    clb_id: int
    pupil_id: int
    case_id: int
    school_task_id: int
    clb_task_id: int
    document_id: int
    meeting_id: int
    notification_ids: list[int] = field(default_factory=list)
    pupil_marker: str = ""  # the pupil's name: only the school and its CLB (after the signal)
    clb_marker: str = ""  # a CLB-only journal note: only the CLB
    recipient: str = ""  # the CLB worker the notifications went to


NOTE = {"kind": "note", "occurred_at": "2026-11-24T08:30:00+01:00"}


def build(login, *, school_id, clb_id, zorg, clb, pupil_external_id, tag) -> Owned:
    """A pupil of the school (renamed to a marker), its case referred to the CLB, the
    CLB's acceptance waiting, notes, a document and a meeting."""
    pupil_id = db.session.scalar(select(Pupil.id).where(Pupil.external_id == pupil_external_id))
    pupil_marker = f"Merkteken{tag}leerling"
    renamed = login(zorg).patch(f"/api/pupils/{pupil_id}", json={"last_name": pupil_marker})
    assert renamed.status_code == 200, renamed.get_json()
    walk = CaseWalk(login, opener=zorg, pupil_id=pupil_id)
    walk.complete("task_action_plan", zorg)
    walk.until_open("task_phase1_evaluation", zorg)
    walk.complete("task_phase1_evaluation", zorg, **_referral())
    school_task = _done_task(login, zorg, walk.id)
    clb_task = walk.task("task_clb_accept", clb)
    clb_marker = f"Merkteken{tag}clbnota"
    for user, text, visibility in ((zorg, f"Gedeelde nota {tag}", "shared"), (clb, clb_marker, "clb")):
        written = login(user).post(
            f"/api/cases/{walk.id}/journal", json={**NOTE, "text": text, "visibility": visibility}
        )
        assert written.status_code == 201, written.get_json()
    document = login(zorg).post(f"/api/cases/{walk.id}/documents", json={"template": "dossier_maatregelen"})
    assert document.status_code == 201, document.get_json()
    meeting = login(zorg).post(f"/api/schools/{school_id}/meetings", json={})
    assert meeting.status_code == 201, meeting.get_json()
    notifications = [n["id"] for n in login(clb).get("/api/notifications").get_json()["items"]]
    return Owned(
        school_id=school_id,
        clb_id=clb_id,
        pupil_id=pupil_id,
        case_id=walk.id,
        school_task_id=school_task,
        clb_task_id=clb_task["id"],
        document_id=document.get_json()["id"],
        meeting_id=meeting.get_json()["id"],
        notification_ids=notifications,
        pupil_marker=pupil_marker,
        clb_marker=clb_marker,
        recipient=clb,
    )


def _referral() -> dict:
    from tests.walk import REFERRAL

    return dict(REFERRAL)


def _done_task(login, username: str, case_id: int) -> int:
    """A school-lane task of the case the school completed."""
    query = f"/api/tasks?case_id={case_id}&scope=all&status=completed&per_page=100"
    done = [t for t in login(username).get(query).get_json()["items"] if t["lane"] == "school"]
    assert done, f"no completed school task in case {case_id}"
    return done[0]["id"]
