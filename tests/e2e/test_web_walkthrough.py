"""The issue's walk-through in a real browser: zorg1 opens a case, fills forms (with a
validation error, then corrected) and refers the pupil to the CLB; clb1 accepts the
referral from the inbox; the diagram shows the current task; zorg2 gets the 404 page."""

import re

from playwright.sync_api import expect

from app.calendar.school_days import add_school_days
from tests.clocks import end_of_school_day, previous_school_day
from tests.e2e.browser import csp_violations, new_page, sign_in, sign_out
from tests.e2e.served import served_today, sweep_as_of


def _do(page, task_title: str):
    """The case page's button for an open task ("Uitvoeren", with the task's name for screen
    readers); a per-absence task's title goes on with what it is about (" · vanaf …")."""
    titled = rf"{re.escape(task_title)}( · .+)?"
    page.get_by_role("link", name=re.compile(rf"^Uitvoeren\W+{titled}$")).click()
    expect(page.get_by_role("heading", name=re.compile(rf"^{titled}$"))).to_be_visible()


HELP_QUESTION = "Wat houdt Emma tegen om naar school te komen, en hoe helpen we haar samen?"


def _open_case_for_emma(page, absent_on: str) -> int:
    page.get_by_role("link", name="Leerlingen").click()
    page.get_by_label("Zoek op naam of leerlingnummer").fill("Peeters")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Peeters, Emma").click()
    expect(page.get_by_role("heading", name="Emma Peeters", exact=True)).to_be_visible()
    page.get_by_label("Type afwezigheid").select_option(label="Spijbelen")
    page.get_by_label("Reden").fill("Knipperlicht: herhaalde korte afwezigheden sinds september.")
    page.get_by_label("Afwezigheid die het dossier meteen opvolgt").fill(absent_on)
    page.get_by_role("button", name="Dossier openen").click()
    expect(page.get_by_role("heading", name="Dossier Emma Peeters")).to_be_visible()
    return int(re.search(r"/dossiers/(\d+)", page.url).group(1))


def _contact_parents_with_an_error_then_corrected(page, absent_on: str):
    _do(page, "Ouders contacteren bij afwezigheid")
    page.get_by_label("Datum van de afwezigheid").fill(absent_on)
    page.get_by_label("Datum van het contact").fill(absent_on)
    page.get_by_role("group", name="Ouders bereikt").get_by_label("Ja").check()
    page.get_by_label("Reden volgens de ouders").fill("Verslapen, zegt moeder.")
    page.get_by_role("group", name="Medisch attest").get_by_label("Geen attest").check()
    page.get_by_role("button", name="Taak afronden", exact=True).click()  # the channel is missing

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Het formulier is niet correct ingevuld.")
    expect(summary.get_by_role("link", name="Kanaal: Dit veld is verplicht.")).to_be_visible()
    channel = page.get_by_role("group", name="Kanaal (verplicht)")
    expect(channel.locator(".error-message")).to_have_text("Fout: Dit veld is verplicht.")
    # What was typed is kept.
    expect(page.get_by_label("Datum van het contact")).to_have_value(absent_on)
    expect(page.get_by_label("Reden volgens de ouders")).to_have_value("Verslapen, zegt moeder.")
    expect(page.get_by_role("group", name="Ouders bereikt").get_by_label("Ja")).to_be_checked()

    channel.get_by_label("Telefoon").check()
    page.get_by_role("button", name="Taak afronden", exact=True).click()
    expect(page.locator(".flash--success")).to_contain_text(
        re.compile(r"^Taak afgerond: Ouders contacteren bij afwezigheid · ")
    )


def _talk_with_the_pupil(page, absent_on: str, today: str):
    _do(page, "Gesprek met de leerling bij terugkeer")
    page.get_by_label("Datum van de afwezigheid").fill(absent_on)
    page.get_by_label("Datum van terugkeer").fill(today)
    page.get_by_label("Datum van het gesprek").fill(today)
    page.get_by_label("Wat vertelt de leerling?").fill("Ze ziet op tegen de toets wiskunde.")
    page.get_by_role("button", name="Taak afronden", exact=True).click()
    expect(page.locator(".flash--success")).to_contain_text(
        re.compile(r"^Taak afgerond: Gesprek met de leerling bij terugkeer · ")
    )


def _action_plan_with_two_rows(page, today: str, deadline: str, evaluation: str):
    _do(page, "Begeleidingsplan opstellen")
    page.get_by_label("Datum van opmaak").fill(today)
    page.get_by_label("Aanspreekpunt op school").fill("An, zorgcoördinator")
    page.get_by_label("Doelen van de leerling").fill("Ik wil de toets wiskunde niet meer missen.")
    expect(page.get_by_label("Leerling akkoord")).to_have_count(0)  # no signatures: no police protocol
    first = page.locator("[data-row]").nth(0)
    first.get_by_label("Actie").fill("Elke ochtend aanmelden bij de zorgcoördinator")
    first.get_by_label("Wie").fill("Emma")
    first.get_by_label("Tegen wanneer").fill(deadline)
    page.get_by_role("button", name="Actie toevoegen").click()  # JavaScript adds the row in place
    second = page.locator("[data-row]").nth(1)
    expect(second.locator("legend")).to_have_text("Actie 2")
    second.get_by_label("Actie").fill("Wekker zetten en ontbijt klaarzetten")
    second.get_by_label("Wie").fill("Ouders")
    second.get_by_label("Tegen wanneer").fill(deadline)
    page.get_by_label("Evaluatiedatum").fill(evaluation)
    page.get_by_role("button", name="Taak afronden", exact=True).click()
    expect(page.get_by_text("Taak afgerond: Begeleidingsplan opstellen.")).to_be_visible()


def _refer_to_the_clb(page, today: str):
    _do(page, "Evaluatie en beslissing fase 1")
    help_question = page.get_by_label("Hulpvraag aan het CLB")
    expect(help_question).to_be_hidden()  # applies only to a referral (if/then)
    page.get_by_label("Datum van de evaluatie").fill(today)
    page.get_by_label("Aantal halve dagen met B-code").fill("4")
    decision = page.get_by_role("group", name="Beslissing (verplicht)")
    decision.get_by_label("Aanmelden bij het CLB (fase 2)").check()
    expect(help_question).to_be_visible()
    page.get_by_label("Motivering").fill("Ondanks het spijbelactieplan blijven de afwezigheden stijgen.")
    page.get_by_role("group", name="Redenen voor aanmelding").get_by_label(
        "De afwezigheden blijven toenemen"
    ).check()
    help_question.fill(HELP_QUESTION)
    page.get_by_role("group", name="Ouders geïnformeerd").get_by_label("Ja").check()
    page.get_by_role("group", name="Besproken met de leerling").get_by_label("Ja").check()
    page.get_by_role("button", name="Taak afronden", exact=True).click()
    expect(page.get_by_text("Taak afgerond: Evaluatie en beslissing fase 1.")).to_be_visible()
    expect(page.locator(".facts").first).to_contain_text("Fase 2")


def test_from_first_contact_to_clb_acceptance_in_the_browser(served, browser):
    page = new_page(browser, served)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login$"))
    sign_in(page, "zorg1")
    expect(page.get_by_role("heading", name="Mijn taken", exact=True)).to_be_visible()

    today = served_today(served)
    absent_on = previous_school_day(today).isoformat()
    case_id = _open_case_for_emma(page, absent_on)
    evaluation_on = add_school_days(today, 20)
    _contact_parents_with_an_error_then_corrected(page, absent_on)
    _talk_with_the_pupil(page, absent_on, today.isoformat())
    _action_plan_with_two_rows(
        page, today.isoformat(), add_school_days(today, 10).isoformat(), evaluation_on.isoformat()
    )
    # The evaluation waits for the plan's evaluation date; the scheduler opens it then.
    evaluation = page.get_by_role("link", name=re.compile(r"^Uitvoeren\W+Evaluatie en beslissing fase 1$"))
    expect(evaluation).to_have_count(0)
    assert "1 timers fired" in sweep_as_of(served, end_of_school_day(evaluation_on).isoformat())
    page.reload()
    _refer_to_the_clb(page, today.isoformat())
    expect(page.get_by_text("Geen open taken voor u: het dossier ligt nu bij het CLB.")).to_be_visible()
    assert page.console_errors == [] and csp_violations(page) == []
    sign_out(page)

    sign_in(page, "clb1")
    page.get_by_role("link", name="Aanmeldingen").click()
    referral = page.locator(".referral", has_text="Emma Peeters")
    expect(referral.locator("blockquote")).to_have_text(HELP_QUESTION)
    referral.get_by_role("link", name=re.compile("Beoordelen")).click()
    expect(page.get_by_role("heading", name="Aanmelding beoordelen")).to_be_visible()
    expect(page.locator(".referral-context blockquote")).to_have_text(HELP_QUESTION)
    reason = page.get_by_label("Reden van niet-aanvaarding")
    expect(reason).to_be_hidden()
    page.get_by_role("group", name="Aanmelding aanvaard (verplicht)").get_by_label("Ja").check()
    page.get_by_role("button", name="Taak afronden", exact=True).click()
    expect(page.get_by_text("Taak afgerond: Aanmelding beoordelen.")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/dossiers/{case_id}$"))

    # The diagram: the current task highlighted, the path so far marked.
    diagram = page.locator("#diagram")
    expect(diagram.locator('.djs-element.zp-open[data-element-id="task_clb_intake"]')).to_have_count(1)
    for done in ("task_action_plan", "task_phase1_evaluation", "task_clb_accept"):
        expect(diagram.locator(f'.djs-element.zp-done[data-element-id="{done}"]')).to_have_count(1)
    expect(diagram.locator(".zp-open")).to_have_count(1)
    page.get_by_role("link", name="Aanmeldingen").click()
    expect(page.get_by_text("Geen nieuwe aanmeldingen.")).to_be_visible()
    assert page.console_errors == [] and csp_violations(page) == []
    sign_out(page)

    sign_in(page, "zorg2")
    response = page.goto(f"/dossiers/{case_id}")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Pagina niet gevonden")).to_be_visible()
    assert page.goto(f"/dossiers/{case_id}/diagram").status == 404
    page.context.close()
