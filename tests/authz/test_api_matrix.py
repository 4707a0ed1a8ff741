"""Issue 23, "prove it": every operation of the OpenAPI spec × every demo user (and the
school-2 and CLB-2 colleagues the demo lacks), on their own objects and on another
school's or CLB's, answers as tests/authz/rules.py says. An operation without a rule
fails."""

import io
import re

import pytest

from app.guard import PUBLIC_ENDPOINTS
from tests.authz import matrix
from tests.authz.rules import API, PUBLIC

METHODS = ("get", "post", "put", "patch", "delete")


def spec_operations(app) -> set[tuple[str, str]]:
    spec = app.test_client().get("/api/openapi.json").get_json()
    return {(m.upper(), path) for path, item in spec["paths"].items() for m in item if m in METHODS}


@pytest.fixture(scope="module")
def persons(authz):
    app, login, first, third = authz
    with app.app_context():
        return matrix.people(login, app.extensions["authz.demo"])


def test_every_operation_of_the_spec_has_a_rule(authz):
    operations = spec_operations(authz[0])
    assert sorted(operations - API.keys()) == [], "operations without a rule in tests/authz/rules.py"
    assert not API.keys() - operations, "rules for operations the spec no longer has"


def test_the_public_operations_are_the_guards(authz):
    app = authz[0]
    adapter = app.url_map.bind("localhost")
    for (method, path), rule in API.items():
        endpoint = adapter.match(re.sub(r"\{\w+\}", "1", path), method=method)[0]
        assert (endpoint in PUBLIC_ENDPOINTS) == (rule.who == PUBLIC), (method, path, endpoint)


def _send(login, method, path, rule, values, username):
    logout = method == "POST" and path == "/api/auth/logout"  # a token of its own, not the matrix's
    user = login.fresh(username) if logout else login(username)
    url = matrix.fill(path, values)
    if rule.body is None:
        return getattr(user, method.lower())(url)
    body = rule.body(values)
    if rule.files:
        content, name = body["file"]
        return getattr(user, method.lower())(
            url, data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data"
        )
    return getattr(user, method.lower())(url, json=body)


@pytest.mark.parametrize(("method", "path"), list(API), ids=[f"{m} {p}" for m, p in API])
def test_operation(authz, persons, method, path):
    app, login, first, third = authz
    rule = API[(method, path)]
    wrong = []
    for person, values, allowed in matrix.cases(rule, path, persons, [first, third]):
        if path.startswith("/api/tasks/"):
            matrix.release_tasks(app, [first, third])
        status = _send(login, method, path, rule, values, person.username).status_code
        if not matrix.verdict(rule, allowed, status):
            whose = "own" if values.school_id == person.school_id else f"school {values.school_id}"
            wrong.append(
                f"{person.username} ({person.role}, {whose}): {status}, expected "
                f"{'allowed' if allowed else 'refused'}"
            )
    assert not wrong, "\n".join(wrong)
