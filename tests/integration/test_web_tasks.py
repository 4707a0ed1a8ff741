"""Work lists and task forms on the web: the same rules as the API, errors at the fields."""

import re

from tests.walk import CaseWalk, example
from tests.web import text_of


def _form_fields(data: dict) -> list[tuple[str, str]]:
    """A task's JSON data as the HTML form posts it (top-level scalars and choices)."""
    pairs = []
    for key, value in data.items():
        if isinstance(value, bool):
            pairs.append((key, "true" if value else "false"))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    pairs.append((f"{key}.{index}._row", ""))
                    pairs.extend((f"{key}.{index}.{k}", str(v)) for k, v in item.items())
                else:
                    pairs.append((key, item))
        else:
            pairs.append((key, str(value)))
    return pairs


def test_work_list_tabs_show_pupil_task_phase_due_and_who(web, login, clock):
    walk = CaseWalk(login)
    zorg1 = web("zorg1")
    page = text_of(zorg1.get("/taken?tab=group").text)
    assert "Adam El Amrani" in page and "Ouders contacteren bij afwezigheid" in page
    assert "Fase 1 · verhoogde zorg (school)" in page and "morgen" in page and "niemand (team)" in page
    assert "Geen taken" not in page
    mine = text_of(zorg1.get("/taken").text)  # "mine" is the default: the case owner's plan (issue 20)
    assert "Begeleidingsplan opstellen" in mine and "Ouders contacteren bij afwezigheid" not in mine
    clock.advance(days=1)
    zorg1.sign_in("zorg1")  # a day later: the sign-in of yesterday has expired
    assert "vandaag" in text_of(zorg1.get("/taken?tab=group").text)
    clock.advance(days=1)
    zorg1.sign_in("zorg1")
    overdue = text_of(zorg1.get("/taken?tab=overdue").text)
    assert "te laat (sinds wo 25 nov 2026)" in overdue and "Adam El Amrani" in overdue
    assert "Geen taken over hun termijn." in text_of(web("zorg2").get("/taken?tab=overdue").text)
    assert "task_absence_contact_parents" in walk.ready()


def test_claim_release_and_assign_by_form_and_by_htmx(web, login):
    walk = CaseWalk(login)
    task_id = walk.task("task_absence_contact_parents", "zorg1")["id"]
    zorg1 = web("zorg1")
    response = zorg1.post(f"/taken/{task_id}/opnemen", {"next": "/taken?tab=group"})
    assert response.status_code == 302 and response.headers["Location"] == "/taken?tab=group"
    assert "U hebt de taak opgenomen." in zorg1.get("/taken?tab=group").text
    assert "An Zorgcoördinator" in text_of(zorg1.get("/taken").text)  # now under "mine"

    htmx = {"HX-Request": "true"}
    row = zorg1.post(f"/taken/{task_id}/vrijgeven", headers=htmx)
    assert row.status_code == 200 and row.text.lstrip().startswith(f'<tr id="taak-{task_id}"')
    assert "niemand (team)" in row.text and "De taak is terug voor het team." in row.text
    secr = login("secr1").get("/api/me").get_json()["id"]
    row = zorg1.post(f"/taken/{task_id}/toewijzen", {"user_id": str(secr)}, headers=htmx)
    assert "Bart Secretariaat" in text_of(row.text)  # the school named the secretariaat for it
    # Someone else holds it now: claiming is refused, and said so in the row itself.
    row = zorg1.post(f"/taken/{task_id}/opnemen", headers=htmx)
    assert row.status_code == 200 and "intussen door iemand anders" in row.text
    assert 'role="alert"' in row.text
    refused = zorg1.post(f"/taken/{task_id}/toewijzen", {"user_id": ""}, headers=htmx)
    assert "Kies een collega" in refused.text
    dir1 = login("dir1").get("/api/me").get_json()["id"]
    refused = zorg1.post(f"/taken/{task_id}/toewijzen", {"user_id": str(dir1)}, headers=htmx)
    assert "mag deze taak niet uitvoeren" in text_of(refused.text)  # not the role the school named
    assert login("zorg1").get(f"/api/tasks/{task_id}").get_json()["assignee"]["id"] == secr


def test_a_form_with_errors_keeps_what_was_typed_then_completes(web, login):
    walk = CaseWalk(login)
    task_id = walk.task("task_absence_contact_parents", "zorg1")["id"]
    zorg1 = web("zorg1")
    page = zorg1.get(f"/taken/{task_id}").text
    assert "data-taskform" in page and 'name="contact_attempts.0._row"' in page
    typed = {
        "absence_date": "2026-11-23",
        "contact_date": "2026-11-23",
        "reached": "false",
        "medical_certificate": "none",
        "reason_given": "Regel één\r\nRegel twee",
        "contact_attempts.0._row": "",
        "contact_attempts.0.date": "2026-11-23",
        "contact_attempts.0.channel": "phone",
        "contact_attempts.0.result": "Geen antwoord",
    }
    response = zorg1.post(f"/taken/{task_id}", typed)
    assert response.status_code == 422
    html = response.text
    assert "Het formulier is niet correct ingevuld." in html
    assert '<a href="#f-channel">Kanaal: Dit veld is verplicht.</a>' in html
    assert re.search(
        r'id="f-channel-error"><p><span class="visually-hidden">Fout: </span>'
        r"Dit veld is verplicht\.</p>",
        html,
    )
    assert 'value="2026-11-23"' in html and "Regel één\nRegel twee</textarea>" in html
    assert re.search(r'name="reached" value="false"\s+checked', html)
    assert re.search(r'<option value="phone"\s+selected>', html)
    assert "task_absence_contact_parents" in walk.ready()

    response = zorg1.post(f"/taken/{task_id}", {**typed, "channel": "phone"})
    assert response.status_code == 302 and response.headers["Location"] == f"/dossiers/{walk.id}"
    done = login("zorg1").get(f"/api/tasks/{task_id}").get_json()
    assert done["status"] == "completed"
    assert done["data"] == {
        "absence_date": "2026-11-23",
        "contact_date": "2026-11-23",
        "channel": "phone",
        "reached": False,
        "medical_certificate": "none",
        "reason_given": "Regel één\nRegel twee",
        "contact_attempts": [{"date": "2026-11-23", "channel": "phone", "result": "Geen antwoord"}],
    }
    # The completed task shows its answers, read-only, with their labels.
    answers = text_of(zorg1.get(f"/taken/{task_id}").text)
    assert "Ingevulde gegevens" in answers and "Kanaal Telefoon" in answers
    assert "Ouders bereikt Nee" in answers
    assert "Taak afronden" not in answers


def test_an_unreadable_number_is_refused_and_nothing_is_saved(web, login):
    walk = CaseWalk(login)
    walk.plan()
    task_id = walk.task("task_phase1_evaluation", "zorg1")["id"]
    data = example("task_phase1_evaluation", decision="close", monitoring_until=None)
    fields = [pair for pair in _form_fields(data) if pair[0] != "b_half_days"] + [("b_half_days", "zeven")]
    response = web("zorg1").post(f"/taken/{task_id}", fields)
    assert response.status_code == 422
    assert "Aantal halve dagen met B-code: Geef een geheel getal, bv. 7." in text_of(response.text)
    assert 'value="zeven"' in response.text
    assert walk.task("task_phase1_evaluation", "zorg1")["status"] == "open"


def test_the_case_dependent_rule_answers_at_its_field(web, login, clock):
    """A rule outside JSON Schema (app/services/tasks/rules.py) lands next to its field too."""
    walk = CaseWalk(login)
    task_id = walk.task("task_action_plan", "zorg1")["id"]
    fields = _form_fields(example("task_action_plan", evaluation_date="2026-11-20"))
    response = web("zorg1").post(f"/taken/{task_id}", fields)
    assert response.status_code == 422
    page = text_of(response.text)
    assert "Evaluatiedatum:" in page and "Datum van opmaak" in page  # it names the other date
    assert 'id="f-evaluation_date-error"' in response.text
    assert "Taak afronden" in web("zorg1").get(f"/taken/{task_id}").text  # still open


def test_rows_are_added_and_removed_by_the_server_without_javascript(web, login):
    walk = CaseWalk(login)
    task_id = walk.task("task_absence_contact_parents", "zorg1")["id"]
    zorg1 = web("zorg1")
    first = {
        "contact_date": "2026-11-23",
        "contact_attempts.0._row": "",
        "contact_attempts.0.date": "2026-11-20",
        "contact_attempts.0.channel": "letter",
    }
    page = zorg1.post(f"/taken/{task_id}", {**first, "_action": "add:contact_attempts"})
    assert page.status_code == 200 and "Het formulier is niet correct" not in page.text
    assert 'name="contact_attempts.1._row"' in page.text and 'value="2026-11-20"' in page.text
    page = zorg1.post(f"/taken/{task_id}", {**first, "_action": "remove:contact_attempts.0"})
    assert 'value="2026-11-20"' not in page.text and 'name="contact_attempts.0._row"' in page.text
    assert zorg1.post(f"/taken/{task_id}", {"_action": "add:channel"}).status_code == 400
    assert "task_absence_contact_parents" in walk.ready()


def test_someone_without_the_role_sees_the_task_but_cannot_complete_it(web, login):
    walk = CaseWalk(login)
    task_id = walk.task("task_action_plan", "zorg1")["id"]
    secr1 = web("secr1")
    page = text_of(secr1.get(f"/taken/{task_id}").text)
    assert "U kunt deze taak bekijken, maar niet uitvoeren" in page and "Taak afronden" not in page
    response = secr1.post(f"/taken/{task_id}", _form_fields(example("task_action_plan")))
    assert response.status_code == 403
    assert (
        "U mag deze taak niet uitvoeren: ze is voor directie, leerlingbegeleider, zorgcoördinator."
        in text_of(response.text)
    )
    assert "task_action_plan" in walk.ready()


def test_a_task_of_another_school_or_lane_is_the_same_404_as_a_missing_one(web, login):
    walk = CaseWalk(login)
    walk.plan()
    walk.refer()
    clb_task = walk.task("task_clb_accept", "clb1")["id"]
    school_task = login("zorg1").get(f"/api/tasks?case_id={walk.id}&status=completed").get_json()["items"][0]
    for user, task_id in (("zorg1", clb_task), ("zorg2", school_task["id"])):
        missing = web(user).get("/taken/999999")
        response = web(user).get(f"/taken/{task_id}")
        assert response.status_code == missing.status_code == 404
        assert text_of(response.text) == text_of(missing.text)
        response = web(user).post(f"/taken/{task_id}/opnemen")
        assert response.status_code == 404


def test_a_form_starts_from_what_the_case_knows_marked_and_editable(web, login):
    """The absence's first day and today, from the case, in the web form as in the API's prefill."""
    from tests.integration.absences_support import upload

    school = login("secr1").get("/api/pupils?per_page=1").get_json()["items"][0]["school_id"]
    pupil = login("secr1").get("/api/pupils?per_page=100").get_json()["items"][0]
    body = "external_id,date,half_day,code,note\n" + f"{pupil['external_id']},2026-11-23,am,B,\n"
    assert upload(login("secr1"), school, body.encode()).status_code == 200
    tasks = login("secr1").get("/api/tasks?scope=group&per_page=100").get_json()["items"]
    task = next(t for t in tasks if t["bpmn_id"] == "task_absence_contact_parents")
    assert task["title"] == "Ouders contacteren bij afwezigheid · ma 23 nov vm (1 halve dag)"
    api_prefill = login("secr1").get(f"/api/tasks/{task['id']}").get_json()["prefill"]
    assert api_prefill == {"absence_date": "2026-11-23", "contact_date": "2026-11-24"}
    father = {"name": "Karim El Idrissi", "relation": "vader", "phones": ["0486/11.22.33"], "language": "fr"}
    patched = login("secr1").patch(f"/api/pupils/{pupil['id']}", json={"contacts": [father]})
    assert patched.status_code == 200, patched.get_json()
    page = web("secr1").get(f"/taken/{task['id']}").text
    shown = text_of(page)  # whom to call, in which language, beside the form
    assert "Karim El Idrissi" in shown and "0486/11.22.33" in shown and "Frans" in shown
    assert re.search(r'name="absence_date"[^>]*value="2026-11-23"', page)
    assert re.search(r'name="contact_date"[^>]*value="2026-11-24"', page)
    assert page.count("Vooraf ingevuld uit het dossier") == 2
    assert 'aria-describedby="f-absence_date-help f-absence_date-prefill"' in page or (
        'aria-describedby="f-absence_date-prefill"' in page
    )
    # Changed and sent back with an error elsewhere: the changed field is no longer "from the case".
    refused = web("secr1").post(
        f"/taken/{task['id']}", data={"absence_date": "2026-11-23", "contact_date": "2026-11-20"}
    )
    assert refused.status_code == 422
    assert refused.text.count("Vooraf ingevuld uit het dossier") == 1


def test_a_lost_race_says_who_completed_first_and_gives_back_what_was_typed(web, login):
    """Two colleagues on the same task: the second is told who won and when, sees the stored
    answers, and gets their own answers back to copy; nothing of theirs is stored."""
    walk = CaseWalk(login)
    task_id = walk.task("task_absence_contact_parents", "zorg1")["id"]
    first, second = web("zorg1"), web("secr1")
    assert first.get(f"/taken/{task_id}").status_code == 200
    assert second.get(f"/taken/{task_id}").status_code == 200
    answers = {
        "absence_date": "2026-11-23",
        "contact_date": "2026-11-24",
        "channel": "phone",
        "reached": "true",
        "medical_certificate": "none",
    }
    won = first.post(f"/taken/{task_id}", {**answers, "reason_given": "Ziek, zegt moeder"})
    assert won.status_code == 302
    lost = second.post(f"/taken/{task_id}", {**answers, "channel": "email", "reason_given": "Verslapen"})
    assert lost.status_code == 409
    shown = text_of(lost.text)
    assert "Deze taak werd intussen afgerond door An Zorgcoördinator om" in shown
    assert "uw antwoorden zijn niet bewaard" in shown
    typed = shown.split("Wat u had ingevuld")[1].split("Ingevulde gegevens")[0]
    assert "Verslapen" in typed and "E-mail" in typed
    stored = shown.split("Ingevulde gegevens")[1]
    assert "Ziek, zegt moeder" in stored and "Verslapen" not in stored
    detail = login("zorg1").get(f"/api/tasks/{task_id}").get_json()
    assert detail["status"] == "completed" and detail["data"]["reason_given"] == "Ziek, zegt moeder"
