"""The pupil record pages on Flask's test client: registering a pupil with a contact,
rows added and removed without JavaScript, field errors, who may edit, the roster upload."""

import io
import re

from tests.walk import CaseWalk
from tests.web import WebUser, text_of

NEW = {
    "external_id": "L-8001",
    "first_name": "Sara",
    "last_name": "De Smet",
    "birth_date": "29-02-2012",
    "class_name": "1B",
    "domicile_address": "Kerkstraat 12, 9000 Gent",
    "contacts.0._row": "",
    "contacts.0.name": "Sofie De Smet",
    "contacts.0.relation": "moeder",
    "contacts.0.phones": "0475 12 34 56\r\n09 123 45 67",
    "contacts.0.email": "sofie@example.be",
    "contacts.0.language": "nl",
    "contacts.0.parental_authority": "true",
}


def _pupil_id(response) -> int:
    return int(re.search(r"/leerlingen/(\d+)", response.headers["Location"]).group(1))


def test_register_a_pupil_with_a_contact_and_read_it_on_the_pupil_page(web):
    secr = web("secr1")
    page = secr.get("/leerlingen")
    assert "Leerling registreren" in page.text and "Leerlingenlijst inlezen" in page.text
    assert secr.get("/leerlingen/nieuw").status_code == 200
    response = secr.post("/leerlingen/nieuw", NEW)
    assert response.status_code == 302, text_of(response.text)[:2000]
    pupil = secr.get(f"/leerlingen/{_pupil_id(response)}")
    words = text_of(pupil.text)
    assert "Sofie De Smet Moeder" in words and "0475 12 34 56" in words and "Nederlands" in words
    assert "Kerkstraat 12, 9000 Gent" in words and "door Bart Secretariaat" in words
    assert 'href="tel:0475123456"' in pupil.text
    assert "Gegevens en contactpersonen wijzigen" in pupil.text


def test_rows_are_added_and_removed_by_the_server_and_errors_stay_at_their_field(web):
    secr = web("secr1")
    added = secr.post("/leerlingen/nieuw", {**NEW, "_action": "add:contacts"})
    assert added.status_code == 200
    assert 'name="contacts.1.name"' in added.text and 'value="Sofie De Smet"' in added.text
    removed = secr.post(
        "/leerlingen/nieuw",
        {**NEW, "contacts.1._row": "", "contacts.1.name": "X", "_action": "remove:contacts.0"},
    )
    assert 'value="X"' in removed.text and 'value="Sofie De Smet"' not in removed.text
    wrong = {**NEW, "contacts.0.email": "sofie.example.be", "contacts.0.phones": "12", "birth_date": ""}
    refused = secr.post("/leerlingen/nieuw", wrong)
    assert refused.status_code == 422
    assert 'id="f-contacts-0-email"' in refused.text and 'aria-invalid="true"' in refused.text
    words = text_of(refused.text)
    assert "naam@voorbeeld.be" in words and "8 tot 15 cijfers" in words and "Geboortedatum" in words
    assert "\n12</textarea>" in refused.text  # what was typed stays
    assert secr.get("/leerlingen?q=L-8001").text.count("De Smet, Sara") == 0  # nothing saved


def test_edit_keeps_the_check_of_an_unchanged_contact_and_a_duplicate_number_is_a_field_error(web, clock):
    zorg = web("zorg1")
    pupil_id = _pupil_id(zorg.post("/leerlingen/nieuw", NEW))
    form = zorg.get(f"/leerlingen/{pupil_id}/gegevens")
    assert form.status_code == 200 and "Sofie De Smet" in form.text and "09 123 45 67" in form.text
    taken = zorg.post(f"/leerlingen/{pupil_id}/gegevens", {**NEW, "external_id": "L-1001"})
    assert taken.status_code == 409 and "Dit nummer is al in gebruik." in taken.text
    edited = zorg.post(f"/leerlingen/{pupil_id}/gegevens", {**NEW, "class_name": ""})
    assert edited.status_code == 302
    page = text_of(zorg.get(f"/leerlingen/{pupil_id}").text)
    assert "Klas —" in page and "door An Zorgcoördinator" in page


def test_the_clb_reads_the_contacts_from_the_referral_but_has_no_form(app, web, login):
    emma = login("zorg1").get("/api/pupils?q=Emma").get_json()["items"][0]
    assert WebUser(app, "clb1").get(f"/leerlingen/{emma['id']}").status_code == 404
    login("zorg1").patch(
        f"/api/pupils/{emma['id']}", json={"contacts": [{"name": "Sofie Peeters", "relation": "moeder"}]}
    )
    walk = CaseWalk(login, pupil_id=emma["id"])
    walk.plan()
    walk.refer()  # the walk moves the clock: the web users sign in after it
    page = web("clb1").get(f"/leerlingen/{emma['id']}")
    assert "Sofie Peeters" in page.text and "Gegevens en contactpersonen wijzigen" not in page.text
    assert web("clb1").get(f"/leerlingen/{emma['id']}/gegevens").status_code == 403
    assert web("clb1").get("/leerlingen/nieuw").status_code == 403
    assert web("leraar1").get(f"/leerlingen/{emma['id']}/gegevens").status_code == 403


def test_the_roster_upload_page_reports_or_lists_every_problem(web, school1):
    secr = web("secr1")
    page = secr.get(f"/scholen/{school1}/leerlingen/inlezen")
    assert page.status_code == 200 and "Leerlingenlijst inlezen" in page.text
    content = (
        "sep=;\r\nLeerlingnummer;Voornaam;Naam;Geboortedatum;Klas;Contact 1 naam;Contact 1 relatie\r\n"
        "L-9001;Zoë;Müller;01/09/2012;1A;Jürgen Müller;vader\r\n"
    ).encode("cp1252")
    done = secr.post(
        f"/scholen/{school1}/leerlingen/inlezen",
        {"file": (io.BytesIO(content), "leerlingen.csv"), "format": ""},
        content_type="multipart/form-data",
    )
    assert done.status_code == 200
    words = text_of(done.text)
    assert "Nieuw 1" in words and "Niet in het bestand (4)" in words and "Peeters, Emma" in words
    broken = content.replace(b"01/09/2012", b"31/09/2012").replace(b"vader", b"nonkel")
    refused = secr.post(
        f"/scholen/{school1}/leerlingen/inlezen",
        {"file": (io.BytesIO(broken), "leerlingen.csv")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    words = text_of(refused.text)
    assert "Regel 3 (Geboortedatum)" in words and "Regel 3 (Contact 1 relatie)" in words
    assert web("leraar1").get(f"/scholen/{school1}/leerlingen/inlezen").status_code == 403


def test_the_director_downloads_everything_about_a_pupil_from_the_pupil_page(app, login):
    emma = login("zorg1").get("/api/pupils?q=L-1001").get_json()["items"][0]
    director = WebUser(app, "dir1")
    page = director.get(f"/leerlingen/{emma['id']}")
    assert "Recht op inzage" in text_of(page.text)
    link = re.search(r'href="([^"]+/export)"', page.text).group(1)
    download = director.get(link)
    assert download.status_code == 200 and download.mimetype == "application/zip"
    assert "attachment" in download.headers["Content-Disposition"] and download.data[:2] == b"PK"
    coordinator = WebUser(app, "zorg1")
    assert "Recht op inzage" not in text_of(coordinator.get(f"/leerlingen/{emma['id']}").text)
    assert coordinator.get(f"/leerlingen/{emma['id']}/export").status_code == 403
