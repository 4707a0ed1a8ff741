"""The pupil record pages in a real browser: a pupil registered and edited with a contact
(rows added in place by static/js/taskform.js), the roster upload with a file as Excel
on Windows saves it (cp1252, `sep=;`, Dutch headers). Each page: axe-core finds nothing
serious, the CSP refuses nothing, no script fails; screenshots at 1280 and 768 px."""

import re

from playwright.sync_api import expect

from tests.e2e.browser import csp_violations, new_page, screenshot, serious_violations, sign_in


def _check(page, name: str, served_on: str) -> None:
    assert serious_violations(page) == [], name
    assert csp_violations(page) == [], name
    assert page.console_errors == [], name
    if served_on == "sqlite":
        screenshot(page, name)


def test_a_pupil_registered_and_edited_with_a_contact(served, browser, request):
    served_on = request.node.callspec.params["served"]
    page = new_page(browser, served)
    sign_in(page, "secr1")
    page.get_by_role("link", name="Leerlingen", exact=True).click()
    # axe must not run while the click's navigation replaces the document
    expect(page.get_by_role("heading", name="Leerlingen", exact=True)).to_be_visible()
    _check(page, "leerlingen", served_on)
    page.get_by_role("link", name="Leerling registreren").click()
    expect(page.get_by_role("heading", name="Leerling registreren")).to_be_visible()
    _check(page, "leerling-registreren", served_on)
    page.get_by_label("Leerlingnummer").fill("L-8101")
    page.get_by_label("Voornaam").fill("Zoë")
    page.get_by_label("Familienaam").fill("Vermeulen")
    page.get_by_label("Geboortedatum").fill("2012-09-01")
    page.get_by_label("Klas").fill("1A")
    page.get_by_label("Domicilie").fill("Dorpsstraat 10 bus 2, 9050 Gentbrugge")
    first = page.locator("[data-row]").nth(0)
    first.get_by_label("Naam").fill("Fatima Vermeulen")
    first.get_by_label("Relatie").select_option("moeder")
    first.get_by_label("Telefoonnummers").fill("0470 11 22 33\n09 111 22 33")
    first.get_by_label("E-mail").fill("fatima@example")  # not an address yet
    first.get_by_label("Taal").select_option("fr")
    first.get_by_role("radio", name="Ja").check()
    page.get_by_role("button", name="Contactpersoon toevoegen").click()  # in place, with JavaScript
    expect(page.locator("[data-row]")).to_have_count(2)
    second = page.locator("[data-row]").nth(1)
    expect(second.get_by_label("Naam")).to_be_focused()
    second.get_by_label("Naam").fill("Rita Vermeulen")
    second.get_by_label("Relatie").select_option("grootouder")
    page.get_by_role("button", name="Leerling registreren").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.get_by_text(re.compile("naam@voorbeeld.be")).first).to_be_visible()
    _check(page, "leerling-registreren-fouten", served_on)
    page.locator("[data-row]").nth(0).get_by_label("E-mail").fill("fatima@example.be")
    page.get_by_role("button", name="Leerling registreren").click()
    expect(page.get_by_role("heading", name="Zoë Vermeulen")).to_be_visible()
    contacts = page.locator(".contact-list")
    expect(contacts).to_contain_text("Fatima Vermeulen")
    expect(contacts).to_contain_text("Frans")
    expect(contacts).to_contain_text("Rita Vermeulen")
    _check(page, "leerling-contacten", served_on)

    page.get_by_role("link", name="Gegevens en contactpersonen wijzigen").click()
    expect(page.get_by_role("heading", name="Gegevens van Zoë Vermeulen wijzigen")).to_be_visible()
    _check(page, "leerling-gegevens-wijzigen", served_on)
    page.locator("[data-row]").nth(1).get_by_role("button", name="Contactpersoon verwijderen").click()
    expect(page.locator("[data-row]")).to_have_count(1)
    page.locator("[data-row]").nth(0).get_by_label("Telefoonnummers").fill("0470 99 88 77")
    page.get_by_role("button", name="Gegevens bewaren").click()
    expect(page.get_by_text("De gegevens zijn bewaard.")).to_be_visible()
    expect(page.locator(".contact-list")).to_contain_text("0470 99 88 77")
    expect(page.locator(".contact-list")).not_to_contain_text("Rita Vermeulen")
    page.context.close()


def test_a_windows_roster_imported_through_the_page(served, browser, request, tmp_path):
    served_on = request.node.callspec.params["served"]
    page = new_page(browser, served)
    sign_in(page, "secr1")
    page.get_by_role("link", name="Leerlingen", exact=True).click()
    page.get_by_role("link", name="Leerlingenlijst inlezen").click()
    expect(page.get_by_role("heading", name="Leerlingenlijst inlezen")).to_be_visible()
    _check(page, "leerlingenlijst-inlezen", served_on)
    header = (
        "Leerlingnummer;Voornaam;Naam;Geboortedatum;Klas;Domicilie;Contact 1 naam;Contact 1 relatie;"
        "Contact 1 telefoon;Contact 1 taal;Contact 2 naam;Contact 2 relatie;Contact 2 telefoon"
    )
    rows = [
        "L-1001;Emma;Peeters;14/03/2011;2A;Veldstraat 3, 9000 Gent;Sofie Peeters;moeder;0475 12 34 56;nl;"
        "Tom Peeters;vader;0486 22 33 44",
        "L-9201;Zoë;Müller;01/09/2012;1A;Kouter 7, 9000 Gent;Jürgen Müller;vader;0472 33 44 55|09 333 44 55;Duits;;;",
        "L-9202;Elif;Çelik;15/05/2012;1A;;Ayşe Çelik;moeder;0478 99 88 77;Turks;;;",
    ]
    bad = tmp_path / "fout.csv"
    bad.write_bytes(
        ("sep=;\r\n" + header + "\r\n" + rows[1].replace("01/09", "31/09") + "\r\n").encode("cp1252")
    )
    page.get_by_label("Bestand").set_input_files(str(bad))
    page.get_by_role("button", name="Inlezen").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.get_by_text("Regel 3", exact=False).first).to_be_visible()
    _check(page, "leerlingenlijst-geweigerd", served_on)
    good = tmp_path / "leerlingen.csv"
    content = "sep=;\r\n" + header + "\r\n" + "\r\n".join(rows) + "\r\n"
    good.write_bytes(content.replace("Ayşe", "Ayse").encode("cp1252"))  # ş is not in cp1252
    page.get_by_label("Bestand").set_input_files(str(good))
    page.get_by_role("button", name="Inlezen").click()
    expect(page.get_by_role("heading", name="Ingelezen")).to_be_visible()
    report = page.locator(".report")
    expect(report).to_contain_text("Nieuw")
    expect(report).to_contain_text("Niet in het bestand")
    _check(page, "leerlingenlijst-verslag", served_on)
    page.get_by_label("Bestand").set_input_files(str(good))
    page.get_by_role("button", name="Inlezen").click()
    expect(page.locator(".report dd").nth(4)).to_have_text("3")  # Ongewijzigd: all three
    page.goto("/leerlingen?q=M%C3%BCller")
    page.get_by_role("link", name="Müller, Zoë").click()
    expect(page.locator(".contact-list")).to_contain_text("Jürgen Müller")
    expect(page.locator(".contact-list")).to_contain_text("09 333 44 55")
    page.context.close()
