"""“Nu evalueren” on the case page: shown only while the case waits for an
evaluation date and the user may move it forward; the POST opens the evaluation."""

import pytest
from sqlalchemy import text

from app.extensions import db
from tests.walk import CaseWalk
from tests.web import text_of

BUTTON = '<button type="submit" class="button">Nu evalueren</button>'


@pytest.fixture
def app(app):
    app.config["TOKEN_TTL_HOURS"] = 24 * 365  # the CLB walk passes the plan's date
    return app


def test_the_form_shows_the_date_and_leads_to_the_evaluation_task(web, login, clock):
    walk = CaseWalk(login)
    zorg1 = web("zorg1")
    assert BUTTON not in zorg1.get(f"/dossiers/{walk.id}").text  # the plan is not made yet
    walk.complete("task_action_plan", "zorg1")
    page = zorg1.get(f"/dossiers/{walk.id}").text
    assert BUTTON in page and "Het dossier wacht tot 17 december 2026" in text_of(page)
    for other in ("secr1", "leraar1"):  # they read the case but do not evaluate
        assert BUTTON not in web(other).get(f"/dossiers/{walk.id}").text

    clock.advance(days=2)
    zorg1 = web("zorg1")
    response = zorg1.post(f"/dossiers/{walk.id}/nu-evalueren", {"reason": "Weer twee B-codes."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/dossiers/{walk.id}#open-taken")
    page = text_of(zorg1.get(f"/dossiers/{walk.id}").text)
    assert "De evaluatie is vervroegd" in page and "Evaluatie en beslissing fase 1" in page
    assert "evaluatie vervroegd door" in page and ": Weer twee B-codes." in page
    assert "Reden: Weer twee B-codes." not in page  # said once, in the line itself
    assert BUTTON not in zorg1.get(f"/dossiers/{walk.id}").text

    again = zorg1.post(
        f"/dossiers/{walk.id}/nu-evalueren", {}, headers={"Referer": f"http://localhost/dossiers/{walk.id}"}
    )
    assert again.status_code == 302  # refused where the user was, with the reason
    assert "wacht nu niet op een evaluatiedatum" in zorg1.get(f"/dossiers/{walk.id}").text


def test_without_the_token_the_post_is_refused(web, login):
    walk = CaseWalk(login)
    walk.complete("task_action_plan", "zorg1")
    refused = web("zorg1").post(f"/dossiers/{walk.id}/nu-evalueren", {}, csrf=False)
    assert refused.status_code == 400
    assert "task_phase1_evaluation" not in walk.open_ids("zorg1")


def test_the_clb_round_shows_the_form_to_the_clb_only(web, login):
    walk = CaseWalk(login)
    walk.to_clb_guidance()
    walk.complete("task_clb_round_plan", "clb1")
    walk.complete("task_short_term", "clb1")
    assert BUTTON not in web("zorg1").get(f"/dossiers/{walk.id}").text
    clb1 = web("clb1")
    page = clb1.get(f"/dossiers/{walk.id}").text
    assert BUTTON in page and "wacht tot 29 januari 2027" in text_of(page)
    refused = web("zorg1").post(f"/dossiers/{walk.id}/nu-evalueren", {})
    assert refused.status_code == 403
    assert clb1.post(f"/dossiers/{walk.id}/nu-evalueren", {}).status_code == 302
    assert "Evaluatie einde begeleidingsronde" in text_of(clb1.get(f"/dossiers/{walk.id}").text)


def test_a_workflow_state_that_does_not_restore_leaves_the_case_page_readable(app, web, login, caplog):
    walk = CaseWalk(login)
    walk.complete("task_action_plan", "zorg1")
    with app.app_context(), db.engine.begin() as conn:  # a state cut short or damaged
        conn.execute(
            text("UPDATE workflow_instances SET state = '{}' WHERE case_id = :id AND kind = 'case'"),
            {"id": walk.id},
        )
    response = web("zorg1").get(f"/dossiers/{walk.id}")
    assert response.status_code == 200
    page = text_of(response.text)
    assert "Begeleidingsplan opstellen" in page and BUTTON not in response.text  # the rest, not the action
    assert f"case {walk.id}: its workflow state does not restore" in caplog.text
