"""Bad input gets a specific 4xx in the common error shape, never a 500."""

import pytest

from tests.walk import CaseWalk

HUGE = 10**30


def _shape(response):
    body = response.get_json()
    assert set(body) == {"code", "message", "errors"}
    return body


def test_malformed_json_is_400(client, demo):
    response = client.post("/api/auth/login", data="{not json", content_type="application/json")
    assert response.status_code == 400 and _shape(response)["code"] == "bad_request"


def test_a_json_array_instead_of_an_object_is_422(client, demo):
    response = client.post("/api/auth/login", json=["zorg1", "demo"])
    assert response.status_code == 422 and _shape(response)["code"] == "validation_failed"


@pytest.mark.parametrize(
    "path",
    [
        f"/api/cases/{HUGE}",
        f"/api/pupils/{HUGE}",
        f"/api/tasks/{HUGE}",
        "/api/cases/0",
        f"/api/cases/{HUGE}/events",
        "/api/nothing-here",
    ],
)
def test_unknown_or_impossible_ids_in_the_path_are_404(login, path):
    response = login("zorg1").get(path)
    assert response.status_code == 404 and _shape(response)["code"] == "not_found"


def test_impossible_ids_in_bodies_and_queries_are_field_errors(login):
    user = login("zorg1")
    response = user.post("/api/cases", json={"pupil_id": HUGE, "reason": "Knipperlicht"})
    assert response.status_code == 422 and "pupil_id" in _shape(response)["errors"]
    response = user.get(f"/api/tasks?case_id={HUGE}&page={HUGE}")
    assert response.status_code == 422 and {"case_id", "page"} <= set(_shape(response)["errors"])
    walk = CaseWalk(login)
    response = user.post(
        f"/api/cases/{walk.id}/messages", json={"name": "school_change", "data": {"new_school_id": HUGE}}
    )
    assert response.status_code == 422 and "new_school_id" in _shape(response)["errors"]


def test_wrong_method_is_405(login):
    response = login("zorg1").client.delete("/api/cases")
    assert response.status_code == 405 and _shape(response)["code"] == "method_not_allowed"
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_pupil_names_must_be_printable_and_a_patch_must_change_something(login):
    user = login("zorg1")
    pupil = user.get("/api/pupils").get_json()["items"][0]
    response = user.patch(f"/api/pupils/{pupil['id']}", json={"last_name": "\u0013", "first_name": "Ann"})
    assert response.status_code == 422 and set(_shape(response)["errors"]) == {"last_name"}  # at the edge
    response = user.patch(f"/api/pupils/{pupil['id']}", json={"last_name": "Peeters", "first_name": "  "})
    assert response.status_code == 422 and set(_shape(response)["errors"]) == {"first_name"}
    empty = user.patch(f"/api/pupils/{pupil['id']}", json={})
    assert empty.status_code == 422 and _shape(empty)["errors"]
    shown = user.get(f"/api/pupils/{pupil['id']}").get_json()
    assert {k: v for k, v in shown.items() if k in pupil} == pupil  # nothing changed
