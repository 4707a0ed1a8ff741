"""Versies van de paden (admins): how many instances run on each deployed version, a
dry run towards the latest, and moving them (app/services/migrations)."""

from flask import flash, g, redirect, render_template, url_for

from app.services.migrations import overview, texts
from app.web.blueprint import bp


@bp.route("/beheer/paden")
def workflow_versions():
    versions = overview.versions_in_use(g.actor)
    processes: dict[str, list] = {}
    for version in versions:
        processes.setdefault(version.key, []).append(version)
    return render_template(
        "workflow_versions.html", processes=processes, names=overview.process_names(versions)
    )


@bp.route("/beheer/paden/<key>/<int:old>/<int:new>")
def workflow_migration(key, old, new):
    report = overview.dry_run(g.actor, key, old, new)
    return render_template(
        "workflow_migration.html",
        report=report,
        lines=[(outcome, texts.line(outcome)) for outcome in report.outcomes],
        summary=texts.summary(report),
        limit=overview.WEB_LIMIT,
    )


@bp.route("/beheer/paden/<key>/<int:old>/<int:new>", methods=["POST"])
def migrate_workflow(key, old, new):
    report = overview.migrate(g.actor, key, old, new)
    stuck = report.count("blocked") + report.count("failed")
    flash(
        f"{key} v{old} → v{new}: {texts.summary(report)}"
        + (f" {stuck} bleven op v{old}: zie de proefdraai." if stuck else ""),
        "info" if stuck else "success",
    )
    return redirect(url_for("web.workflow_versions"))
