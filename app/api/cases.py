"""/api/cases: open, read, events, messages, journal."""
from flask_smorest import Blueprint

from app.api.auth import actor, guard
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
guard(blp)
CasePage = envelope(CaseListItemOut, "CasePage")
EventPage = envelope(EventOut, "EventPage")
JournalPage = envelope(JournalOut, "JournalPage")


@blp.route("", methods=["POST"])
@blp.arguments(CaseIn)
@blp.response(201, CaseOut)
def open_case(body):
    return cases.open_case(actor(), body["pupil_id"], body.get("absence_type"), body.get("reason"))


@blp.route("")
@blp.arguments(CaseListArgs, location="query")
@blp.response(200, CasePage)
def list_cases(args):
    items, counts, total = cases.list_cases(
        actor(), status=args.get("status"), phase=args.get("phase"),
        school_id=args.get("school_id"), page=args["page"], per_page=args["per_page"],
    )
    for case in items:
        case.open_task_count = counts.get(case.id, 0)
    return page_body(items, total, args)


@blp.route("/<id:case_id>")
@blp.response(200, CaseOut)
def get_case(case_id):
    return cases.get_case(actor(), case_id)


@blp.route("/<id:case_id>/events")
@blp.arguments(LongPageArgs, location="query")
@blp.response(200, EventPage)
def list_events(args, case_id):
    items, total = cases.list_events(actor(), case_id, page=args["page"], per_page=args["per_page"])
    return page_body(items, total, args)


@blp.route("/<id:case_id>/messages", methods=["POST"])
@blp.arguments(MessageIn)
@blp.response(200, CaseOut)
def send_message(body, case_id):
    return cases.send_message(actor(), case_id, body["name"], body["data"])


@blp.route("/<id:case_id>/journal")
@blp.arguments(LongPageArgs, location="query")
@blp.response(200, JournalPage)
def list_journal(args, case_id):
    items, total = journal.list_entries(actor(), case_id, page=args["page"], per_page=args["per_page"])
    return page_body(items, total, args)


@blp.route("/<id:case_id>/journal", methods=["POST"])
@blp.arguments(JournalIn)
@blp.response(201, JournalOut)
def add_journal_entry(body, case_id):
    return journal.add_entry(actor(), case_id, **body)
