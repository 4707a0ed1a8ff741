"""The whole absence meeting in one save: every row's decision in one transaction, all or
nothing, through the page's table and the API's batch."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AbsenceMeetingItem, JournalEntry
from tests.integration.absences_support import fixture, pupil_id, upload
from tests.web import text_of


@pytest.fixture
def meeting(app, login, school1):
    """Emma: 5 B (the import opened her case); Lina: a case opened by hand. A meeting with both."""
    upload(login("secr1"), school1, fixture("absences.csv"))
    lina = login("zorg1").post(
        "/api/cases", json={"pupil_id": pupil_id(app, "L-1003"), "reason": "Knipperlicht"}
    )
    assert lina.status_code == 201, lina.get_json()
    created = login("zorg1").post(f"/api/schools/{school1}/meetings", json={"note": "november"})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    return {
        "id": body["id"],
        "url": f"/api/schools/{school1}/meetings/{body['id']}",
        "page": f"/scholen/{school1}/overleg/{body['id']}",
        "emma": pupil_id(app, "L-1001"),
        "lina": pupil_id(app, "L-1003"),
        "lina_case": lina.get_json()["id"],
    }


def stored(app, meeting_id: int) -> dict[int, tuple]:
    with app.app_context():
        items = db.session.scalars(
            select(AbsenceMeetingItem).where(AbsenceMeetingItem.meeting_id == meeting_id)
        )
        return {i.pupil_id: (i.decision, i.decision_note) for i in items}


def journal_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(JournalEntry))


def test_the_api_records_the_whole_meeting_at_once(app, login, meeting):
    rows = [
        {"pupil_id": meeting["emma"], "decision": "action_agreed", "note": "Gesprek met de ouders"},
        {"pupil_id": meeting["lina"], "decision": "discussed"},
    ]
    response = login("zorg1").post(f"{meeting['url']}/decisions/batch", json={"decisions": rows})
    assert response.status_code == 200, response.get_json()
    decided = {i["pupil"]["id"]: i["decision"] for i in response.get_json()["items"]}
    assert decided == {meeting["emma"]: "action_agreed", meeting["lina"]: "discussed"}
    assert stored(app, meeting["id"])[meeting["emma"]] == ("action_agreed", "Gesprek met de ouders")
    entries = journal_count(app)
    again = login("zorg1").post(f"{meeting['url']}/decisions/batch", json={"decisions": rows})
    assert again.status_code == 200 and journal_count(app) == entries  # unchanged rows write nothing


def test_one_refused_row_stores_nothing_and_names_the_row(app, login, meeting):
    entries = journal_count(app)
    rows = [
        {"pupil_id": meeting["lina"], "decision": "signal_clb", "note": "Signaal"},
        {"pupil_id": meeting["emma"], "decision": "return_path"},  # she has a running case
    ]
    response = login("zorg1").post(f"{meeting['url']}/decisions/batch", json={"decisions": rows})
    assert response.status_code == 409, response.get_json()
    body = response.get_json()
    assert body["message"].startswith("Regel 2 (Emma Peeters): ") and "niets bewaard" in body["message"]
    assert "decisions.1.decision" in body["errors"]
    assert stored(app, meeting["id"]) == {meeting["emma"]: (None, None), meeting["lina"]: (None, None)}
    assert journal_count(app) == entries
    assert login("clb1").get(f"/api/cases/{meeting['lina_case']}").status_code == 404  # no signal either


def test_unknown_and_repeated_pupils_are_refused_before_anything(app, login, meeting, demo):
    rows = [
        {"pupil_id": meeting["emma"], "decision": "discussed"},
        {"pupil_id": meeting["emma"], "decision": "discussed"},
        {"pupil_id": 999999, "decision": "discussed"},
    ]
    response = login("zorg1").post(f"{meeting['url']}/decisions/batch", json={"decisions": rows})
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert set(errors) == {"decisions.1.pupil_id", "decisions.2.pupil_id"}
    assert stored(app, meeting["id"])[meeting["emma"]] == (None, None)
    assert (
        login("clb1").post(f"{meeting['url']}/decisions/batch", json={"decisions": rows[:1]}).status_code
        == 403
    )


def test_the_page_saves_the_table_in_one_submit(app, web, meeting):
    zorg = web("zorg1")
    page = zorg.get(meeting["page"])
    assert page.status_code == 200
    words = text_of(page.text)
    assert "Beslist: 0 van 2" in words and "Fase 1" in words
    emma, lina = meeting["emma"], meeting["lina"]
    posted = {
        f"decision-{emma}": "signal_clb",
        f"note-{emma}": "Met CLB",
        f"decision-{lina}": "",
        f"note-{lina}": "",
    }
    saved = zorg.post(f"{meeting['page']}/beslissingen", posted)
    assert saved.status_code == 302, saved.text
    words = text_of(zorg.get(meeting["page"]).text)
    assert "1 beslissing vastgelegd, 1 in een dossier geschreven." in words and "Beslist: 1 van 2" in words
    assert stored(app, meeting["id"]) == {emma: ("signal_clb", "Met CLB"), lina: (None, None)}


def test_a_refused_row_is_shown_on_the_page_and_nothing_is_stored(app, web, meeting):
    zorg = web("zorg1")
    emma, lina = meeting["emma"], meeting["lina"]
    posted = {f"decision-{lina}": "discussed", f"decision-{emma}": "return_path", f"note-{emma}": "terug"}
    refused = zorg.post(f"{meeting['page']}/beslissingen", posted)
    assert refused.status_code == 409
    words = text_of(refused.text)
    assert "Emma Peeters: Er loopt al een dossier voor deze leerling." in words
    assert 'aria-invalid="true"' in refused.text and 'value="terug"' in refused.text  # what was typed stays
    assert stored(app, meeting["id"]) == {emma: (None, None), lina: (None, None)}
    bad = zorg.post(f"{meeting['page']}/beslissingen", {f"decision-{lina}": "later", f"note-{emma}": "x"})
    assert bad.status_code == 422 and "Kies uit" in bad.text
    note_only = zorg.post(f"{meeting['page']}/beslissingen", {f"decision-{lina}": "", f"note-{lina}": "x"})
    assert note_only.status_code == 422 and "Kies een beslissing voor Lina" in note_only.text
    assert (
        web("clb1").post(f"{meeting['page']}/beslissingen", {f"decision-{lina}": "discussed"}).status_code
        == 403
    )
    assert stored(app, meeting["id"]) == {emma: (None, None), lina: (None, None)}
