"""A pupil's record: registering a new pupil (Leerling registreren) and changing a
pupil's data, domicile and contacts (Gegevens wijzigen), for the school's staff
who keep the pupils' records (services.pupils.may_write)."""

import io

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for

from app.services import pupils
from app.services.errors import Conflict, Forbidden, Invalid
from app.services.rights import export
from app.web import pupil_form
from app.web.blueprint import bp

NEW_TITLE = "Leerling registreren"


def _render(raw: dict, errors: dict, *, pupil=None, message: str | None = None, status: int = 200):
    form = pupil_form.bound(raw, errors)
    return render_template(
        "pupil_form.html",
        pupil=pupil,
        form=form,
        message=message or ("Het formulier is niet correct ingevuld." if form.has_errors else None),
        title=f"Gegevens van {pupil.first_name} {pupil.last_name} wijzigen" if pupil else NEW_TITLE,
        action=url_for("web.pupil_edit", pupil_id=pupil.id) if pupil else url_for("web.pupil_new"),
    ), status


def _require_writer() -> None:
    if not pupils.may_write(g.actor):
        raise Forbidden(
            "Enkel het secretariaat, de zorgcoördinator, de leerlingbegeleider en de directie van de "
            "school registreren leerlingen en wijzigen hun gegevens."
        )


def _rows_or_none(pupil=None):
    """A contact row added or removed (no save): the form again, as typed."""
    changed = pupil_form.rows_action(request.form)
    if changed is None:
        return None
    raw, done = changed
    if not done:
        abort(400)
    return _render(raw, {}, pupil=pupil)


@bp.route("/leerlingen/nieuw", methods=["GET", "POST"])
def pupil_new():
    _require_writer()
    if request.method in ("GET", "HEAD"):
        return _render({}, {})
    if (page := _rows_or_none()) is not None:
        return page
    raw, body, errors = pupil_form.read_form(request.form, new=True)
    if errors:
        return _render(raw, errors, status=422)
    try:
        created = pupils.create_pupil(g.actor, body)
    except (Invalid, Conflict) as refused:
        errors = {pupil_form.field_name(k): v for k, v in refused.errors.items()}
        return _render(
            raw, errors, message=refused.message, status=409 if isinstance(refused, Conflict) else 422
        )
    flash(f"{created.first_name} {created.last_name} is geregistreerd.", "success")
    return redirect(url_for("web.pupil", pupil_id=created.id))


@bp.route("/leerlingen/<id:pupil_id>/gegevens", methods=["GET", "POST"])
def pupil_edit(pupil_id):
    pupil = pupils.get_pupil(g.actor, pupil_id, audited=request.method in ("GET", "HEAD"))
    _require_writer()
    if request.method in ("GET", "HEAD"):
        return _render(pupil_form.raw_of(pupil), {}, pupil=pupil)
    if (page := _rows_or_none(pupil)) is not None:
        return page
    raw, body, errors = pupil_form.read_form(request.form, new=False)
    if errors:
        return _render(raw, errors, pupil=pupil, status=422)
    try:
        pupils.update_pupil(g.actor, pupil_id, body)
    except (Invalid, Conflict) as refused:
        errors = {pupil_form.field_name(k): v for k, v in refused.errors.items()}
        status = 409 if isinstance(refused, Conflict) else 422
        return _render(raw, errors, pupil=pupil, message=refused.message, status=status)
    flash("De gegevens zijn bewaard.", "success")
    return redirect(url_for("web.pupil", pupil_id=pupil_id) + "#contacten-titel")


@bp.route("/leerlingen/<id:pupil_id>/export")
def pupil_export(pupil_id):
    """Recht op inzage: the director's zip of everything their side keeps (services.rights.export)."""
    found = export.export_pupil(g.actor, pupil_id)
    response = send_file(
        io.BytesIO(found.content),
        mimetype="application/zip",
        as_attachment=True,
        download_name=found.filename,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
