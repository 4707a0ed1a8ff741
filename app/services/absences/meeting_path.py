"""A decision of the absence meeting, in the pupil's case (inside record_decision's transaction).

The path records a signal to the CLB in two steps of the main path: the
phase-1 evaluation with the decision "signal to the CLB" (its script calls
`involve_clb("signal")`: the CLB sees the case from then on) and the task
"Signaal aan het CLB: overleg afwezigheden", which records how and when it
was signalled. A meeting's signal drives those same steps through the engine:

- the signal task is open → it is completed with the meeting's data (signalled
  at the absence meeting, that day, the B count, the meeting's note as the
  CLB's advice); the path goes back to the evaluation;
- the evaluation is open → it is completed with "signal to the CLB" (dated the
  meeting, motivated by it), the engine involves the CLB and opens the signal
  task, which is completed as above;
- the path is elsewhere (the type still to find, a plan running, phase 2) →
  the involvement the script would make is recorded as such (`involve_clb`),
  so the CLB sees the case and the evaluation no longer asks for a signal.

A referral to the CLB (phase 2) needs what only the school can state: the
help question formulated with the pupil, parents informed (rules on the
phase-1 evaluation). So a meeting's referral makes the CLB see the case at
once (`involve_clb("referral")`) and the school completes the referral at
its evaluation, which is proposed to it (prefill). "Action agreed" and
"discussed" go to the journal (dossier of guidance measures) only.

Without an open case, a signal or referral opens one (type `onbekend`),
as the meeting's actor, for the pupil's school.
"""

from contextlib import suppress
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.calendar.words import day_words
from app.models import AbsenceMeeting, AbsenceMeetingItem, Case, CaseTask, WorkflowInstance
from app.services.access import Actor
from app.services.cases.facts import signalled
from app.services.cases.opening import NewCase, open_cases
from app.services.errors import Conflict, Invalid
from app.services.steps import clb_news
from app.services.steps.records import involve_clb
from app.services.tasks.completing import complete_row
from app.vocabulary import ENDED_STATUSES, CaseTrack, ClbInvolvement, MeetingDecision, TaskStatus

EVALUATION, SIGNAL_TASK = "task_phase1_evaluation", "task_signal_clb"
OPENS_A_CASE = (MeetingDecision.SIGNAL_CLB, MeetingDecision.REFER_CLB, MeetingDecision.OPEN_CASE)


def open_case(
    session, meeting: AbsenceMeeting, item: AbsenceMeetingItem, actor: Actor, now: datetime
) -> Case | None:
    """The pupil's open case at the meeting's school; opened for a signal, a referral or
    a warning sign the meeting acts on (the care path), or a pattern of justified
    absence that calls for the return path."""
    assert item.decision is not None, "a decided item (meetings.record_decision)"
    decision = MeetingDecision(item.decision)
    case = session.scalar(
        select(Case).where(
            Case.pupil_id == item.pupil_id,
            Case.school_id == meeting.school_id,
            Case.status.not_in(ENDED_STATUSES),
        )
    )
    if decision == MeetingDecision.RETURN_PATH and case is not None and case.track != CaseTrack.RETURN:
        raise Conflict(
            "Deze leerling heeft al een lopend dossier: volg de terugkeer daarin op.",
            {"decision": ["Er loopt al een dossier voor deze leerling."]},
        )
    held = day_words(meeting.held_on)
    if case is None and decision in OPENS_A_CASE:
        reason = f"Geopend na het overleg afwezigheden van {held}."
        case = open_cases(meeting.school_id, [NewCase(item.pupil, reason)], actor, now)[0]
    elif case is None and decision == MeetingDecision.RETURN_PATH:
        reason = f"Terugkeertraject na het overleg afwezigheden van {held} (lange gewettigde afwezigheid)."
        new = NewCase(item.pupil, reason, track=CaseTrack.RETURN)
        case = open_cases(meeting.school_id, [new], actor, now)[0]
    return case


def _open_task(session, case: Case, bpmn_id: str) -> CaseTask | None:
    return session.scalar(
        select(CaseTask)
        .join(WorkflowInstance, WorkflowInstance.id == CaseTask.instance_id)
        .where(CaseTask.case_id == case.id, CaseTask.bpmn_id == bpmn_id, CaseTask.status == TaskStatus.OPEN)
        .options(joinedload(CaseTask.instance).undefer(WorkflowInstance.state))
        .order_by(CaseTask.id)
        .limit(1)
    )


def _signal_data(meeting: AbsenceMeeting, item: AbsenceMeetingItem) -> dict:
    data = {
        "signal_date": meeting.held_on.isoformat(),
        "signal_way": "absence_meeting",
        "b_half_days": item.b_count,
        "meeting_date": meeting.held_on.isoformat(),
    }
    if item.decision_note:
        data["clb_advice"] = item.decision_note[:2000]
    return data


def signal(
    session, case: Case, meeting: AbsenceMeeting, item: AbsenceMeetingItem, actor: Actor, now: datetime
) -> str:
    """Drive the signal through the path; says how ("task", "evaluation", "involved", "already")."""
    try:  # a step's own rules may refuse the meeting's data (e.g. a meeting dated before the plan)
        task = _open_task(session, case, SIGNAL_TASK)
        if task is not None:
            complete_row(actor, task, _signal_data(meeting, item))
            return "task"
        evaluation = _open_task(session, case, EVALUATION)
        if evaluation is not None:
            motivation = f"Beslist op het overleg afwezigheden van {day_words(meeting.held_on)}."
            if item.decision_note:
                motivation = f"{motivation} {item.decision_note}"[:2000]
            complete_row(
                actor,
                evaluation,
                {
                    "evaluation_date": meeting.held_on.isoformat(),
                    "b_half_days": item.b_count,
                    "decision": "signal_clb",
                    "motivation": motivation,
                },
            )
            session.flush()
            task = _open_task(session, case, SIGNAL_TASK)
            # The path's answer to `decision == "signal_clb"`: its signal task (script_signal).
            assert task is not None, f"case {case.id}: no {SIGNAL_TASK} after the evaluation"
            with suppress(Invalid):  # signalled by the path; else the school completes the signal task
                complete_row(actor, task, _signal_data(meeting, item))
            return "evaluation"
    except Invalid:
        pass  # refused before anything was written: record the involvement below
    if signalled(case):
        return "already"
    session.add(
        involve_clb(
            case, actor, now, ClbInvolvement.SIGNAL, f"Overleg afwezigheden van {day_words(meeting.held_on)}"
        )
    )
    session.add_all(clb_news.signal_heard(case, now))  # the CLB team hears it, as from the path
    return "involved"


def refer(session, case: Case, meeting: AbsenceMeeting, actor: Actor, now: datetime) -> None:
    """The CLB sees the case from the referral decision on; the school completes it at its evaluation."""
    session.add(
        involve_clb(
            case,
            actor,
            now,
            ClbInvolvement.REFERRAL,
            f"Aanmelding beslist op het overleg afwezigheden van {day_words(meeting.held_on)}; "
            "de school rondt ze af in de evaluatie van fase 1 (hulpvraag).",
        )
    )
