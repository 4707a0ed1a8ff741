"""Retention: purge a pupil's data when its clocks have run out, keep pseudonymous traces.

Two clocks. The **school's** part (absences, its tasks' answers, its notes and
documents) goes when the pupil has been inactive since the date the school board
chose (`zorgpad purge --older-than`): no rule in the sources fixes it; it is the
school's privacy policy. The **CLB's** multidisciplinary file has a legal floor that no
option moves: kept at least 10 years after the last CLB activity and not destroyed
before the pupil is 25, or 30 when the last school was a school for special education
(Besluit van de Vlaamse Regering van 12 september 2008 betreffende het multidisciplinaire
dossier in de centra voor leerlingenbegeleiding, omzendbrief CLB/2008/02; kept in the
regulation of leerlingenbegeleiding since 2018). Until that floor, only the school's part
goes; after it, everything.

Nothing is purged while a case or a follow-up runs. What is purged is the guidance
data Zorgpad holds: absences, the answers of every step, notes, documents,
notifications, the saved workflow data, and the free text of the append-only event log
(the database allows that one redaction, migration 0021). What stays is a pseudonymous
trace: the case and task rows without answers, and the event and audit logs (who did
what kind of step when, pointing to a pupil id). The pupil's identity and contacts are
the school's pupil administration (the roster import keeps them); they are not guidance
data and are left to it.
"""

import json
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, func, null, select, update

from app import clock
from app.extensions import db
from app.models import (
    AbsenceEpisode,
    AbsenceMeetingItem,
    AbsenceRegistration,
    Case,
    CaseEvent,
    CaseNotice,
    CaseTask,
    Document,
    JournalEntry,
    Notification,
    Pupil,
    School,
    User,
    WorkflowInstance,
)
from app.services.audit import audit
from app.services.transaction import writing
from app.vocabulary import ENDED_STATUSES, AuditAction, InstanceStatus, Lane, Visibility

CLB_YEARS_AFTER_LAST = 10
CLB_MIN_AGE = 25
CLB_MIN_AGE_SPECIAL = 30


@dataclass(frozen=True)
class PupilPurge:
    pupil_id: int
    part: str  # "all" or "school"
    last_activity: date
    clb_kept_until: date | None  # the CLB file's floor, when the CLB had a part


@dataclass
class PurgeReport:
    older_than: date
    today: date
    dry_run: bool
    purged: list[PupilPurge] = field(default_factory=list)
    running: int = 0  # skipped: a case or follow-up still runs
    recent: int = 0  # skipped: active on or after older_than
    clb_floor: int = 0  # school part already gone, the CLB's floor not reached

    def count(self, part: str) -> int:
        return sum(1 for p in self.purged if p.part == part)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _as_date(moment) -> date | None:
    if moment is None:
        return None
    return moment.date() if hasattr(moment, "date") else moment


def _latest(rows) -> dict[int, date]:
    found: dict[int, date] = {}
    for pupil_id, moment in rows:
        day = _as_date(moment)
        if day is not None and (pupil_id not in found or day > found[pupil_id]):
            found[pupil_id] = day
    return found


def _activity(clb: bool) -> dict[int, date]:
    """Each pupil's last activity on one side: events, notes, steps (and, for the school,
    absences and cases opened or closed)."""
    visibility = Visibility.CLB if clb else Visibility.SHARED
    lane = Lane.CLB if clb else Lane.SCHOOL
    queries = [
        select(CaseEvent.pupil_id, func.max(CaseEvent.at))
        .where(CaseEvent.visibility == visibility)
        .group_by(CaseEvent.pupil_id),
        select(Case.pupil_id, func.max(JournalEntry.occurred_at))
        .join(Case, Case.id == JournalEntry.case_id)
        .where(JournalEntry.visibility == visibility)
        .group_by(Case.pupil_id),
        select(CaseTask.pupil_id, func.max(CaseTask.completed_at))
        .where(CaseTask.lane == lane)
        .group_by(CaseTask.pupil_id),
    ]
    if clb:
        queries.append(select(Case.pupil_id, func.max(Case.clb_since)).group_by(Case.pupil_id))
    else:
        queries += [
            select(AbsenceRegistration.pupil_id, func.max(AbsenceRegistration.day)).group_by(
                AbsenceRegistration.pupil_id
            ),
            select(Case.pupil_id, func.max(Case.opened_at)).group_by(Case.pupil_id),
            select(Case.pupil_id, func.max(Case.closed_at)).group_by(Case.pupil_id),
        ]
    return _latest(row for query in queries for row in db.session.execute(query))


def _running() -> set[int]:
    open_cases = select(Case.pupil_id).where(Case.status.not_in(ENDED_STATUSES))
    running = select(WorkflowInstance.pupil_id).where(WorkflowInstance.status == InstanceStatus.RUNNING)
    return set(db.session.scalars(open_cases)) | set(db.session.scalars(running))


def _clb_floor(pupil: Pupil, last_clb: date, special: bool) -> date:
    age = CLB_MIN_AGE_SPECIAL if special else CLB_MIN_AGE
    return max(_years_after(last_clb, CLB_YEARS_AFTER_LAST), _years_after(pupil.birth_date, age))


def plan(older_than: date, today: date) -> PurgeReport:
    """Who would be purged, and how much, on `today` with the school's cut-off `older_than`."""
    report = PurgeReport(older_than, today, dry_run=True)
    school_last, clb_last, running = _activity(clb=False), _activity(clb=True), _running()
    rows = db.session.execute(
        select(Pupil, School.special_education).join(School, School.id == Pupil.school_id).order_by(Pupil.id)
    )
    for pupil, special in rows:
        school, clb = school_last.get(pupil.id), clb_last.get(pupil.id)
        last = max(filter(None, (school, clb)), default=None)
        if last is None or (pupil.purged_on is not None and last <= pupil.purged_on):
            continue  # nothing held, or nothing new since the last purge
        if pupil.id in running:
            report.running += 1
            continue
        if last >= older_than:
            report.recent += 1
            continue
        floor = _clb_floor(pupil, clb, special) if clb is not None else None
        if floor is None or floor <= today:
            report.purged.append(PupilPurge(pupil.id, "all", last, floor))
        elif pupil.school_part_purged_on is None or (
            school is not None and school > pupil.school_part_purged_on
        ):
            report.purged.append(PupilPurge(pupil.id, "school", last, floor))
        else:
            report.clb_floor += 1
    return report


def _strip_data(node):
    """A saved workflow state without any task or workflow data (form answers)."""
    if isinstance(node, dict):
        return {k: ({} if k == "data" and isinstance(v, dict) else _strip_data(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_strip_data(item) for item in node]
    return node


def _school_part(session, pupil_id: int, case_ids) -> None:
    school_authors = select(User.id).where(User.clb_id.is_(None)).scalar_subquery()
    session.execute(delete(AbsenceMeetingItem).where(AbsenceMeetingItem.pupil_id == pupil_id))
    session.execute(
        update(AbsenceEpisode).where(AbsenceEpisode.pupil_id == pupil_id).values(merged_into_id=None)
    )
    session.execute(delete(AbsenceEpisode).where(AbsenceEpisode.pupil_id == pupil_id))
    session.execute(delete(AbsenceRegistration).where(AbsenceRegistration.pupil_id == pupil_id))
    session.execute(delete(Document).where(Document.case_id.in_(case_ids), Document.side == Lane.SCHOOL))
    # What the CLB wrote "voor de school" is the school's copy to carry out.
    session.execute(delete(CaseNotice).where(CaseNotice.case_id.in_(case_ids)))
    session.execute(
        delete(JournalEntry).where(
            JournalEntry.case_id.in_(case_ids), JournalEntry.author_id.in_(school_authors)
        )
    )
    session.execute(
        update(CaseTask)
        .where(CaseTask.pupil_id == pupil_id, CaseTask.lane == Lane.SCHOOL)
        .values(data=null())
    )


def _everything(session, pupil: Pupil, case_ids) -> None:
    _school_part(session, pupil.id, case_ids)
    session.execute(delete(Document).where(Document.case_id.in_(case_ids)))
    session.execute(delete(JournalEntry).where(JournalEntry.case_id.in_(case_ids)))
    task_ids = select(CaseTask.id).where(CaseTask.pupil_id == pupil.id).scalar_subquery()
    session.execute(
        delete(Notification).where(
            (Notification.case_id.in_(case_ids)) | (Notification.task_id.in_(task_ids))
        )
    )
    session.execute(update(CaseTask).where(CaseTask.pupil_id == pupil.id).values(data=null()))
    session.execute(update(Case).where(Case.pupil_id == pupil.id).values(followup_agreements=null()))
    for instance in session.scalars(select(WorkflowInstance).where(WorkflowInstance.pupil_id == pupil.id)):
        instance.state = json.dumps(_strip_data(json.loads(instance.state)))
    session.execute(
        update(CaseEvent)
        .where(CaseEvent.pupil_id == pupil.id)
        .where(
            (CaseEvent.reason.is_not(None))
            | (CaseEvent.old_value.is_not(None))
            | (CaseEvent.new_value.is_not(None))
        )
        .values(reason=None, old_value=None, new_value=None)
    )


def purge(older_than: date, *, dry_run: bool) -> PurgeReport:
    """Plan, then (unless `dry_run`) purge pupil by pupil, each in its own transaction."""
    today = clock.today()
    report = plan(older_than, today)
    report.dry_run = dry_run
    if dry_run:
        return report
    for item in report.purged:
        with writing() as session:
            pupil = session.get(Pupil, item.pupil_id)
            case_ids = select(Case.id).where(Case.pupil_id == pupil.id).scalar_subquery()
            if item.part == "all":
                _everything(session, pupil, case_ids)
                pupil.purged_on = today
            else:
                _school_part(session, pupil.id, case_ids)
                pupil.school_part_purged_on = today
            detail = f"{item.part}; laatste activiteit {item.last_activity.isoformat()}; grens {older_than.isoformat()}"
            audit(session, None, clock.now(), AuditAction.DATA_PURGED, "pupil", pupil.id, detail=detail)
    return report
