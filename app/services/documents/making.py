"""Use cases on a case's documents: list, generate (on demand or by a step); reading them
is app/services/documents/downloads.py.

Who reads what: a school-side document (begeleidingsplan or spijbelactieplan,
dossier of measures, the school's AGODI report, the police report) reaches the school
of its period and the CLB; a CLB-side document (M-document annex, warm
handover, the CLB's AGODI report) never reaches school users (404). Who
generates what on demand: school-side documents the school's
zorgcoördinator or directie, CLB-side documents the CLB-medewerker or
CLB-directeur, each for the case as it is now. Generating again adds a
version; nothing is overwritten.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app import clock
from app.documents import render_docx
from app.documents.render import template_file
from app.extensions import db
from app.models import Case, CaseTask, Document, School
from app.services.access import Actor, in_scope, visible_lanes
from app.services.audit import audit
from app.services.cases.views import CaseView, load_current, load_view
from app.services.documents import deferred
from app.services.documents.choices import chosen_entries, clb_only_entries
from app.services.documents.context import Source, reader_for
from app.services.documents.downloads import visible
from app.services.documents.templates import TEMPLATES, TemplateSpec
from app.services.errors import Conflict, Forbidden, Invalid
from app.services.forms import FormMissing, load_form
from app.services.paging import paginate
from app.services.steps.records import event
from app.services.transaction import writing
from app.vocabulary import AuditAction, DocumentStatus, EventKind, Lane, Role, TaskStatus, Visibility

# Who may generate a side's documents on demand.
SIDE_ROLES = {
    Lane.SCHOOL: frozenset({Role.ZORGCOORDINATOR, Role.DIRECTIE}),
    Lane.CLB: frozenset({Role.CLB_MEDEWERKER, Role.CLB_DIRECTEUR}),
}
SIDE_WORDS = {
    Lane.SCHOOL: "de zorgcoördinator of de directie van de school",
    Lane.CLB: "een CLB-medewerker of de CLB-directeur",
}
TAKEN = Conflict("Iemand maakte intussen hetzelfde document; laad de lijst opnieuw.")


@dataclass(frozen=True)
class Choice:
    """A template the actor may generate for the case now, or why not."""

    key: str
    title: str
    available: bool
    reason: str | None = None


@dataclass
class CaseDocuments:
    items: list[Document]
    total: int
    choices: list[Choice]
    # CLB-only notes a CLB sender may tick to include (services/documents/choices.py).
    clb_entries: list = field(default_factory=list)


PAGE_DOCUMENTS = 100  # what the case page lists


def _visible_documents(actor: Actor, case_id: int):
    return (
        select(Document)
        .where(Document.case_id == case_id, visible(actor))
        .options(joinedload(Document.created_by))
        .order_by(Document.created_at.desc(), Document.id.desc())
    )


def _listed(actor: Actor, case_id: int, page: int, per_page: int):
    return paginate(_visible_documents(actor, case_id), page, per_page)


def list_documents(actor: Actor, case_id: int, *, page=1, per_page=100) -> tuple[list[Document], int]:
    view = load_view(actor, case_id)
    items, total = _listed(actor, view.id, page, per_page)
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.DOCUMENTS_LISTED, "case", view.id)
    return items, total


def _source_row(case: Case, bpmn_id: str, actor: Actor | None) -> CaseTask | None:
    """The latest completed task `bpmn_id` (as the actor may see it, when given)."""
    query = select(CaseTask).where(
        CaseTask.case_id == case.id, CaseTask.bpmn_id == bpmn_id, CaseTask.status == TaskStatus.COMPLETED
    )
    if actor is not None:
        query = query.where(in_scope(CaseTask.school_id, actor), CaseTask.lane.in_(visible_lanes(actor)))
    return db.session.scalar(query.order_by(CaseTask.completed_at.desc(), CaseTask.id.desc()).limit(1))


def _missing_form(source_task: str) -> str:
    """Why a document cannot be made yet (after its title: "Spijbelactieplan kan pas ...")."""
    return f"kan pas gemaakt worden als de taak ‘{_task_title(source_task)}’ afgerond is."


def _task_title(bpmn_id: str) -> str:
    try:
        return load_form(current_app.config["FORMS_DIR"], bpmn_id).schema.get("title", bpmn_id)
    except FormMissing:  # a process without that step (another deployment, a test fixture)
        return bpmn_id


def _store(
    case: Case,
    spec: TemplateSpec,
    side: Lane,
    row: CaseTask | None,
    actor: Actor | None,
    now: datetime,
    service_task: str | None,
    included: frozenset[int] = frozenset(),
    later: bool = False,
) -> Document:
    """Add the next version (inside the caller's transaction): rendered now, or `later`
    (after the commit, app/services/documents/deferred.py) from its context frozen here."""
    # A document belongs to the school period of the form it comes from (the warm
    # handover: the school the pupil left), else to the case's school now.
    school = db.session.get(School, row.school_id if row is not None else case.school_id)
    assert school is not None, "a foreign key of the task or the case"
    version = (
        db.session.scalar(
            select(func.max(Document.version)).where(
                Document.case_id == case.id, Document.template == spec.key
            )
        )
        or 0
    ) + 1
    source = Source(
        case,
        side,
        school,
        reader_for(side, school, actor.user_id if actor else None),
        spec.title,
        version,
        now,
        actor.full_name if actor else None,
        included,
    )
    # Now or later, rendered from the same JSON (so every test that renders inline also
    # proves the context survives being kept in the row).
    context, directory = (
        deferred.frozen(spec.build(source, row)),
        current_app.config["DOCUMENT_TEMPLATES_DIR"],
    )
    if later:
        made: dict = {
            "status": DocumentStatus.PREPARING,
            "inputs": context,
            "template_file": spec.filename,
            "template_sha256": template_file(directory, spec.filename)[1],
        }
    else:
        rendered = render_docx(directory, spec.filename, context)
        made = {
            "status": DocumentStatus.READY,
            "template_file": rendered.template_file,
            "template_sha256": rendered.template_sha256,
            "sha256": rendered.sha256,
            "size": len(rendered.content),
            "content": rendered.content,
        }
    document = Document(
        case_id=case.id,
        school_id=school.id,
        template=spec.key,
        side=side,
        version=version,
        handed_to_school_id=case.school_id if spec.handed_over and case.school_id != school.id else None,
        source_task_id=row.id if row is not None else None,
        service_task=service_task,
        created_by_id=actor.user_id if actor else None,
        included_entries=sorted(included) or None,
        created_at=now,
        **made,
    )
    db.session.add(document)
    db.session.add(
        event(
            case,
            actor,
            now,
            EventKind.DOCUMENT_GENERATED,
            spec.key,
            new=f"versie {version}",
            visibility=Visibility.CLB if side == Lane.CLB else Visibility.SHARED,
            school_id=school.id,
        )
    )
    return document


def generate_for_step(
    case: Case, template: str, lane: str, service_task: str, actor: Actor | None, now: datetime
) -> Document:
    """A BPMN service task asked for a document (app/services/steps.apply_step): its
    context read from the form just completed, in the step's transaction; rendered
    after the commit (in preparation until then), or inline when the background is off."""
    spec, side = TEMPLATES[template], Lane(lane)
    if side not in spec.sides:
        raise ValueError(f"{service_task}: a {template} is not a {side} document")
    source_task = spec.sources[side]
    row = _source_row(case, source_task, None) if source_task else None
    return _store(case, spec, side, row, actor, now, service_task, later=deferred.enabled())


def _may_generate(actor: Actor, spec: TemplateSpec) -> bool:
    return actor.lane in spec.sides and actor.has_any(SIDE_ROLES[actor.lane])


def _side(actor: Actor) -> Lane:
    """The side an actor who may generate (`_may_generate`) makes documents for."""
    assert actor.lane is not None, "_may_generate: the actor's lane is one of the template's sides"
    return actor.lane


def _completed_sources(actor: Actor, case: Case, bpmn_ids: set[str]) -> set[str]:
    """Which of the forms `bpmn_ids` the actor may see completed on the case (one read
    for the case page's choices, not one per template)."""
    if not bpmn_ids:
        return set()
    query = select(CaseTask.bpmn_id).where(
        CaseTask.case_id == case.id,
        CaseTask.bpmn_id.in_(bpmn_ids),
        CaseTask.status == TaskStatus.COMPLETED,
        in_scope(CaseTask.school_id, actor),
        CaseTask.lane.in_(visible_lanes(actor)),
    )
    return set(db.session.scalars(query.distinct()))


def _choice(actor: Actor, case: Case, spec: TemplateSpec, completed: set[str] | None = None) -> Choice:
    """For an actor who may generate `spec`: can it be made now (it fits the case and its
    form is filled in)? `completed`: the source forms known completed (else read)."""
    unfit = spec.unfit(case)
    if unfit is not None:
        return Choice(spec.key, spec.title, False, unfit)
    source_task = spec.sources[_side(actor)]
    if source_task and (
        source_task not in completed
        if completed is not None
        else _source_row(case, source_task, actor) is None
    ):
        return Choice(spec.key, spec.title, False, _missing_form(source_task))
    return Choice(spec.key, spec.title, True)


def generate(actor: Actor, case_id: int, template: str, include_entries: list[int] | None = None) -> Document:
    """Make the next version of a document now, from what the case holds now, with the
    CLB-only journal entries the sender ticked (`include_entries`; none by default)."""
    spec = TEMPLATES.get(template)
    if spec is None:
        raise Invalid("Onbekend document.", {"template": [f"Kies uit: {', '.join(TEMPLATES)}."]})
    case = load_current(actor, case_id)
    if not _may_generate(actor, spec):
        raise Forbidden(f"{spec.title}: enkel {SIDE_WORDS[spec.sides[0]]} maakt dit document.")
    choice = _choice(actor, case, spec)
    if not choice.available:
        message = f"{spec.title} {choice.reason}"
        raise Conflict(message, {"template": [message]})
    side = _side(actor)
    included = chosen_entries(actor, case, include_entries)
    source_task = spec.sources[side]
    row = _source_row(case, source_task, actor) if source_task else None
    now = clock.now()
    with writing(integrity_error=TAKEN) as session:
        document = _store(case, spec, side, row, actor, now, None, included)
        if included:  # who sent which CLB-only notes out, in which document
            session.flush()
            audit(
                session,
                actor,
                now,
                AuditAction.CLB_ENTRIES_SHARED,
                "document",
                document.id,
                detail=f"{spec.key} v{document.version}: notities {', '.join(map(str, sorted(included)))}",
            )
    return document


def case_documents(actor: Actor, case_id: int, view: CaseView | None = None) -> CaseDocuments:
    """For the case page: the documents the actor may read, and the templates of
    their side they may generate now (or why not). The page hands on the `view` it
    read already."""
    view = load_view(actor, case_id) if view is None else view
    rows = db.session.execute(
        _visible_documents(actor, view.id).add_columns(func.count().over()).limit(PAGE_DOCUMENTS)
    ).all()
    items, total = [row[0] for row in rows], rows[0][1] if rows else 0  # a window count: one read
    specs = [] if view.is_former else [spec for spec in TEMPLATES.values() if _may_generate(actor, spec)]
    sources = {source for spec in specs if (source := spec.sources[_side(actor)])}
    completed = _completed_sources(actor, view.case, sources) if specs else set()
    choices = [_choice(actor, view.case, spec, completed) for spec in specs]
    clb_entries = [] if view.is_former or not choices else clb_only_entries(actor, view.case)
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.DOCUMENTS_LISTED, "case", view.id)
    return CaseDocuments(items, total, choices, clb_entries)
