"""The Documenten section of a case page: list, generate, download (docx or pdf)."""

import io

from flask import flash, g, redirect, render_template, request, send_file, url_for

from app.services.documents import downloads
from app.services.documents import making as documents
from app.services.documents.downloads import Pending
from app.services.documents.templates import TEMPLATES
from app.services.errors import Unavailable
from app.web.blueprint import bp
from app.web.errors import back
from app.web.schemas import DocumentForm, DownloadArgs, form_data, load


def section_context(case_id: int, view=None) -> dict:
    """What templates/_documents.html needs (the case page includes it, with its view)."""
    return {
        "case_documents": documents.case_documents(g.actor, case_id, view),
        "document_titles": {key: spec.title for key, spec in TEMPLATES.items()},
    }


@bp.route("/dossiers/<id:case_id>/documenten", methods=["POST"])
def generate_document(case_id):
    values, errors = load(DocumentForm(), form_data(request.form))
    if errors:
        flash("Kies welk document u wilt maken.", "error")
        return redirect(url_for("web.case", case_id=case_id, _anchor="documenten"))
    try:
        chosen = [int(value) for value in request.form.getlist("include_entries")]
    except ValueError:
        flash("Kies de notities uit de lijst.", "error")
        return redirect(url_for("web.case", case_id=case_id, _anchor="documenten"))
    made = documents.generate(g.actor, case_id, values["template"], chosen)
    flash(f"{TEMPLATES[made.template].title}, versie {made.version}, is gemaakt.", "success")
    return redirect(url_for("web.case", case_id=case_id, _anchor="documenten"))


@bp.route("/documenten/<id:document_id>")
def download_document(document_id):
    values, errors = load(DownloadArgs(), request.args.to_dict())
    found = downloads.download(g.actor, document_id, "docx" if errors else values["formaat"])
    if isinstance(found, Pending):  # made in the background: this page asks again shortly
        return (
            render_template("pdf_pending.html", pending=found),
            202,
            {"Retry-After": str(found.retry_after), "Cache-Control": "no-store"},
        )
    response = send_file(
        io.BytesIO(found.content), mimetype=found.mimetype, as_attachment=True, download_name=found.filename
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/documenten/<id:document_id>/pdf-klaar")
def pdf_ready(document_id):
    """For the waiting page's script: 204 when the PDF (with `?formaat=docx`: the Word
    file) is there, 202 while it is being made, 410 when it will not come."""
    fmt = "docx" if request.args.get("formaat") == "docx" else "pdf"
    ready = downloads.file_ready(g.actor, document_id, fmt)
    status = 204 if ready else 202 if ready is False else 410
    return "", status, {"Cache-Control": "no-store"}


@bp.errorhandler(Unavailable)
def _unavailable(error):
    flash(error.message, "error")
    return back()
