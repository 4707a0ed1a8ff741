"""The matrix's engine: for one rule, every user against both object sets, the
expected outcome beside the answer (tests/authz/rules.py says what "allowed" means)."""

import re
from dataclasses import dataclass

from sqlalchemy import update

from app.extensions import db
from app.models import CaseTask
from tests.authz import world
from tests.authz.rules import PUBLIC, Rule
from tests.authz.world import Owned

MISSING_ID = 999_999


@dataclass(frozen=True)
class Person:
    username: str
    user_id: int
    role: str
    school_id: int | None
    clb_id: int | None  # a school user's: their school's CLB
    is_clb: bool


@dataclass(frozen=True)
class Target:
    """The ids one request is about: one object set, seen by one user."""

    school_id: int
    clb_id: int
    pupil_id: int
    case_id: int
    task_id: int
    document_id: int
    meeting_id: int
    notification_id: int
    notice_id: int
    incident_id: int
    name: str
    user_id: int
    key: str = "zorgpad_case"
    old: int = 1
    new: int = 2


def people(login, demo) -> list[Person]:
    schools, clbs = demo["school_ids"], demo["clb_ids"]
    where = dict.fromkeys(world.SCHOOL1, (schools[0], clbs[0]))
    where |= dict.fromkeys(world.SCHOOL2, (schools[1], clbs[0]))
    where |= {"zorg3": (schools[2], clbs[1]), "admin": (None, None)}
    where |= dict.fromkeys(world.CLB1, (None, clbs[0])) | dict.fromkeys(world.CLB2, (None, clbs[1]))
    found = []
    for username in world.USERS:
        me = login(username).get("/api/me").get_json()
        school, clb = where[username]
        found.append(
            Person(username, me["id"], world.ROLE_OF[username], school, clb, username.startswith("clb"))
        )
    return found


def is_mine(person: Person, owned: Owned, owner: str) -> bool:
    if owner == "clb":
        return person.clb_id == owned.clb_id
    if owner == "recipient":
        return owned.recipient == person.username
    if person.is_clb:
        return person.clb_id == owned.clb_id
    return person.school_id is not None and person.school_id == owned.school_id


def target(person: Person, owned: Owned, deadline_lane: str = "school") -> Target:
    return Target(
        school_id=owned.school_id,
        clb_id=owned.clb_id,
        pupil_id=owned.pupil_id,
        case_id=owned.case_id,
        task_id=owned.clb_task_id if person.is_clb else owned.school_task_id,
        document_id=owned.document_id,
        meeting_id=owned.meeting_id,
        notification_id=owned.notification_ids[0] if owned.notification_ids else MISSING_ID,
        notice_id=MISSING_ID,
        incident_id=MISSING_ID,
        name="reminder" if deadline_lane == "school" else "clb_reminder",
        user_id=person.user_id,
    )


PARAMETER = re.compile(r"\{(\w+)\}|<(?:\w+:)?(\w+)>")


def fill(template: str, values: Target) -> str:
    return PARAMETER.sub(lambda m: str(getattr(values, m.group(1) or m.group(2))), template)


def expected(rule: Rule, person: Person, mine: bool | None) -> bool:
    """True: allowed; False: refused. `mine` is None for a rule without an object."""
    if person.role not in rule.who:
        return False
    if mine is None or mine:
        return True
    return person.role in rule.any_school


def verdict(rule: Rule, allowed: bool, status: int) -> bool:
    """Does the answer match the expectation?"""
    refused_statuses = (403, 404, 422) if rule.in_body else (403, 404)
    if status >= 500:
        return False
    if rule.missing:
        return status != 403 and status != 401 if allowed else status in (403, 404)
    if allowed:
        return status not in (401, 403, 404)
    return status in refused_statuses


def cases(rule: Rule, path: str, persons: list[Person], sets: list[Owned]):
    """(person, target, expected allowed) for every request the rule asks for."""
    if rule.who == PUBLIC:
        return
    lane = "clb" if "/clb" in path else "school"
    for person in persons:
        if rule.owner is None:
            yield person, target(person, sets[0], lane), expected(rule, person, None)
            continue
        for owned in sets:
            yield (
                person,
                target(person, owned, lane),
                expected(rule, person, is_mine(person, owned, rule.owner)),
            )


def release_tasks(app, sets: list[Owned]) -> None:
    """No one holds the world's tasks (a claim or an assignment before does not count)."""
    ids = [task for owned in sets for task in (owned.school_task_id, owned.clb_task_id)]
    with app.app_context():
        db.session.execute(update(CaseTask).where(CaseTask.id.in_(ids)).values(assignee_id=None))
        db.session.commit()
