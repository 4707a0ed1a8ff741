"""/api/cases: open, read, events, messages, journal."""
from flask_smorest import Blueprint

from app.api.auth import actor
from app.api.schemas import (
    CaseIn,
    CaseListArgs,
    CaseListItemOut,
    CaseOut,
    EventOut,
    JournalIn,
    JournalOut,
    LongPageArgs,
    MessageIn,
    envelope,
    page_body,
)
from app.services import cases, journal

blp = Blueprint("cases", __name__, url_prefix="/api/cases", description="Dossiers")
CasePage = envelope(CaseListItemOut, "CasePage")
EventPage = envelope(EventOut, "EventPage")
JournalPage = envelope(JournalOut, "JournalPage")


@blp.route("", methods=["POST"])
@blp.doc(summary="Dossier openen",
         description="Opent een dossier (zorgcontinuüm fase 1) voor een leerling van uw school. "
                     "Voor de zorgcoördinator en de directie. 409 als de leerling al een lopend dossier "
                     "heeft.")
@blp.arguments(CaseIn)
@blp.response(201, CaseOut)
def open_case(body):
    return cases.open_case(actor(), body["pupil_id"], body.get("absence_type"), body.get("reason"))


@blp.route("")
@blp.doc(summary="Dossiers in uw bereik",
         description="Nieuwste eerst. Filters: status, fase, school, `q` (naam of leerlingnummer), "
                     "`overdue` (met een open taak over haar termijn). Dossiers van leerlingen die van "
                     "school veranderden staan er voor de vorige school als `access: former` (alleen "
                     "lezen).")
@blp.arguments(CaseListArgs, location="query")
@blp.response(200, CasePage)
def list_cases(args):
    items, total = cases.list_cases(
        actor(), status=args.get("status"), phase=args.get("phase"), school_id=args.get("school_id"),
        q=args.get("q"), overdue=args["overdue"], page=args["page"], per_page=args["per_page"],
    )
    return page_body(items, total, args)


@blp.route("/<id:case_id>")
@blp.doc(summary="Eén dossier", description="Leerling, status, fase, type afwezigheid en de open taken "
                                            "die u mag zien.")
@blp.response(200, CaseOut)
def get_case(case_id):
    return cases.get_case(actor(), case_id)


@blp.route("/<id:case_id>/events")
@blp.doc(summary="Gebeurtenissen van een dossier",
         description="Het verhaal van het dossier: wie, wanneer, wat, oud → nieuw, reden. Schoolgebruikers "
                     "zien geen CLB-gebeurtenissen; na een schoolverandering ziet elke school enkel haar "
                     "eigen periode.")
@blp.arguments(LongPageArgs, location="query")
@blp.response(200, EventPage)
def list_events(args, case_id):
    items, total = cases.list_events(actor(), case_id, page=args["page"], per_page=args["per_page"])
    return page_body(items, total, args)


@blp.route("/<id:case_id>/messages", methods=["POST"])
@blp.doc(summary="Bericht naar het dossier sturen",
         description="Berichten sturen een lopend dossier bij. `school_change` "
                     "`{new_school_id, b_count?, new_external_id?}`: de leerling verandert van school; "
                     "het CLB doet de warme overdracht.")
@blp.arguments(MessageIn)
@blp.response(200, CaseOut)
def send_message(body, case_id):
    return cases.send_message(actor(), case_id, body["name"], body["data"])


@blp.route("/<id:case_id>/journal")
@blp.doc(summary="Logboek van begeleidende maatregelen",
         description="Contacten, contactpogingen, maatregelen en notities, chronologisch. CLB-notities "
                     "(`visibility: clb`) ziet enkel het CLB.")
@blp.arguments(LongPageArgs, location="query")
@blp.response(200, JournalPage)
def list_journal(args, case_id):
    items, total = journal.list_entries(actor(), case_id, page=args["page"], per_page=args["per_page"])
    return page_body(items, total, args)


@blp.route("/<id:case_id>/journal", methods=["POST"])
@blp.doc(summary="Notitie toevoegen aan het logboek",
         description="Velden: `kind` (contact_attempt, contact, measure, note), `occurred_at` (verplicht, "
                     "met tijdzone), `text`, `channel` (verplicht bij een contact(poging)), `outcome`, "
                     "`visibility` (shared of, enkel voor het CLB, clb).")
@blp.arguments(JournalIn)
@blp.response(201, JournalOut)
def add_journal_entry(body, case_id):
    return journal.add_entry(actor(), case_id, **body)
