"""/api/cases: open, read, events, messages, journal."""

from flask_smorest import Blueprint

from app.api.auth import actor
from app.api.schemas import (
    CancelIn,
    CaseIn,
    CaseListArgs,
    CaseListItemOut,
    CaseOut,
    CasePatch,
    EventOut,
    JournalIn,
    JournalOut,
    LongPageArgs,
    MessageIn,
    envelope,
    page_body,
)
from app.services.cases import cancelling, journal, listing, messages, notices, opening, owners
from app.services.cases import views as cases
from app.vocabulary import CaseTrack, Lane

blp = Blueprint("cases", __name__, url_prefix="/api/cases", description="Dossiers")
CasePage = envelope(CaseListItemOut, "CasePage", capped=True)
EventPage = envelope(EventOut, "EventPage")
JournalPage = envelope(JournalOut, "JournalPage")


@blp.route("", methods=["POST"])
@blp.doc(
    summary="Dossier openen",
    description="Opent met de hand een dossier voor een leerling van uw school: het zorgpad in fase 1 "
    "(vóór de signaaldrempel, bv. om een knipperlicht) of het terugkeertraject na lange gewettigde "
    "afwezigheid (`track: return`). Vanaf 5 halve dagen met B-code opent de afwezigheidsimport het "
    "dossier zelf. Voor de zorgcoördinator en de directie; de reden is verplicht (422 zonder). Het "
    "dossier neemt de lopende opvolgingen van afwezigheden over. 409 als de leerling al een lopend "
    "dossier heeft.",
)
@blp.arguments(CaseIn)
@blp.response(201, CaseOut)
def open_case(body):
    return opening.open_case(
        actor(),
        body["pupil_id"],
        body.get("absence_type"),
        body.get("reason"),
        b_count=body.get("b_count"),
        first_absence_on=body.get("first_absence_on"),
        track=body.get("track", CaseTrack.CARE),
    )


@blp.route("")
@blp.doc(
    summary="Dossiers in uw bereik",
    description="Filters: `status`, `phase` (fase1, fase2, fase3), `school_id` (een school in uw "
    "bereik, anders 404; voor het CLB: een school die het bedient), `q` (naam of leerlingnummer), "
    "`overdue=true` (met een open taak over haar termijn), `signal_due=true` (het signaal aan het "
    "CLB moet nog gebeuren). `sort`: opened (standaard, nieuwste eerst), name, due (vroegste "
    "termijn eerst), b_count (meeste B-codes eerst). Elk dossier met zijn aantal halve dagen met "
    "B-code, vroegste termijn en open taken. Onbekende parameters: 422. Dossiers van leerlingen "
    "die van school veranderden staan er voor de vorige school als `access: former` (alleen "
    "lezen). `total` telt tot 1.000; zijn er meer, dan is `total_capped` true.",
)
@blp.arguments(CaseListArgs, location="query")
@blp.response(200, CasePage)
def list_cases(args):
    items, total = listing.list_cases(
        actor(),
        status=args.get("status"),
        phase=args.get("phase"),
        school_id=args.get("school_id"),
        q=args.get("q"),
        overdue=args["overdue"],
        signal_due=args["signal_due"],
        owner_id=actor().user_id if args.get("owner") == "me" else None,
        sort=args["sort"],
        page=args["page"],
        per_page=args["per_page"],
    )
    return page_body(items, total, args, capped=True)


@blp.route("/<id:case_id>/cancel", methods=["POST"])
@blp.doc(
    summary="Dossier annuleren",
    description="Een ten onrechte geopend dossier (een gecorrigeerde registratie, de verkeerde leerling) "
    "annuleren, met een reden (422 zonder): de open taken worden geannuleerd, de tijdlijn zegt wie en "
    "waarom, niets wordt verwijderd; lopende opvolgingen van afwezigheden gaan terug naar de leerling. "
    "Voor de zorgcoördinator en de directie; 409 als het dossier al afgesloten of geannuleerd is.",
)
@blp.arguments(CancelIn)
@blp.response(200, CaseOut)
def cancel_case(body, case_id):
    return cancelling.cancel_case(actor(), case_id, body.get("reason"))


@blp.route("/<id:case_id>")
@blp.doc(
    summary="Eén dossier",
    description="Leerling, status, fase, type afwezigheid en de open taken die u mag zien.",
)
@blp.response(200, CaseOut)
def get_case(case_id):
    return cases.get_case(actor(), case_id)


@blp.route("/<id:case_id>", methods=["PATCH"])
@blp.doc(
    summary="Type afwezigheid of dossierverantwoordelijke wijzigen",
    description="Eén wijziging per keer.\n\n"
    "- `absence_type`: het CLB wijzigt het type afwezigheid (spijbelen, schoolonthouding, "
    "schooluitsluiting, schoolweigering) in elke fase; het pad volgt het nieuwe type vanaf de "
    "volgende stap. Komt in de gebeurtenissen, met de reden (ook de school leest die). De school "
    "wijzigt het type via haar taken.\n"
    "- `owner_id`: de school duidt haar dossierverantwoordelijke aan (zorgcoördinator, "
    "leerlingbegeleider of directie van de school); `clb_owner_id`: het CLB de zijne "
    "(CLB-medewerker of CLB-directeur van het CLB van de school). De open taken van die kant die de "
    "vorige verantwoordelijke had, of niemand, gaan naar de nieuwe (als die ze mag doen). 403 voor "
    "de andere kant; 422 voor iemand die geen verantwoordelijke kan zijn.",
)
@blp.arguments(CasePatch)
@blp.response(200, CaseOut)
def patch_case(body, case_id):
    if "owner_id" in body:
        return owners.set_owner(actor(), case_id, Lane.SCHOOL, body["owner_id"])
    if "clb_owner_id" in body:
        return owners.set_owner(actor(), case_id, Lane.CLB, body["clb_owner_id"])
    return cases.change_absence_type(actor(), case_id, body["absence_type"], body.get("reason"))


@blp.route("/<id:case_id>/events")
@blp.doc(
    summary="Gebeurtenissen van een dossier",
    description="Het verhaal van het dossier: wie, wanneer, wat, oud → nieuw, reden. Schoolgebruikers "
    "zien geen CLB-gebeurtenissen; na een schoolverandering ziet elke school enkel haar "
    "eigen periode.",
)
@blp.arguments(LongPageArgs, location="query")
@blp.response(200, EventPage)
def list_events(args, case_id):
    items, total = listing.list_events(actor(), case_id, page=args["page"], per_page=args["per_page"])
    return page_body(items, total, args)


@blp.route("/<id:case_id>/messages", methods=["POST"])
@blp.doc(
    summary="Bericht naar het dossier sturen",
    description="Berichten sturen een lopend dossier bij.\n\n"
    "- `school_change` `{new_school_id, b_count?, new_external_id?}`: de leerling verandert "
    "van school. De open taken van de oude school vervallen; de nieuwe school begint in de "
    "fase van het dossier; het aantal B-codes gaat mee. Was het CLB betrokken, dan doet het "
    "zendende CLB de warme overdracht en krijgt het ontvangende CLB een taak.\n"
    "- `new_absences` `{b_count?, first_absence_on?, note?}`: de school signaleert nieuwe "
    "afwezigheden: een nieuwe opvolging (ouders, gesprek met de leerling) start; een "
    "dossier afgesloten met opvolgafspraken gaat weer open en het CLB krijgt een taak.\n"
    "- `police_track` `{reason?, confirm_school_refusal?, could_not_wait?, could_not_wait_reason?}`: "
    "de school start het politiespoor (ook in fase 1, bv. fiche onbereikbaarheid); het CLB "
    "geeft eerst zijn advies (een CLB-taak) en de melding wacht erop, tenzij de school niet kon "
    "wachten (`could_not_wait: true` met een verplichte reden). Niet meer "
    "leerplichtig: geweigerd. Bij schoolweigering enkel met uitdrukkelijke bevestiging.\n"
    "- `evaluate_now` `{reason?}`: nu evalueren, vóór de evaluatiedatum waarop het "
    "dossier wacht (spijbelactieplan, einde opvolging, CLB-ronde, fase 3). De evaluatie "
    "opent meteen (bij een CLB-ronde zodra ook de trajecten rond zijn); de datum vervalt. "
    "Een wacht in de "
    "lane School vervroegen de zorgcoördinator of de directie, in de lane CLB de "
    "CLB-medewerker of de CLB-directeur (anders 403). Wacht het dossier niet op zo'n datum: "
    "409.\n"
    "- `m_document` `{consultation?}`: het CLB start het M-document aan OCJ/VK, vanaf fase 2 "
    "(409 in fase 1), ook voorbij de leerplicht; de school: 403. Eerst de melding en haar bijlage "
    "als document, dan 'verstuurd registreren' (datum, kanaal). Het overleg met de school noteert het "
    "CLB op de taak.\n"
    "- `agodi_report` `{consultation?}`: de school (zorgcoördinator, directie) of het CLB meldt een "
    "zorgwekkend dossier aan AGODI, vanaf fase 2 (409 in fase 1), enkel voor een leerplichtige "
    "leerling (422); andere rollen: 403. Eerst het document, dan verstuurd registreren.",
)
@blp.arguments(MessageIn)
@blp.response(200, CaseOut)
def send_message(body, case_id):
    return messages.send_message(actor(), case_id, body["name"], body["data"])


@blp.route("/<id:case_id>/journal")
@blp.doc(
    summary="Logboek van begeleidende maatregelen",
    description="Contacten, contactpogingen, maatregelen en notities, chronologisch. CLB-notities "
    "(`visibility: clb`) ziet enkel het CLB.",
)
@blp.arguments(LongPageArgs, location="query")
@blp.response(200, JournalPage)
def list_journal(args, case_id):
    items, total = journal.list_entries(actor(), case_id, page=args["page"], per_page=args["per_page"])
    return page_body(items, total, args)


@blp.route("/<id:case_id>/journal", methods=["POST"])
@blp.doc(
    summary="Notitie toevoegen aan het logboek",
    description="Velden: `kind` (contact_attempt, contact, measure, note), `occurred_at` (verplicht, "
    "met tijdzone), `text`, `channel` (verplicht bij een contact(poging)), `outcome`, "
    "`visibility` (shared of, enkel voor het CLB, clb).",
)
@blp.arguments(JournalIn)
@blp.response(201, JournalOut)
def add_journal_entry(body, case_id):
    return journal.add_entry(actor(), case_id, **body)


@blp.route("/<id:case_id>/notices/<id:notice_id>/acknowledge", methods=["POST"])
@blp.doc(
    summary="Mededeling van het CLB bevestigen (school)",
    description="Wat het CLB 'voor de school' schreef bij een stap (de adviezen van een HGD-traject, "
    "de leerling in NAFT of time-out: afwezigheden P, een wachtlijst, afspraken bij het afsluiten) "
    "staat als mededeling op het dossier (`notices`). Schoolpersoneel bevestigt ze: 'Gelezen en "
    "opgevolgd', met wie en wanneer in de tijdlijn. 403 voor het CLB; 409 als ze al bevestigd is.",
)
@blp.response(200, CaseOut)
def acknowledge_notice(case_id, notice_id):
    return notices.acknowledge(actor(), case_id, notice_id)
