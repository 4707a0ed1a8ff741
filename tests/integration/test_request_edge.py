"""Issue 6, defects 2, 8 and 10: the same specific, Dutch 4xx on every database,
for every field and parameter in the OpenAPI spec."""

import pytest

from tests.integration.spec_walk import json_body_schema, operations, query_parameters, resolve

ENGLISH = (
    "Not a valid",
    "Missing data",
    "Must be",
    "Unknown field",
    "Field may not",
    "Longer than",
    "Shorter than",
    "Length must",
    "Invalid",
    "not allowed",
    "The browser",
    "Did not attempt",
)
WRONG_TYPE = {
    "string": 12345,
    "integer": "twaalf",
    "number": "twaalf",
    "boolean": "misschien",
    "array": "geen lijst",
    "object": "geen object",
}


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").get_json()


def _call(user, method, path, **kwargs):
    return getattr(user.client, method)(path, headers={"Authorization": f"Bearer {user.token}"}, **kwargs)


def _string_fields(spec, schema, prefix=""):
    """Dotted names of the string fields of a body schema; free-form objects get a probe key."""
    for name, field in resolve(spec, schema).get("properties", {}).items():
        if field.get("readOnly"):
            continue
        field = resolve(spec, field)
        path = f"{prefix}{name}"
        if field.get("type") == "string":
            yield path, {name: "a\x00b"}
        elif field.get("type") == "object" and "properties" not in field:
            yield f"{path}.notes", {name: {"notes": "a\x00b"}}


def test_a_nul_character_is_refused_in_every_string_field_and_parameter(login, spec):
    user = login("zorg1")
    checked = 0
    for method, path, operation in operations(spec):
        body_schema = json_body_schema(spec, operation)
        if body_schema is not None:
            for field, body in _string_fields(spec, body_schema):
                response = _call(user, method, path, json=body)
                assert response.status_code == 422, (method, path, field, response.get_json())
                assert field in response.get_json()["errors"], (method, path, field, response.get_json())
                checked += 1
        for parameter in query_parameters(operation):
            response = _call(user, method, f"{path}?{parameter['name']}=a%00b")
            assert response.status_code == 422, (method, path, parameter["name"])
            assert parameter["name"] in response.get_json()["errors"]
            checked += 1
    assert checked > 20  # the walk really covered the API


def test_a_nul_character_in_the_login_answers_422_before_anything_else(client, demo):
    response = client.post("/api/auth/login", json={"username": "a\x00b", "password": "demo"})
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["username"]


def test_nul_in_case_reason_and_journal_text(login, demo):
    user = login("zorg1")
    pupil = user.get("/api/pupils").get_json()["items"][0]
    opened = user.post("/api/cases", json={"pupil_id": pupil["id"], "reason": "a\x00b"})
    assert opened.status_code == 422 and "reason" in opened.get_json()["errors"]
    case = user.post("/api/cases", json={"pupil_id": pupil["id"], "reason": "Knipperlicht"}).get_json()
    note = user.post(
        f"/api/cases/{case['id']}/journal",
        json={"kind": "note", "occurred_at": "2026-11-24T08:00:00+01:00", "text": "a\x00b"},
    )
    assert note.status_code == 422 and "text" in note.get_json()["errors"]
    assert user.get(f"/api/cases/{case['id']}/journal").get_json()["total"] == 0  # nothing half-written


def test_an_unknown_query_parameter_is_named_on_every_operation(login, spec):
    user = login("clb1")
    for method, path, _operation in operations(spec):
        response = _call(user, method, f"{path}?zz_onbekend=1")
        assert response.status_code == 422, (method, path, response.status_code)
        errors = response.get_json()["errors"]
        assert "zz_onbekend" in errors and "Onbekende parameter" in errors["zz_onbekend"][0]


def test_cases_can_be_searched_by_name_and_number_and_filtered_on_overdue(app, login, clock):
    app.config["TOKEN_TTL_HOURS"] = 24 * 7  # the token outlives the clock's jump
    user = login("zorg1")
    pupils = user.get("/api/pupils").get_json()["items"]
    for pupil in pupils[:2]:
        assert (
            user.post(
                "/api/cases",
                json={"pupil_id": pupil["id"], "reason": "Knipperlicht", "first_absence_on": "2026-11-23"},
            ).status_code
            == 201
        )
    first = pupils[0]
    for q in (
        first["first_name"].lower(),
        first["last_name"].upper(),
        first["external_id"],
        f"{first['first_name']} {first['last_name'][:3]}",
    ):
        found = user.get("/api/cases", query_string={"q": q}).get_json()
        assert [c["pupil_id"] for c in found["items"]] == [first["id"]], q
    assert user.get("/api/cases?q=%25").get_json()["total"] == 0  # a typed % matches itself
    assert user.get("/api/cases?overdue=true").get_json()["total"] == 0
    clock.advance(days=3)
    assert user.get("/api/cases?overdue=true").get_json()["total"] == 2


def test_every_validation_message_is_dutch(login, spec):
    user = login("zorg1")
    seen = 0
    for method, path, operation in operations(spec):
        body_schema = json_body_schema(spec, operation)
        if body_schema is None:
            continue
        for body in (
            {},
            *(
                {name: WRONG_TYPE.get(resolve(spec, field).get("type"), 12345)}
                for name, field in body_schema.get("properties", {}).items()
            ),
            {"zz_onbekend": 1},
        ):
            response = _call(user, method, path, json=body)
            if response.status_code != 422:
                continue
            for messages in response.get_json()["errors"].values():
                for message in messages:
                    seen += 1
                    assert not any(word in message for word in ENGLISH), (method, path, body, message)
    assert seen > 30


@pytest.mark.parametrize(
    "body, field, expected",
    [
        ({"kind": "note", "occurred_at": "24/11/2026", "text": "x"}, "occurred_at", "JJJJ-MM-DD"),
        ({"kind": "note", "occurred_at": "2026-11-24T08:00:00", "text": "x"}, "occurred_at", "tijdzone"),
        ({"kind": "note", "occurred_at": "2026-11-24T08:00:00+01:00", "text": "x" * 5001}, "text", "5000"),
        (
            {"kind": "babbel", "occurred_at": "2026-11-24T08:00:00+01:00", "text": "x"},
            "kind",
            "contact_attempt",
        ),
        ({"occurred_at": "2026-11-24T08:00:00+01:00", "text": "x"}, "kind", "verplicht"),
    ],
)
def test_messages_are_specific(login, demo, body, field, expected):
    user = login("zorg1")
    pupil = user.get("/api/pupils").get_json()["items"][0]
    case = user.post("/api/cases", json={"pupil_id": pupil["id"], "reason": "Knipperlicht"}).get_json()
    response = user.post(f"/api/cases/{case['id']}/journal", json=body)
    assert response.status_code == 422
    assert any(expected in message for message in response.get_json()["errors"][field])


def test_a_birth_date_in_the_wrong_form_names_the_expected_form(login, demo):
    response = login("zorg1").post(
        "/api/pupils",
        json={"external_id": "X1", "first_name": "A", "last_name": "B", "birth_date": "14/03/2011"},
    )
    assert response.status_code == 422
    assert "JJJJ-MM-DD" in response.get_json()["errors"]["birth_date"][0]


def test_a_form_encoded_login_is_told_to_send_json(client, demo):
    response = client.post("/api/auth/login", data={"username": "zorg1", "password": "demo"})
    assert response.status_code == 415
    assert "JSON" in response.get_json()["message"]


def test_broken_json_is_answered_in_dutch(login, demo):
    user = login("zorg1")
    response = user.post("/api/cases", data="{niet: json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.get_json()["message"]
    assert not any(word in response.get_json()["message"] for word in ENGLISH)


def test_a_forbidden_task_says_which_roles_may_act(login, demo):
    from tests.walk import CaseWalk

    walk = CaseWalk(login)
    walk.plan()
    walk.refer()  # from here on the CLB sees the case
    school_task = walk.task("task_absence_pupil_talk", "zorg1")
    # The CLB cannot do school-lane work: a 403 names who may act.
    response = login("clb1").post(f"/api/tasks/{school_task['id']}/complete", json={"data": {}})
    assert response.status_code == 403
    assert response.get_json()["message"] == (
        "U mag deze taak niet uitvoeren: ze is voor klastitularis, leerlingbegeleider, zorgcoördinator."
    )


def test_one_vocabulary_for_channels_in_the_journal_and_the_forms(login, demo):
    """Issue 6, defect 12: the journal said `mail`, the forms `email`; now both say `email`."""
    import json
    from pathlib import Path

    from app.vocabulary import Channel

    user = login("zorg1")
    pupil = user.get("/api/pupils").get_json()["items"][0]
    case = user.post("/api/cases", json={"pupil_id": pupil["id"], "reason": "Knipperlicht"}).get_json()
    entry = {"kind": "contact", "occurred_at": "2026-11-24T08:00:00+01:00", "text": "Mail gestuurd"}
    accepted = user.post(f"/api/cases/{case['id']}/journal", json={**entry, "channel": "email"})
    assert accepted.status_code == 201
    refused = user.post(f"/api/cases/{case['id']}/journal", json={**entry, "channel": "mail"})
    assert refused.status_code == 422 and "email" in refused.get_json()["errors"]["channel"][0]
    forms = Path(__file__).resolve().parents[2] / "forms"
    for path in forms.glob("*.schema.json"):  # every channel question in a form uses the same codes
        text = json.loads(path.read_text(encoding="utf-8"))
        for name, prop in text.get("properties", {}).items():
            if name == "channel":
                codes = {option["const"] for option in prop.get("oneOf", [])}
                assert codes <= {c.value for c in Channel}, path.name
