"""Absences drive the path, graded as the law grades it: what an import does to the
pupils' follow-ups and cases.

Called by the import (`importing._write`) inside its transaction, once per chunk of
pupils (`episodes.reconcile` yields them before inserting their new episodes), with
what it did to each pupil's absences of the current school year (`episodes.BChange`):

- every new episode (open half-days: B, or the unannounced - on the day itself)
  starts ONE follow-up (`zorgpad_absence_followup`: contact the parents, talk with
  the pupil on return), in the pupil's open case, else for the pupil without a
  case; an episode that ended more than `followup_window_days` before the import is
  counted, not followed up (the parents' call belongs to the days after the absence);
- an episode whose half-days all turned out justified (Z, R, P, …) stops its
  follow-up, with a line in the case's or the pupil's timeline;
- a case opens by itself when a pupil of compulsory age reaches the signal floor
  (the school's `signal_b`, at most 5 half-days with B-code in the school year), and
  adopts the pupil's running follow-ups; below it no case is forced on anyone;
- new half-days with B-code on a case closed with follow-up agreements reopen it
  (the message `new_absences`: the CLB's task on terugval);
- reaching the floor makes the signal to the CLB due (an event the school reads;
  cases/facts.signal_due); corrections that take an open case's count back under
  the floor say so on the case, which then offers cancelling it.

Thousands of pupils at once (a first import of a large school): cases open through
the one door (app/services/cases/opening.py) and instances start in bulk
(`steps.instances.BulkStarts`: equal starts run through the engine once, one flush
per kind, one INSERT of events per chunk).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, undefer

from app import engine
from app.calendar.compulsory_education import pupil_is_compulsory
from app.calendar.school_days import BRUSSELS
from app.calendar.school_year import school_year_of
from app.extensions import db
from app.models import Case, CaseEvent, Pupil, School, User, WorkflowInstance
from app.services import workflows
from app.services.absences import followup
from app.services.absences import settings as absence_settings
from app.services.absences.episodes import BChange
from app.services.absences.path_report import FOLLOWED, OPENED, PUPIL, REOPENED, PathReport
from app.services.absences.wording import episode_words, task_about
from app.services.access import Actor
from app.services.calendar.functions import days_off
from app.services.cases.facts import engine_facts, signalled
from app.services.cases.opening import NewCase, open_cases
from app.services.steps.funnel import StepOptions, apply_step
from app.services.steps.instances import BulkStarts
from app.services.steps.records import PupilFile, Subject, event, open_task_rows
from app.storage.step_writes import insert_events
from app.vocabulary import ENDED_STATUSES, CaseStatus, EventKind, InstanceKind, InstanceStatus

NEW_ABSENCES = "new_absences"
WRITE_EVERY = 200  # follow-ups started between two flushes


@dataclass
class ImportPath:
    """What the path reads once per import, and what it gathers."""

    school_id: int
    actor: Actor | None
    now: datetime
    signal_b: int
    window_days: int
    formal_plan: bool  # the school works under a police protocol (cases/facts.engine_facts)
    starts: BulkStarts
    report: PathReport = field(default_factory=PathReport)
    events: list[CaseEvent] = field(default_factory=list)  # written once per chunk
    # Held for the import: the session's identity map keeps objects only while
    # referenced, and each task's assignee check (`session.get(User, owner)`)
    # otherwise loaded its user again, flushing the session each time.
    staff: list[User] = field(default_factory=list)

    @property
    def today(self) -> date:
        return self.now.astimezone(BRUSSELS).date()

    @property
    def year(self) -> str:
        return school_year_of(self.today)

    @property
    def window_start(self) -> date:
        return self.today - timedelta(days=self.window_days)

    def formal_plan_at(self, school_id: int) -> bool | None:
        """The police protocol's answer for a case at the importing school (read once);
        None (look it up) for a case elsewhere."""
        return self.formal_plan if school_id == self.school_id else None


@dataclass
class _Target:
    """One pupil in this import and what happens to them."""

    change: BChange
    pupil: Pupil
    case: Case | None = None
    how: str = PUPIL
    recent: list[dict] = field(default_factory=list)  # new episode rows, to follow up
    older: list[dict] = field(default_factory=list)  # new episode rows, only counted

    @property
    def subject(self) -> Subject:
        return self.case if self.case is not None else PupilFile(self.pupil, self.pupil.school_id)


def begin(school_id: int, actor: Actor | None, now: datetime) -> ImportPath:
    settings = absence_settings.effective(school_id)
    return ImportPath(
        school_id,
        actor,
        now,
        signal_b=settings.thresholds["signal_b"],
        window_days=settings.thresholds["followup_window_days"],
        formal_plan=settings.police_protocol is not None,
        starts=BulkStarts(school_id, actor, now, days_off(school_id)),
        staff=_staff(school_id),
    )


def _staff(school_id: int) -> list[User]:
    """The school's and its CLB's users (a few dozen): the cases' possible owners."""
    clb_id = select(School.clb_id).where(School.id == school_id).scalar_subquery()
    return list(
        db.session.scalars(select(User).where(or_(User.school_id == school_id, User.clb_id == clb_id)))
    )


def apply_chunk(path: ImportPath, changes: list[BChange], new_rows: list[dict]) -> None:
    """One chunk of pupils, before its new episode rows are inserted: their
    `case_id`, `followup_started_at` and `followup_instance_id` are set in the rows
    themselves (an UPDATE of tens of thousands of fresh rows afterwards was most of
    a large first import on PostgreSQL)."""
    episodes: dict[int, list[dict]] = {}
    for row in new_rows:
        # Split off an episode already followed up: the same absence, nothing to start.
        if row["school_year"] == path.year and row["followup_started_at"] is None:
            episodes.setdefault(row["pupil_id"], []).append(row)
    relevant = [
        c
        for c in changes
        if c.school_year == path.year and (c.gained or c.justified or c.dissolved or c.pupil_id in episodes)
    ]
    if not relevant:
        return
    # Nothing read below needs this chunk's pending rows (each kind is flushed where
    # its ids are needed): without autoflush the thousands of rows go in a flush at
    # a time instead of one by one before every lookup.
    with db.session.no_autoflush:
        _apply(path, relevant, episodes)
    db.session.flush()
    insert_events(path.events)
    path.events = []


def _apply(path: ImportPath, relevant: list[BChange], episodes: dict[int, list[dict]]) -> None:
    for change in relevant:
        path.report.followups_cancelled += followup.cancel_justified(change.dissolved, path.actor, path.now)
    targets = _targets(path, relevant, episodes)
    opened = [t for t in targets if t.how == OPENED]
    _open(path, opened)
    for target in targets:
        if target.how == REOPENED:
            _reopen(path, target)
    _follow_up(path, targets)
    for target in targets:
        _tell(path, target)
        path.report.record(target.how, target.case.id if target.case else None)


def _targets(path: ImportPath, changes: list[BChange], episodes: dict[int, list[dict]]) -> list[_Target]:
    pupil_ids = [c.pupil_id for c in changes]
    pupils = {p.id: p for p in db.session.scalars(select(Pupil).where(Pupil.id.in_(pupil_ids)))}
    running = {
        c.pupil_id: c
        for c in db.session.scalars(
            select(Case)
            .where(Case.pupil_id.in_(pupil_ids), Case.status.not_in(ENDED_STATUSES))
            .options(joinedload(Case.pupil))
        )
    }
    waiting = _reopenable(path, [p for p in pupil_ids if p not in running])
    targets = []
    for change in changes:
        target = _Target(change, pupils[change.pupil_id], running.get(change.pupil_id))
        for row in sorted(
            episodes.get(change.pupil_id, []), key=lambda r: (r["first_day"], r["first_half_day"])
        ):
            (target.recent if row["last_day"] >= path.window_start else target.older).append(row)
        if target.case is not None:
            target.how = FOLLOWED
        elif change.gained and change.pupil_id in waiting:
            target.case, target.how = waiting[change.pupil_id], REOPENED
        elif (
            change.b_after >= path.signal_b
            and change.gained
            and pupil_is_compulsory(target.pupil, path.today)
        ):
            target.how = OPENED  # the signal floor: a case from here on
        if target.how == PUPIL and not (target.recent or target.older):
            continue  # a correction under the floor, nothing to follow up
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
    if not targets:
        return
    reason = "Geopend bij {} halve dagen met B-code in schooljaar {} (signaaldrempel {})."
    wanted = [
        NewCase(
            t.pupil, reason.format(t.change.b_after, path.year, path.signal_b), registered_b=t.change.b_after
        )
        for t in targets
    ]
    cases = open_cases(
        path.school_id, wanted, path.actor, path.now, path.starts, formal_plan=path.formal_plan
    )
    for target, case in zip(targets, cases, strict=True):
        target.case = case


def _reopen(path: ImportPath, target: _Target) -> None:
    """A case closed with agreements reopens: the message `new_absences` (the CLB's task on terugval)."""
    case = target.case
    assert case is not None, "a case to reopen"
    instance = db.session.scalar(
        select(WorkflowInstance)
        .where(
            WorkflowInstance.case_id == case.id,
            WorkflowInstance.kind == InstanceKind.CASE,
            WorkflowInstance.status == InstanceStatus.RUNNING,
        )
        .options(undefer(WorkflowInstance.state))
    )
    assert instance is not None, "_reopenable found its running main path"
    bundle = workflows.bundle_for(instance)
    if NEW_ABSENCES not in engine.waiting_messages(bundle, instance.state):
        target.case, target.how = None, PUPIL  # closed for good after all
        if target.change.b_after >= path.signal_b and pupil_is_compulsory(target.pupil, path.today):
            target.how = OPENED
            _open(path, [target])
        return
    words = ", ".join(episode_words(e) for e in target.recent + target.older)
    note = f"Nieuwe halve dagen met B-code ingelezen: {words}."
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
    payload = engine_facts(
        case, path.today, registered=target.change.b_after, formal_plan=path.formal_plan_at(case.school_id)
    )
    payload["new_absences_note"] = note
    result = engine.deliver_message(
        bundle, instance.state, NEW_ABSENCES, payload, now=path.now, functions=path.starts.functions
    )
    options = StepOptions(days_off=path.starts.days_off)
    apply_step(case, instance, result, path.actor, path.now, open_task_rows(case.id, instance.id), options)


def _follow_up(path: ImportPath, targets: list[_Target]) -> None:
    """One follow-up per recent new episode, in the case or for the pupil; older
    ones are only linked to the case."""
    started: list[tuple[dict, WorkflowInstance]] = []
    for target in targets:
        subject = target.subject
        if target.recent:
            facts = followup.followup_facts(
                subject,
                path.today,
                registered=target.change.b_after,
                formal_plan=path.formal_plan_at(subject.school_id),
            )
        for row in target.recent:
            data = facts | {
                "first_absence_on": row["first_day"].isoformat(),
                engine.TASK_ABOUT: task_about(row),
            }
            started.append((row, path.starts.start(subject, InstanceKind.ABSENCE_FOLLOWUP, data)))
            row["case_id"], row["followup_started_at"] = subject.id, path.now
        for row in target.older:
            row["case_id"] = subject.id
        path.report.followups_started += len(target.recent)
        path.report.episodes_counted_only += len(target.older)
        if len(started) >= WRITE_EVERY:
            _write_started(path, started)
            started = []
    _write_started(path, started)


def _write_started(path: ImportPath, started: list[tuple[dict, WorkflowInstance]]) -> None:
    """The follow-ups started so far, stepped into the session and flushed: a few
    hundred rows pending at a time rather than a chunk's thousands (the chunk runs
    without autoflush; a whole chunk's pending task rows raised the peak memory)."""
    path.starts.write(path.events)
    db.session.flush()
    for row, instance in started:
        row["followup_instance_id"] = instance.id


def _tell(path: ImportPath, target: _Target) -> None:
    """What the school reads: the new absences, the signal when it became due, a count
    corrected under the floor."""
    subject, change = target.subject, target.change
    parts = [episode_words(e) for e in target.recent + target.older]
    if target.older:
        parts.append(f"{len(target.older)} al langer geleden: geteld, zonder nieuwe opvolging")
    if change.extended_episode_ids:
        parts.append("een lopende afwezigheid duurde langer (dezelfde opvolging)")
    if change.gained:
        path.events.append(
            event(
                subject,
                path.actor,
                path.now,
                EventKind.ABSENCES_IMPORTED,
                "absences",
                change.b_before,
                change.b_after,
                reason="; ".join(parts),
            )
        )
    case = target.case
    if case is None:
        return
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
                reason=f"{change.b_after} halve dagen met B-code in schooljaar {path.year} (drempel "
                f"{path.signal_b}) → signaal aan het CLB (overleg afwezigheden).",
            )
        )
        path.report.signal_due.append(case.id)
    if change.b_before >= path.signal_b > change.b_after and case.status not in ENDED_STATUSES:
        path.events.append(
            event(
                case,
                path.actor,
                path.now,
                EventKind.BELOW_SIGNAL_FLOOR,
                "signal",
                change.b_before,
                change.b_after,
                reason=f"Na correcties nog {change.b_after} halve dagen met B-code: onder de signaaldrempel "
                f"({path.signal_b}). Werd het dossier ten onrechte geopend, annuleer het dan met een reden.",
            )
        )
        path.report.below_floor.append(case.id)
