"""What a task's form starts from: what the case already knows, for the user to edit.

`GET /api/tasks/{id}` answers a `prefill` object per task id: the police
report starts from the journal's contact attempts (dates, channels) and the
completed contacts with the parents; the AGODI report and the M-document from
a chronology of the completed steps and the journal; the receiving CLB from
the sending CLB's handover. Everything is read with the actor's own scope, so
a prefill never shows what the actor could not read anyway.
"""

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import engine
from app.calendar.school_days import BRUSSELS
from app.calendar.words import day_words
from app.extensions import db
from app.models import (
    AbsenceEpisode,
    AbsenceMeeting,
    AbsenceMeetingItem,
    Case,
    CaseTask,
    JournalEntry,
    School,
    WorkflowInstance,
)
from app.services import workflows
from app.services.absences.counts import school_year_b_count
from app.services.access import Actor, in_scope, visible_entries, visible_lanes
from app.services.cases import police_advice
from app.services.cases.facts import completed_data
from app.services.documents import guidance
from app.vocabulary import JournalKind, Lane, MeetingDecision, TaskStatus

CONTACT_TASKS = ("task_absence_contact_parents", "task_contact_parents")
CHANNEL_NAMES = {
    "phone": "telefoon",
    "email": "e-mail",
    "school_platform": "schoolplatform",
    "letter": "brief",
    "home_visit": "huisbezoek",
    "in_person": "gesprek",
    "video": "video",
}
LANE_NAMES = {Lane.SCHOOL: "School", Lane.CLB: "CLB"}


def _day(moment: datetime) -> str:
    return moment.astimezone(BRUSSELS).date().isoformat()


def _journal(actor: Actor, case: Case, kinds) -> list[JournalEntry]:
    return list(
        db.session.scalars(
            select(JournalEntry)
            .where(
                JournalEntry.case_id == case.id,
                JournalEntry.kind.in_(kinds),
                JournalEntry.visibility.in_(visible_entries(actor)),
                in_scope(JournalEntry.school_id, actor),
            )
            .options(joinedload(JournalEntry.author))
            .order_by(JournalEntry.occurred_at, JournalEntry.id)
        )
    )


def _completed_tasks(actor: Actor, case: Case) -> list[CaseTask]:
    return list(
        db.session.scalars(
            select(CaseTask)
            .where(
                CaseTask.case_id == case.id,
                CaseTask.status == TaskStatus.COMPLETED,
                CaseTask.lane.in_(visible_lanes(actor)),
                in_scope(CaseTask.school_id, actor),
            )
            .order_by(CaseTask.completed_at, CaseTask.id)
        )
    )


def contact_attempts(actor: Actor, case: Case) -> list[dict]:
    """Every attempt to reach the family the actor can read, oldest first."""
    found = []
    for entry in _journal(actor, case, (JournalKind.CONTACT_ATTEMPT, JournalKind.CONTACT)):
        if entry.channel:
            found.append(
                {
                    "date": _day(entry.occurred_at),
                    "channel": entry.channel,
                    "result": (entry.outcome or entry.text)[:500],
                }
            )
    for row in _completed_tasks(actor, case):
        if row.bpmn_id not in CONTACT_TASKS or not row.data:
            continue
        for attempt in row.data.get("contact_attempts") or ():
            found.append({k: v for k, v in attempt.items() if k in ("date", "channel", "result")})
        if row.data.get("contact_date") and row.data.get("channel"):
            reached = "ouders bereikt" if row.data.get("reached") else "ouders niet bereikt"
            found.append(
                {"date": row.data["contact_date"], "channel": row.data["channel"], "result": reached}
            )
    unique = {(a["date"], a["channel"], a.get("result")): a for a in found}
    return sorted(unique.values(), key=lambda a: a["date"])


def chronology(actor: Actor, case: Case) -> str:
    """The steps taken by school, CLB and others, one line each, oldest first."""
    lines = [
        (row.completed_at, f"{_day(row.completed_at)} — {LANE_NAMES[Lane(row.lane)]} — {row.title}")
        for row in _completed_tasks(actor, case)
    ]
    for entry in _journal(actor, case, tuple(JournalKind)):
        channel = f" ({CHANNEL_NAMES.get(entry.channel, entry.channel)})" if entry.channel else ""
        lines.append(
            (entry.occurred_at, f"{_day(entry.occurred_at)} — logboek{channel} — {entry.text[:200]}")
        )
    return "\n".join(text for _, text in sorted(lines, key=lambda line: line[0]))


def _b_count_line(case: Case, today) -> str:
    return f"Aantal halve dagen met B-code dit schooljaar: {school_year_b_count(case, today)}."


def _police_report(actor, row, today):
    attempts = contact_attempts(actor, row.case)
    return police_advice.prefill(row) | {
        "contact_attempts": attempts,
        "report_type": "fiche_onbereikbaarheid"
        if attempts and not any(a.get("result") == "ouders bereikt" for a in attempts)
        else "melding",
        "summary": _b_count_line(row.case, today),
    }


def _agodi_report(actor, row, today):
    steps = _completed_tasks(actor, row.case)
    reasoning = "\n".join(
        part for part in (guidance.help_offered(steps), guidance.how_it_went(steps)) if part
    )
    return {
        "chronology": chronology(actor, row.case),
        "situation_sketch": _b_count_line(row.case, today),
        "reported_by": row.lane,
    } | ({"exhausted_reasoning": reasoning} if reasoning else {})


def _m_document(actor, row, today):
    consult = completed_data(row.case_id, "task_ocj_consult", row.instance_id)
    prefill = {
        "steps_taken": chronology(actor, row.case),
        "situation": _b_count_line(row.case, today),
        "attach_action_plan": completed_data(row.case_id, "task_action_plan") is not None,
    }
    steps = _completed_tasks(actor, row.case)  # social necessity (MaNo): what the case knows
    found = {
        "help_offered": guidance.help_offered(steps),
        "voluntary_help_fails": guidance.how_it_went(steps),
        "pupil_view": guidance.pupil_view(steps),
    }
    prefill |= {name: words for name, words in found.items() if words}
    if consult:
        prefill |= {"anonymous_consult_done": True, "anonymous_consult_date": consult.get("consult_date")}
    return prefill


def _warm_handover(actor, row, today):
    new_school = db.session.get(School, row.case.school_id)
    assert new_school is not None, "the case's foreign key"
    return {
        "new_school_name": new_school.name,
        "receiving_clb": new_school.clb.name,
        "b_half_days": school_year_b_count(row.case, today),
    }


def _receive_handover(actor, row, today):
    handover = completed_data(row.case_id, "task_warm_handover", row.instance_id) or {}
    if handover.get("parents_objected"):  # only what goes regardless: no summary of the CLB file
        lines = [
            "De ouders verzetten zich tegen de overdracht van het CLB-dossier.",
            _b_count_line(row.case, today),
        ]
        return {"handover_summary": "\n".join(lines)}
    lines = [handover.get("summary", ""), _b_count_line(row.case, today)]
    if handover.get("lars_attention_point"):
        lines.append("Aandachtspunt in LARS gezet door het zendende CLB.")
    return {"handover_summary": "\n".join(line for line in lines if line)}


def _b_count(actor, row, today):
    return {"b_half_days": school_year_b_count(row.case, today)}


def _phase1_evaluation(actor, row, today):
    """The B count, and a referral the absence meeting decided since the task opened."""
    found = _b_count(actor, row, today)
    item = AbsenceMeetingItem
    referred = db.session.scalar(
        select(AbsenceMeeting.held_on)
        .join(item, item.meeting_id == AbsenceMeeting.id)
        .where(
            item.case_id == row.case_id,
            item.decision == MeetingDecision.REFER_CLB,
            item.decided_at >= row.created_at,
        )
        .order_by(item.decided_at.desc())
        .limit(1)
    )
    if referred is not None:
        found |= {
            "decision": "refer_to_clb",
            "motivation": f"Aanmelding beslist op het overleg afwezigheden van {day_words(referred)}.",
        }
    return found


def _absence_followup(actor, row, today):
    """A follow-up's task starts from its absence's first day, and today for the contact or talk."""
    first_day = db.session.scalar(
        select(AbsenceEpisode.first_day)
        .where(AbsenceEpisode.followup_instance_id == row.instance_id)
        .limit(1)
    )
    if first_day is None:  # started by hand from its first day (no registered episode)
        first_day = _first_absence_on(row.instance_id)
    found = {"absence_date": first_day.isoformat()} if first_day else {}
    day_field = "contact_date" if row.bpmn_id == "task_absence_contact_parents" else "talk_date"
    return found | {day_field: today.isoformat()}


def _first_absence_on(instance_id: int) -> date | None:
    instance = db.session.get(WorkflowInstance, instance_id)
    if instance is None:
        return None
    value = engine.process_value(workflows.bundle_for(instance), instance.state, "first_absence_on")
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


PREFILL = {
    "task_absence_contact_parents": _absence_followup,
    "task_absence_pupil_talk": _absence_followup,
    "task_police_report": _police_report,
    "task_agodi_report": _agodi_report,
    "task_agodi_report_clb": _agodi_report,
    "task_m_document": _m_document,
    "task_warm_handover": _warm_handover,
    "task_receive_handover": _receive_handover,
    "task_phase1_evaluation": _phase1_evaluation,
    "task_signal_clb": _b_count,
    "task_round_evaluation": _b_count,
    "task_absence_type": _b_count,
}


def prefill(actor: Actor, row: CaseTask, today) -> dict:
    """The prefill of an open task, or {}."""
    build = PREFILL.get(row.bpmn_id)
    if build is None or row.status != TaskStatus.OPEN:
        return {}
    return build(actor, row, today)
