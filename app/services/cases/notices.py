"""School staff acknowledge what the CLB asked of the school: "Gelezen en opgevolgd".

The notices themselves are written by the CLB's steps
(services/cases/notice_records.py). Acknowledging is the school's: the CLB
wrote the notice and cannot tick it off for the school (403); a notice is
acknowledged once (409), with who and when, in the timeline.
"""

from sqlalchemy import select

from app import clock
from app.extensions import db
from app.models import CaseNotice, Notification
from app.services.access import Actor
from app.services.cases.views import CaseView, load_current, view_after_step
from app.services.errors import Conflict, Forbidden, NotFound
from app.services.steps.records import event
from app.services.transaction import writing
from app.vocabulary import SCHOOL_ROLES, EventKind, Lane, NotificationKind

ACKNOWLEDGED = "Gelezen en opgevolgd"


def acknowledge(actor: Actor, case_id: int, notice_id: int) -> CaseView:
    case = load_current(actor, case_id)
    if actor.lane != Lane.SCHOOL or not actor.has_any(SCHOOL_ROLES):
        raise Forbidden("Een mededeling van het CLB bevestigt de school: het CLB schreef ze zelf.")
    notice = db.session.scalar(
        select(CaseNotice).where(CaseNotice.id == notice_id, CaseNotice.case_id == case.id)
    )
    if notice is None:
        raise NotFound("Mededeling niet gevonden.")
    if notice.acknowledged_at is not None:
        raise Conflict("Deze mededeling werd al bevestigd.")
    now = clock.now()
    with writing() as session:
        notice.acknowledged_at = now
        notice.acknowledged_by_id = actor.user_id
        session.add(event(case, actor, now, EventKind.NOTICE_ACKNOWLEDGED, notice.title, new=ACKNOWLEDGED))
        # The actor's own notifications of the case's notices are read once none is left.
        left = session.scalar(
            select(CaseNotice.id).where(
                CaseNotice.case_id == case.id,
                CaseNotice.acknowledged_at.is_(None),
                CaseNotice.id != notice.id,
            )
        )
        for note in (
            []
            if left
            else session.scalars(
                select(Notification).where(
                    Notification.user_id == actor.user_id,
                    Notification.case_id == case.id,
                    Notification.kind == NotificationKind.NOTICE,
                    Notification.read_at.is_(None),
                )
            )
        ):
            note.read_at = now
    return view_after_step(actor, case)
