"""What a migration report says about one instance, in Dutch (the CLI, the admin page,
the case's event)."""

from app import engine

VERDICTS = {
    "as_is": "migreert zoals het is",
    "plan": "migreert volgens het plan",
    "blocked": "kan niet migreren",
    "failed": "mislukt: bleef op de oude versie",
    "skipped": "overgeslagen: intussen gewijzigd of door een andere migratie genomen",
}
MOVED = {"as_is": "verplaatst zoals het was", "plan": "verplaatst volgens het plan"}


def _named(elements: dict[str, engine.Element], element_id: str) -> str:
    element = elements.get(element_id)
    return f"“{element.name}” ({element_id})" if element and element.name != element_id else element_id


def blocker(item: engine.Blocker, old: dict, new: dict, new_version: int) -> str:
    if item.code == "removed":
        text = f"wacht op {_named(old, item.element)}, dat v{new_version} niet meer heeft, en het plan noemt geen doel"
        return text + (f" (SpiffWorkflow denkt aan {_named(new, item.detail)})" if item.detail else "")
    if item.code == "moved":
        return (
            f"wacht op {_named(old, item.element)}, dat in v{new_version} in het deelproces {item.detail} zit"
        )
    if item.code == "kind":
        return f"{_named(old, item.element)} → {item.detail}: een samenkomst kan enkel naar een andere samenkomst"
    if item.code == "gateway":
        return (
            f"de beslissing {_named(old, item.element)} vóór {_named(old, item.detail or '')} is gewijzigd in "
            f"v{new_version}, en het plan houdt de weg die het dossier nam niet aan (keep_gateways)"
        )
    if item.code == "variable":
        return f"v{new_version} leest {item.element}, dat dit dossier niet heeft, en het plan zet het niet (data)"
    return f"de geschiedenis rond {item.element} past niet in v{new_version} (een splitsing boven open werk)"


def need(item: engine.Need, old: dict, new: dict) -> str:
    if item.code == "element":
        return f"{_named(old, item.element)} → {_named(new, item.detail or '')}"
    if item.code == "gateway":
        return f"gewijzigde beslissing {item.element} aanvaard"
    return f"{item.element} gezet"


def failure(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:200]}"


HELD_BACK = "verhuist niet: een andere instantie van hetzelfde dossier kan niet mee"
INCIDENT = "heeft een open incident: eerst opnieuw laten proberen (Incidenten), dan migreren"


def subject(outcome) -> str:
    if outcome.case_id is not None:
        return f"dossier {outcome.case_id}"
    return f"leerling {outcome.pupil_id} zonder dossier" if outcome.pupil_id else "een instantie"


def line(outcome) -> str:
    """One instance of a report, e.g. `dossier 12, case (instantie 34): migreert zoals het is`."""
    kind = f", {outcome.kind}" if outcome.kind else ""
    reasons = f" ({'; '.join(outcome.reasons)})" if outcome.reasons else ""
    verdict = MOVED[outcome.verdict] if outcome.moved else VERDICTS[outcome.verdict]
    return f"{subject(outcome)}{kind} (instantie {outcome.instance_id}): {verdict}{reasons}"


def summary(report) -> str:
    counts = report.counts
    total = len(report.outcomes)
    text = (
        f"samen: {total} {'instantie' if total == 1 else 'instanties'} van {report.cases} "
        f"{'dossier' if report.cases == 1 else 'dossiers'}: {counts['as_is']} zoals ze zijn, "
        f"{counts['plan']} volgens het plan, {counts['blocked']} kunnen niet"
    )
    if report.dry_run:
        return text + "; proefdraai: er is niets geschreven."
    return (
        text + f", {counts['failed']} mislukt, {counts['skipped']} overgeslagen; {report.moved} verplaatst."
    )


def heading(report) -> str:
    plan = f"plan {report.plan}" if report.plan else "gegenereerd plan (zelfde id's, geen bestand)"
    changes = report.changes
    return (
        f"{report.key} v{report.old} → v{report.new}, {plan}"
        + (" (proefdraai)" if report.dry_run else "")
        + f"\nverschil: {len(changes.added)} elementen toegevoegd, {len(changes.removed)} verwijderd, "
        f"{len(changes.changed)} gewijzigd"
    )
