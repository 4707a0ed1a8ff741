"""Issue 23, "prove it": every page and form of the web URL map × every user, on their own
objects and on another school's or CLB's, answers as tests/authz/web_rules.py says. A
page without a rule fails."""

import io

import pytest

from app.guard import PUBLIC_ENDPOINTS
from tests.authz import matrix
from tests.authz.rules import PUBLIC
from tests.authz.web_rules import WEB
from tests.web import WebUser

# Files that exist, for the rules with a file path.
FILES = {
    "/assets/<path:filename>": "/assets/css/zorgpad.css",
    "/vendor/<name>/<path:filename>": "/vendor/htmx/htmx.min.js",
}


def web_pages(app) -> set[tuple[str, str]]:
    return {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if not rule.rule.startswith("/api")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


@pytest.fixture(scope="module")
def web(authz):
    app, login, first, third = authz
    with app.app_context():
        persons = matrix.people(login, app.extensions["authz.demo"])
    return persons, {person.username: WebUser(app, person.username) for person in persons}


def test_every_page_has_a_rule(authz):
    pages = web_pages(authz[0])
    assert sorted(pages - WEB.keys()) == [], "pages without a rule in tests/authz/web_rules.py"
    assert not WEB.keys() - pages, "rules for pages the app no longer has"


def test_the_public_pages_are_the_guards(authz):
    app = authz[0]
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api"):
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            public = WEB[(method, rule.rule)].who == PUBLIC
            assert (rule.endpoint in PUBLIC_ENDPOINTS or rule.endpoint == "web.login") == public, rule


def _send(app, users, method, path, rule, values, username):
    user = WebUser(app, username) if path == "/logout" else users[username]
    url = FILES.get(path) or matrix.fill(path, values)
    if method == "GET":
        return user.get(url)
    body = rule.body(values) if rule.body else {}
    if rule.files:
        content, name = body.pop("file")
        data = {**body, "file": (io.BytesIO(content), name), "csrf_token": user.token}
        return user.client.post(url, data=data, content_type="multipart/form-data")
    return user.post(url, body)


@pytest.mark.parametrize(("method", "path"), list(WEB), ids=[f"{m} {p}" for m, p in WEB])
def test_page(authz, web, method, path):
    app, login, first, third = authz
    persons, users = web
    rule = WEB[(method, path)]
    wrong = []
    for person, values, allowed in matrix.cases(rule, path, persons, [first, third]):
        if path.startswith("/taken/"):
            matrix.release_tasks(app, [first, third])
        response = _send(app, users, method, path, rule, values, person.username)
        status = response.status_code
        if status == 302 and "/login" in response.location and path != "/logout":
            status = 401  # signed out: not an answer
        elif (
            status == 302
            and rule.refusal
            and rule.refusal in users[person.username].get(response.location).text
        ):
            status = 403  # refused with a message on the page it returns to
        if not matrix.verdict(rule, allowed, status):
            whose = "own" if values.school_id == person.school_id else f"school {values.school_id}"
            wrong.append(
                f"{person.username} ({person.role}, {whose}): {status}, expected "
                f"{'allowed' if allowed else 'refused'}"
            )
    assert not wrong, "\n".join(wrong)
