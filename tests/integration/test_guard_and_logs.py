"""Issue 6, defects 3, 4 and 12: one login guard, a trace of every error, documented operations."""

import logging
import re

from app.guard import guard_of
from tests.integration.spec_walk import operations

FILLERS = {"int": "1", "id": "1", "path": "x", "string": "x", "default": "x"}


def _concrete(rule) -> str:
    return re.sub(
        r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", lambda m: FILLERS.get(m.group(1) or "default", "x"), rule.rule
    )


def test_every_route_but_the_public_ones_needs_a_login(app, client):
    public = guard_of(app).public
    checked = 0
    for rule in app.url_map.iter_rules():
        url = _concrete(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            if rule.endpoint in public:
                assert response.status_code != 401, (method, url)
                continue
            checked += 1
            if url.startswith("/api/"):
                assert response.status_code == 401, (method, url, response.status_code)
                assert response.headers["WWW-Authenticate"] == "Bearer"
            else:  # pages send the visitor to the login page
                assert response.status_code in (302, 303) and "/login" in response.headers["Location"], (
                    method,
                    url,
                    response.status_code,
                )
    assert checked >= 20


def test_the_public_list_is_short_and_explicit(app):
    assert guard_of(app).public >= {"auth.login", "system.health", "api-docs.openapi_json"}
    assert not {"cases.get_case", "tasks.complete", "pupils.list_pupils"} & guard_of(app).public


def test_an_unexpected_error_is_logged_with_its_traceback_and_a_request_id(login, demo, monkeypatch, caplog):
    from app.services.cases import views as cases

    def broken(actor, case_id):
        raise RuntimeError("kapot")

    monkeypatch.setattr(cases, "get_case", broken)
    with caplog.at_level(logging.INFO, logger="zorgpad"):
        response = login("zorg1").get("/api/cases/1")
    assert response.status_code == 500
    body = response.get_json()
    request_id = body["request_id"]
    assert request_id and request_id in body["message"]
    assert response.headers["X-Request-Id"] == request_id
    errors = [r for r in caplog.records if r.name == "zorgpad.errors"]
    assert len(errors) == 1 and request_id in errors[0].getMessage()
    assert errors[0].exc_info and "kapot" in str(errors[0].exc_info[1])


def test_one_line_per_request_without_pupil_data(login, demo, caplog):
    user = login("zorg1")
    pupil = user.get("/api/pupils").get_json()["items"][0]
    me = user.get("/api/me").get_json()["id"]
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="zorgpad.requests"):
        user.get("/api/pupils", query_string={"q": pupil["last_name"]})
        user.get(f"/api/pupils/{pupil['id']}")
    lines = [r.getMessage() for r in caplog.records if r.name == "zorgpad.requests"]
    assert len(lines) == 2
    assert lines[0].startswith("GET /api/pupils 200 ") and f"user={me}" in lines[0]
    assert lines[1].startswith("GET /api/pupils/<id:pupil_id> 200 ")
    assert re.search(r" \d+\.\dms ", lines[0]) and "request_id=" in lines[0]
    for line in lines:
        assert pupil["last_name"] not in line and pupil["first_name"] not in line


def test_every_operation_has_a_summary_and_a_description(client):
    spec = client.get("/api/openapi.json").get_json()
    missing = [
        (method, path)
        for method, path, op in operations(spec)
        if not op.get("summary") or not op.get("description")
    ]
    assert missing == []
