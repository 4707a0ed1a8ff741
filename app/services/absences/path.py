"""Absences drive the care path: what an import does to the pupils' cases.

Called by the import (`importing._write`) inside its transaction, once per chunk of
pupils (`episodes.reconcile` yields them before inserting their new episodes),
with what it did to each pupil's B half-days (`episodes.BChange`):

- a new B episode in the current school year goes into the pupil's open case;
  without one, a case closed with follow-up agreements reopens (the message
  `new_absences`: the CLB gets its relapse task) and otherwise a new case
  opens, absence type `onbekend` so the path starts by finding it out;
- each new episode starts ONE follow-up (`zorgpad_absence_followup`: contact
  the parents, talk with the pupil on return), a short instance of its own, so
  the main path's state does not grow with the episodes. An episode a later
  import extends is the same absence: no second follow-up. An episode that
  ended more than `followup_window_days` before the import (a whole year
  imported at once, a late registration) is counted and linked to the case,
  but starts no follow-up: the parents' call belongs to the days after the
  absence;
- reaching the school's `signal_b` (5 B half-days) makes the signal to the
  CLB due in the case: an event the school reads, the case page says so and
  the phase-1 evaluation does not close without the signal (case_facts.signal_due).

A case the import opens belongs to the school: its tasks go to the roles the
school named; `opened_by` is the user who imported (none from the command line).
Episodes of earlier school years touch no case: the path works on this year.

Thousands of pupils at once (a first import of a large school): cases open
through the one door (app/services/cases/opening.py) and instances start in
bulk (`steps.instances.BulkStarts`: equal starts run through the engine once,
one flush per kind, one INSERT of events per chunk).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload, undefer

from app import engine
from app.calendar.compulsory_education import pupil_is_compulsory
from app.calendar.school_days import BRUSSELS
from app.calendar.school_year import school_year_of
from app.extensions import db
from app.models import Case, CaseEvent, Pupil, WorkflowInstance
from app.services import workflows
from app.services.absences import settings as absence_settings
from app.services.absences.episodes import BChange
from app.services.access import Actor
from app.services.calendar.functions import days_off
from app.services.cases.facts import engine_facts, signalled
from app.services.cases.opening import NewCase, open_cases
from app.services.steps.funnel import StepOptions, apply_step
from app.services.steps.instances import BulkStarts
from app.services.steps.records import event, open_task_rows
from app.storage.step_writes import insert_events
from app.vocabulary import CaseStatus, EventKind, InstanceKind, InstanceStatus

NEW_ABSENCES = "new_absences"
HALF = {"am": "vm", "pm": "nm"}
OPENED, FOLLOWED, REOPENED = "opened", "followed", "reopened"


@dataclass
class PathReport:
    """What the import did to the cases (case ids)."""

    opened: list[int] = field(default_factory=list)
    followed: list[int] = field(default_factory=list)  # open cases that got new absences
    reopened: list[int] = field(default_factory=list)
    signal_due: list[int] = field(default_factory=list)
    followups_started: int = 0
    episodes_counted_only: int = 0  # too old at import for a follow-up

    def record(self, how: str, case_id: int) -> None:
        if how == OPENED:
            self.opened.append(case_id)
        elif how == REOPENED:
            self.reopened.append(case_id)
        else:
            self.followed.append(case_id)


@dataclass
class ImportPath:
    """What the care path reads once per import, and what it gathers."""

    school_id: int
    actor: Actor | None
    now: datetime
    signal_b: int
    window_days: int
    starts: BulkStarts
    report: PathReport = field(default_factory=PathReport)
    events: list[CaseEvent] = field(default_factory=list)  # written once per chunk

    @property
    def today(self):
        return self.now.astimezone(BRUSSELS).date()

    @property
    def year(self) -> str:
        return school_year_of(self.today)

    @property
    def window_start(self):
        return self.today - timedelta(days=self.window_days)


@dataclass
class _Target:
    """One pupil's case in this import and what happens to it."""

    change: BChange
    pupil: Pupil
    case: Case | None = None
    how: str = FOLLOWED
    recent: list[dict] = field(default_factory=list)  # new episode rows, to follow up
    older: list[dict] = field(default_factory=list)  # new episode rows, only counted

    @property
    def the_case(self) -> Case:
        """The case once `_targets` found it and `_open` opened the missing ones
        (`apply_chunk` calls those first): from then on every target has one."""
        assert self.case is not None, "a target without its case after _open"
        return self.case


def begin(school_id: int, actor: Actor | None, now: datetime) -> ImportPath:
    thresholds = absence_settings.effective(school_id).thresholds
    return ImportPath(
        school_id,
        actor,
        now,
        signal_b=thresholds["signal_b"],
        window_days=thresholds["followup_window_days"],
        starts=BulkStarts(school_id, actor, now, days_off(school_id)),
    )


def apply_chunk(path: ImportPath, changes: list[BChange], new_rows: list[dict]) -> None:
    """One chunk of pupils, before its new episode rows are inserted: their
    `case_id` and `followup_started_at` are set in the rows themselves (an
    UPDATE of tens of thousands of fresh rows afterwards was most of a large
    first import on PostgreSQL)."""
    episodes: dict[int, list[dict]] = {}
    for row in new_rows:
        # Split off an episode already followed up: the same absence, nothing to start.
        followed = row["case_id"] is not None or row["followup_started_at"] is not None
        if row["school_year"] == path.year and not followed:
            episodes.setdefault(row["pupil_id"], []).append(row)
    relevant = [c for c in changes if c.school_year == path.year and (c.gained or c.pupil_id in episodes)]
    if not relevant:
        return
    targets = _targets(path, relevant, episodes)
    _open(path, [t for t in targets if t.how == OPENED])
    for target in targets:
        if target.how == REOPENED:
            _reopen(path, target)
    _follow_up(path, targets)
    for target in targets:
        _tell(path, target)
        path.report.record(target.how, target.the_case.id)
    db.session.flush()
    insert_events(path.events)
    path.events = []


def _targets(path: ImportPath, changes: list[BChange], episodes: dict[int, list[dict]]) -> list[_Target]:
    pupil_ids = [c.pupil_id for c in changes]
    pupils = {p.id: p for p in db.session.scalars(select(Pupil).where(Pupil.id.in_(pupil_ids)))}
    open_cases_by_pupil = {
        c.pupil_id: c
        for c in db.session.scalars(
            select(Case)
            .where(Case.pupil_id.in_(pupil_ids), Case.status != CaseStatus.CLOSED)
            .options(joinedload(Case.pupil))
        )
    }
    waiting = _reopenable(path, [p for p in pupil_ids if p not in open_cases_by_pupil])
    targets = []
    for change in changes:
        target = _Target(change, pupils[change.pupil_id])
        mine = episodes.get(change.pupil_id, [])
        for row in sorted(mine, key=lambda r: (r["first_day"], r["first_half_day"])):
            (target.recent if row["last_day"] >= path.window_start else target.older).append(row)
        target.case = open_cases_by_pupil.get(change.pupil_id) or waiting.get(change.pupil_id)
        closed = target.case is None or target.case.status == CaseStatus.CLOSED
        if closed and not mine and not change.signal_due:
            continue  # an absence that went on, its case closed since: nothing new to follow
        if target.case is None:
            target.how = OPENED
        elif target.case.status == CaseStatus.CLOSED:
            target.how = REOPENED
        targets.append(target)
    return targets


def _reopenable(path: ImportPath, pupil_ids: list[int]) -> dict[int, Case]:
    """Cases closed with follow-up agreements: their main path still runs, waiting for new absences."""
    if not pupil_ids:
        return {}
    found = {}
    for case in db.session.scalars(
        select(Case)
        .join(WorkflowInstance, WorkflowInstance.case_id == Case.id)
        .where(
            Case.pupil_id.in_(pupil_ids),
            Case.status == CaseStatus.CLOSED,
            Case.school_id == path.school_id,
            WorkflowInstance.kind == InstanceKind.CASE,
            WorkflowInstance.status == InstanceStatus.RUNNING,
        )
        .order_by(Case.id)
        .options(joinedload(Case.pupil))
    ):
        found[case.pupil_id] = case  # the latest wins
    return found


def _open(path: ImportPath, targets: list[_Target]) -> None:
    reason = "Geopend door de afwezigheidsimport: {} B-codes (halve dagen) in schooljaar {}."
    wanted = [
        NewCase(t.pupil, reason.format(t.change.b_after, path.year), registered_b=t.change.b_after)
        for t in targets
    ]
    for target, case in zip(
        targets, open_cases(path.school_id, wanted, path.actor, path.now, path.starts), strict=True
    ):
        target.case = case


def _reopen(path: ImportPath, target: _Target) -> None:
    """A case closed with agreements reopens: the message `new_absences` (the CLB's relapse task)."""
    case = target.the_case
    instance = db.session.scalar(
        select(WorkflowInstance)
        .where(
            WorkflowInstance.case_id == case.id,
            WorkflowInstance.kind == InstanceKind.CASE,
            WorkflowInstance.status == InstanceStatus.RUNNING,
        )
        .options(undefer(WorkflowInstance.state))
    )
    # `_reopenable` chose the case by its running main instance, in this transaction.
    assert instance is not None, f"case {case.id}: no running main instance to reopen"
    bundle = workflows.bundle_for(instance)
    if NEW_ABSENCES not in engine.waiting_messages(bundle, instance.state):
        target.case, target.how = None, OPENED  # closed for good after all: a new case
        _open(path, [target])
        return
    note = f"Nieuwe B-codes ingelezen: {', '.join(_label(e) for e in target.recent + target.older)}."
    db.session.add(
        event(
            case,
            path.actor,
            path.now,
            EventKind.MESSAGE_RECEIVED,
            NEW_ABSENCES,
            new=target.change.b_after,
            reason=note,
        )
    )
    payload = engine_facts(case, path.today, registered=target.change.b_after) | {"new_absences_note": note}
    result = engine.deliver_message(
        bundle, instance.state, NEW_ABSENCES, payload, now=path.now, functions=path.starts.functions
    )
    options = StepOptions(days_off=path.starts.days_off)
    apply_step(case, instance, result, path.actor, path.now, open_task_rows(case.id, instance.id), options)


def _follow_up(path: ImportPath, targets: list[_Target]) -> None:
    """One follow-up per recent new episode; older ones are only linked to the case."""
    for target in targets:
        case = target.the_case
        if target.recent:
            facts = engine_facts(case, path.today, registered=target.change.b_after)
        for row in target.recent:
            path.starts.start(
                case,
                InstanceKind.ABSENCE_FOLLOWUP,
                facts | {"first_absence_on": row["first_day"].isoformat()},
            )
            row["case_id"], row["followup_started_at"] = case.id, path.now
        for row in target.older:
            row["case_id"] = case.id
        path.report.followups_started += len(target.recent)
        path.report.episodes_counted_only += len(target.older)
    path.starts.write(path.events)


def _label(episode: dict) -> str:
    first = f"{episode['first_day']:%d/%m} {HALF[episode['first_half_day']]}"
    last = f"{episode['last_day']:%d/%m} {HALF[episode['last_half_day']]}"
    span = first if first == last else f"{first} – {last}"
    days = episode["b_half_days"]
    return f"{span} ({days} {'halve dag' if days == 1 else 'halve dagen'})"


def _tell(path: ImportPath, target: _Target) -> None:
    """What the school reads in the case: the new absences, the signal when it became due."""
    case, change = target.the_case, target.change
    parts = [_label(e) for e in target.recent + target.older]
    if target.older:
        parts.append(f"{len(target.older)} al langer geleden: geteld, zonder nieuwe opvolging")
    if change.extended_episode_ids:
        parts.append("een lopende afwezigheid duurde langer (dezelfde opvolging)")
    if change.gained:
        path.events.append(
            event(
                case,
                path.actor,
                path.now,
                EventKind.ABSENCES_IMPORTED,
                "absences",
                change.b_before,
                change.b_after,
                reason="; ".join(parts),
            )
        )
    if (
        change.signal_due
        and pupil_is_compulsory(target.pupil, path.today)
        and (target.how == OPENED or not signalled(case))
    ):
        path.events.append(
            event(
                case,
                path.actor,
                path.now,
                EventKind.SIGNAL_DUE,
                "signal",
                change.b_before,
                change.b_after,
                reason=f"{change.b_after} B-codes (halve dagen) in schooljaar {path.year} (drempel "
                f"{path.signal_b}) → signaal aan het CLB (overleg afwezigheden).",
            )
        )
        path.report.signal_due.append(case.id)
