"""`POST /api/cases/{id}/messages`: what a school or CLB tells a running case."""

from app.services.absences import followup as absence_followup
from app.services.access import Actor
from app.services.cases import evaluate_now, legal_tracks, police_track, school_change
from app.services.cases.views import CaseView
from app.services.errors import Invalid

HANDLERS = {
    school_change.SCHOOL_CHANGE: school_change.change_school,
    absence_followup.NEW_ABSENCES: absence_followup.signal_new_absences,
    police_track.POLICE_TRACK: police_track.start_police_track,
    evaluate_now.EVALUATE_NOW: evaluate_now.evaluate_now,
    legal_tracks.M_DOCUMENT: legal_tracks.start_m_document,
    legal_tracks.AGODI_REPORT: legal_tracks.start_agodi_report,
}


def send_message(actor: Actor, case_id: int, name: str, data: dict) -> CaseView:
    handler = HANDLERS.get(name)
    if handler is None:
        raise Invalid("Onbekend bericht.", {"name": [f"Kies uit: {', '.join(sorted(HANDLERS))}."]})
    return handler(actor, case_id, data)
