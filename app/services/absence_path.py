"""Absences drive the care path: what an import does to the pupils' cases.

Called by the import (`absence_import._write`) inside its transaction, with
what it did to each pupil's B half-days (`absence_episodes.BChange`):

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

Thousands of pupils at once (a first import of a large school): cases and
instances are written a chunk of pupils at a time with one flush per kind, and
equal starts run through the engine once (`engine.Starter`).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import joinedload, undefer

from app import engine
from app.extensions import db
from app.models import Case, CaseSchool, Pupil, WorkflowInstance
from app.school_calendar import BRUSSELS
from app.school_year import school_year_of
from app.services import absence_settings, workflows
from app.services.absence_counts import b_count_from, registered_b_count
from app.services.absence_episodes import BChange
from app.services.access import Actor
from app.services.case_facts import signalled
from app.services.compulsory_education import pupil_is_compulsory
from app.services.instances import process_key
from app.services.school_days import days_off, script_functions
from app.services.step_writes import insert_events
from app.services.steps import apply_step, event, open_task_rows
from app.vocabulary import AbsenceType, CaseStatus, EventKind, InstanceKind, InstanceStatus, Phase

NEW_ABSENCES = "new_absences"
HALF = {"am": "vm", "pm": "nm"}


@dataclass
class PathReport:
    """What the import did to the cases (case ids)."""

    opened: list[int] = field(default_factory=list)
    followed: list[int] = field(default_factory=list)  # open cases that got new absences
    reopened: list[int] = field(default_factory=list)
    signal_due: list[int] = field(default_factory=list)
    followups_started: int = 0
    episodes_counted_only: int = 0  # too old at import for a follow-up


@dataclass
class _Target:
    """One pupil's case in this import and what happens to it."""

    change: BChange
    pupil: Pupil
    case: Case | None = None
    how: str = "followed"  # opened / followed / reopened
    recent: list = field(default_factory=list)  # _Episode
    older: list = field(default_factory=list)


class _Episode:
    """A new episode's row, before it is inserted (reconcile's dict), read by name."""

    def __init__(self, row: dict):
        self.row = row

    def __getattr__(self, name):
        return self.row[name]


def _label(episode) -> str:
    first = f"{episode.first_day:%d/%m} {HALF[episode.first_half_day]}"
    last = f"{episode.last_day:%d/%m} {HALF[episode.last_half_day]}"
    span = first if first == last else f"{first} – {last}"
    return f"{span} ({episode.b_half_days} {'halve dag' if episode.b_half_days == 1 else 'halve dagen'})"


class _Wiring:
    def __init__(self, school_id: int, actor: Actor | None, now: datetime):
        self.school_id, self.actor, self.now = school_id, actor, now
        self.today = now.astimezone(BRUSSELS).date()
        self.year = school_year_of(self.today)
        thresholds = absence_settings.effective(school_id).thresholds
        self.signal_b = thresholds["signal_b"]
        self.window_start = self.today - timedelta(days=thresholds["followup_window_days"])
        self.functions = script_functions(school_id)
        self.days_off = days_off(school_id)
        self.report = PathReport()
        # Events and periods of the cases written in bulk at the end of a chunk (Core
        # executemany: the ORM inserts these one statement per row).
        self.events: list = []
        self._starters: dict[InstanceKind, tuple[engine.Starter, int]] = {}

    def starter(self, kind: InstanceKind) -> tuple[engine.Starter, str, int]:
        key = process_key(kind)
        if kind not in self._starters:
            version = workflows.latest_version(key)
            self._starters[kind] = (
                engine.Starter(workflows.bundle(key, version), now=self.now, functions=self.functions),
                version,
            )
        starter, version = self._starters[kind]
        return starter, key, version

    # --- one chunk of pupils -------------------------------------------------------
    def wire(self, changes: list[BChange], new_rows: list[dict]) -> None:
        """`absence_episodes.reconcile`'s hook, once per chunk of pupils, before the
        chunk's new episodes are inserted: their `case_id` and `followup_started_at`
        are set in the rows themselves (an UPDATE of tens of thousands of fresh rows
        afterwards was most of a large first import on PostgreSQL)."""
        episodes = defaultdict(list)
        for row in new_rows:
            # Split off an episode already followed up: the same absence, nothing to start.
            followed = row["case_id"] is not None or row["followup_started_at"] is not None
            if row["school_year"] == self.year and not followed:
                episodes[row["pupil_id"]].append(_Episode(row))
        relevant = [c for c in changes if c.school_year == self.year and (c.gained or episodes[c.pupil_id])]
        if relevant:
            self.run(relevant, episodes)

    def run(self, changes: list[BChange], episodes: dict[int, list["_Episode"]]) -> None:
        session = db.session
        pupil_ids = [c.pupil_id for c in changes]
        pupils = {p.id: p for p in session.scalars(select(Pupil).where(Pupil.id.in_(pupil_ids)))}
        open_cases = {
            c.pupil_id: c
            for c in session.scalars(
                select(Case)
                .where(Case.pupil_id.in_(pupil_ids), Case.status != CaseStatus.CLOSED)
                .options(joinedload(Case.pupil))
            )
        }
        waiting = self._reopenable([p for p in pupil_ids if p not in open_cases])
        targets = []
        for change in changes:
            target = _Target(change, pupils[change.pupil_id])
            for episode in sorted(episodes[change.pupil_id], key=lambda e: (e.first_day, e.first_half_day)):
                (target.recent if episode.last_day >= self.window_start else target.older).append(episode)
            target.case = open_cases.get(change.pupil_id) or waiting.get(change.pupil_id)
            if target.case is None or target.case.status == CaseStatus.CLOSED:
                if not episodes[change.pupil_id] and not change.signal_due:
                    continue  # an absence that went on, its case closed since: nothing new to follow
            if target.case is None:
                target.how = "opened"
            elif target.case.status == CaseStatus.CLOSED:
                target.how = "reopened"
            targets.append(target)
        self._open([t for t in targets if t.how == "opened"])
        for target in targets:
            if target.how == "reopened":
                self._reopen(target)
        self._follow_up(targets)
        for target in targets:
            self._tell(target)
            getattr(self.report, target.how).append(target.case.id)
        self.write_events()

    def write_events(self) -> None:
        """The events gathered so far, after their tasks have ids."""
        db.session.flush()
        insert_events(self.events)
        self.events = []

    def _reopenable(self, pupil_ids: list[int]) -> dict[int, Case]:
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
                Case.school_id == self.school_id,
                WorkflowInstance.kind == InstanceKind.CASE,
                WorkflowInstance.status == InstanceStatus.RUNNING,
            )
            .order_by(Case.id)
            .options(joinedload(Case.pupil))
        ):
            found[case.pupil_id] = case  # the latest wins
        return found

    # --- opening cases in bulk ------------------------------------------------------
    def _open(self, targets: list[_Target]) -> None:
        reason = "Geopend door de afwezigheidsimport: {} B-codes (halve dagen) in schooljaar {}."
        cases = self.open_cases(
            [(t.pupil, t.change.b_after, reason.format(t.change.b_after, self.year)) for t in targets]
        )
        for target, case in zip(targets, cases, strict=True):
            target.case = case

    def open_cases(self, wanted: list[tuple[Pupil, int, str]]) -> list[Case]:
        """New cases in phase 1, type unknown, for (pupil, B count, why) at this school."""
        if not wanted:
            return []
        session = db.session
        cases = []
        for pupil, _, _ in wanted:
            case = Case(
                pupil_id=pupil.id,
                school_id=self.school_id,
                status=CaseStatus.OPEN,
                phase=Phase.FASE1,
                absence_type=AbsenceType.ONBEKEND,
                opened_at=self.now,
                opened_by_id=self.actor.user_id if self.actor else None,
            )
            case.pupil = pupil
            cases.append(case)
        session.add_all(cases)
        session.flush()
        starter, key, version = self.starter(InstanceKind.CASE)
        started = []
        session.execute(
            insert(CaseSchool.__table__),
            [{"case_id": case.id, "school_id": case.school_id, "since": self.now} for case in cases],
        )
        for case, (pupil, b_count, reason) in zip(cases, wanted, strict=True):
            self.events.append(
                event(
                    case,
                    self.actor,
                    self.now,
                    EventKind.CASE_OPENED,
                    "dossier",
                    new=AbsenceType.ONBEKEND,
                    reason=reason,
                )
            )
            facts = {
                "absence_type": AbsenceType.ONBEKEND,
                "b_count": b_count,
                "compulsory": pupil_is_compulsory(pupil, self.today),
                "clb_involved": False,
                "resume_phase": None,
            }
            result = starter.start(facts)
            started.append((case, self._instance(case, InstanceKind.CASE, key, version, result), result))
        session.flush()
        for case, instance, result in started:
            apply_step(
                case,
                instance,
                result,
                self.actor,
                self.now,
                [],
                days_off=self.days_off,
                events_out=self.events,
            )
        return cases

    def _facts(self, case: Case, change: BChange) -> dict:
        """engine_facts, with the B count the import just counted."""
        new = case.carried_b_count is None and case.b_count is None
        count = change.b_after if new else b_count_from(case, self.today, registered=change.b_after)
        return {
            "absence_type": case.absence_type,
            "b_count": count,
            "compulsory": pupil_is_compulsory(case.pupil, self.today),
            "clb_involved": case.clb_since is not None,
        }

    def _instance(self, case: Case, kind: InstanceKind, key: str, version: int, result) -> WorkflowInstance:
        # As apply_step will leave it, so the INSERT is the only write (an UPDATE per
        # instance after the flush was a good part of a large import on PostgreSQL).
        instance = WorkflowInstance(
            case_id=case.id,
            kind=kind,
            workflow_key=key,
            workflow_version=version,
            state=result.state,
            status=InstanceStatus.RUNNING,
            started_at=self.now,
            next_timer_due_at=result.next_timer_due_at,
        )
        db.session.add(instance)
        return instance

    # --- a case closed with agreements reopens ---------------------------------------
    def _reopen(self, target: _Target) -> None:
        case = target.case
        instance = db.session.scalar(
            select(WorkflowInstance)
            .where(
                WorkflowInstance.case_id == case.id,
                WorkflowInstance.kind == InstanceKind.CASE,
                WorkflowInstance.status == InstanceStatus.RUNNING,
            )
            .options(undefer(WorkflowInstance.state))
        )
        bundle = workflows.bundle_for(instance)
        if NEW_ABSENCES not in engine.waiting_messages(bundle, instance.state):
            target.case, target.how = None, "opened"  # closed for good after all: a new case
            self._open([target])
            return
        note = f"Nieuwe B-codes ingelezen: {', '.join(_label(e) for e in target.recent + target.older)}."
        db.session.add(
            event(
                case,
                self.actor,
                self.now,
                EventKind.MESSAGE_RECEIVED,
                NEW_ABSENCES,
                new=target.change.b_after,
                reason=note,
            )
        )
        payload = self._facts(case, target.change) | {"new_absences_note": note}
        result = engine.deliver_message(
            bundle, instance.state, NEW_ABSENCES, payload, now=self.now, functions=self.functions
        )
        apply_step(
            case,
            instance,
            result,
            self.actor,
            self.now,
            open_task_rows(case.id, instance.id),
            days_off=self.days_off,
        )

    # --- one follow-up per new episode -------------------------------------------------
    def _follow_up(self, targets: list[_Target]) -> None:
        session = db.session
        starter, key, version = self.starter(InstanceKind.ABSENCE_FOLLOWUP)
        started = []
        for target in targets:
            case = target.case
            if target.recent:
                facts = self._facts(case, target.change)
            for episode in target.recent:
                result = starter.start(facts | {"first_absence_on": episode.first_day.isoformat()})
                instance = self._instance(case, InstanceKind.ABSENCE_FOLLOWUP, key, version, result)
                started.append((case, instance, result))
                episode.row["case_id"], episode.row["followup_started_at"] = case.id, self.now
            for episode in target.older:
                episode.row["case_id"] = case.id
            self.report.episodes_counted_only += len(target.older)
        session.flush()
        for case, instance, result in started:
            self.events.append(
                event(
                    case,
                    self.actor,
                    self.now,
                    EventKind.PROCESS_STARTED,
                    InstanceKind.ABSENCE_FOLLOWUP,
                    new=f"{key} v{version}",
                )
            )
            apply_step(
                case,
                instance,
                result,
                self.actor,
                self.now,
                [],
                days_off=self.days_off,
                events_out=self.events,
            )
        self.report.followups_started += len(started)

    # --- what the school reads in the case -----------------------------------------------
    def _tell(self, target: _Target) -> None:
        case, change = target.case, target.change
        episodes = target.recent + target.older
        parts = [_label(e) for e in episodes]
        if target.older:
            parts.append(f"{len(target.older)} al langer geleden: geteld, zonder nieuwe opvolging")
        if change.extended_episode_ids:
            parts.append("een lopende afwezigheid duurde langer (dezelfde opvolging)")
        if change.gained:
            self.events.append(
                event(
                    case,
                    self.actor,
                    self.now,
                    EventKind.ABSENCES_IMPORTED,
                    "absences",
                    change.b_before,
                    change.b_after,
                    reason="; ".join(parts),
                )
            )
        if (
            change.signal_due
            and pupil_is_compulsory(target.pupil, self.today)
            and (target.how == "opened" or not signalled(case))
        ):
            self.events.append(
                event(
                    case,
                    self.actor,
                    self.now,
                    EventKind.SIGNAL_DUE,
                    "signal",
                    change.b_before,
                    change.b_after,
                    reason=f"{change.b_after} B-codes (halve dagen) in schooljaar {self.year} (drempel "
                    f"{self.signal_b}) → signaal aan het CLB (overleg afwezigheden).",
                )
            )
            self.report.signal_due.append(case.id)


def open_case(school_id: int, pupil: Pupil, actor: Actor | None, now: datetime, reason: str) -> Case:
    """Open one case for a pupil of the school (e.g. after an absence meeting's signal)."""
    wiring = _Wiring(school_id, actor, now)
    case = wiring.open_cases([(pupil, registered_b_count(pupil.id, wiring.today), reason)])[0]
    wiring.write_events()
    return case


def wiring(school_id: int, actor: Actor | None, now: datetime) -> "_Wiring":
    """What brings an import's new B half-days into the cases: pass its `wire` to
    `absence_episodes.reconcile`; its `report` says what it did."""
    return _Wiring(school_id, actor, now)
