"""Web sign-in and the pages' protections: session, CSRF, headers, 404s."""

import os
import re
import stat

from sqlalchemy import select

from app.extensions import db
from app.models import ApiToken
from app.web.security import secret_key
from tests.web import WebUser, text_of


def test_the_root_sends_visitors_to_login_and_users_to_their_tasks(app, demo):
    visitor = WebUser(app)
    response = visitor.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    user = WebUser(app, "zorg1")
    response = user.get("/", follow_redirects=True)
    assert re.search(r"<h1>Mijn taken</h1>", response.text)


def test_a_protected_page_asks_to_sign_in_and_comes_back_after(app, demo):
    visitor = WebUser(app)
    response = visitor.get("/leerlingen?q=Emma")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/leerlingen?q%3DEmma"
    response = visitor.sign_in("zorg1", next_path="/leerlingen?q=Emma")
    assert response.headers["Location"] == "/leerlingen?q=Emma"


def test_sign_in_goes_only_to_pages_of_this_site(app, demo):
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"):
        response = WebUser(app).sign_in("zorg1", next_path=target)
        assert response.headers["Location"] == "/taken", target


def test_wrong_password_and_throttling_are_told_in_dutch(app, demo):
    visitor = WebUser(app)
    response = visitor.sign_in("zorg1", "fout")
    assert response.status_code == 200
    assert "Onbekende gebruikersnaam of fout wachtwoord." in response.text
    assert 'value="zorg1"' in response.text  # the user name is kept, the password never
    for _ in range(4):
        visitor.sign_in("zorg1", "fout")
    response = visitor.sign_in("zorg1", "demo")
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert re.search(
        r"Te veel mislukte aanmeldpogingen\. Probeer opnieuw over 1[56] minuten\.", response.text
    )
    response = visitor.sign_in("", "")
    assert response.status_code == 422 and "Vul uw gebruikersnaam en wachtwoord in." in response.text


def test_every_form_post_needs_the_csrf_token(app, demo):
    visitor = WebUser(app)
    visitor.csrf()
    response = visitor.post("/login", {"username": "zorg1", "password": "demo"}, csrf=False)
    assert response.status_code == 400 and "Het formulier was verlopen" in response.text
    user = WebUser(app, "zorg1")
    response = user.post("/leerlingen/1/dossier", {"absence_type": "spijbelen"}, csrf=False)
    assert response.status_code == 400
    response = user.post("/logout", {"csrf_token": "forged"}, csrf=False)
    assert response.status_code == 400
    assert user.get("/taken").status_code == 200  # still signed in


def test_logout_ends_the_token_for_good(app, demo):
    user = WebUser(app, "zorg1")
    cookie = user.client.get_cookie("zorgpad_session").value
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(ApiToken)) == 1
    assert user.get("/logout").status_code == 200  # asks first
    response = user.post("/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(ApiToken)) == 0
    # A copy of the old cookie is worth nothing now.
    thief = WebUser(app)
    thief.client.set_cookie("zorgpad_session", cookie)
    assert thief.get("/taken").headers["Location"] == "/login?next=/taken"


def test_an_expired_token_asks_to_sign_in_again(app, demo, clock):
    user = WebUser(app, "zorg1")
    clock.advance(hours=13)
    response = user.get("/taken", follow_redirects=True)
    assert "Uw sessie is verlopen. Meld u opnieuw aan." in response.text


def test_session_cookie_flags(app, demo):
    user = WebUser(app)
    user.csrf()
    response = user.client.post(
        "/login", data={"csrf_token": user.token, "username": "zorg1", "password": "demo"}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    secure = app.test_client()
    page = secure.get("/login", base_url="https://zorgpad.test").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = secure.post(
        "/login",
        base_url="https://zorgpad.test",
        headers={"Referer": "https://zorgpad.test/login"},
        data={"csrf_token": token, "username": "zorg1", "password": "demo"},
    )
    assert response.status_code == 302 and "Secure" in response.headers["Set-Cookie"]


def test_pages_send_strict_security_headers_and_are_not_cached(app, demo):
    user = WebUser(app, "zorg1")
    for path in ("/login", "/taken", "/leerlingen", "/leerlingen/1", "/dossiers/999", "/nergens"):
        response = user.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp, path
        assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp, path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Cache-Control"] == "no-store", path
    asset = user.get("/assets/css/zorgpad.css")
    assert asset.status_code == 200 and asset.headers.get("Cache-Control") != "no-store"
    assert asset.headers["X-Content-Type-Options"] == "nosniff"
    assert user.get("/api/health").headers["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_script_or_style(app, demo):
    user = WebUser(app, "zorg1")
    user.post("/leerlingen/1/dossier", {"absence_type": "spijbelen"})
    for path in (
        "/login",
        "/taken",
        "/taken?tab=group",
        "/taken/1",
        "/dossiers/1",
        "/leerlingen",
        "/leerlingen/1",
        "/logout",
        "/nergens",
    ):
        html = user.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html), path


def test_unknown_pages_get_the_web_404_and_the_api_keeps_json(app, demo):
    user = WebUser(app, "zorg1")
    page = user.get("/bestaat-niet")
    assert page.status_code == 404 and "Pagina niet gevonden" in page.text
    assert user.get("/api/bestaat-niet").get_json()["code"] == "not_found"
    assert user.get("/vendor/onbekend/x.js").status_code == 404
    assert user.get("/vendor/htmx/../../package.json").status_code == 404


def test_front_end_packages_are_served_by_the_app(app, demo):
    visitor = WebUser(app)  # assets need no sign-in
    for path in (
        "/vendor/htmx/htmx.min.js",
        "/vendor/bpmn-js/bpmn-navigated-viewer.production.min.js",
        "/vendor/bpmn-js/assets/bpmn-js.css",
        "/assets/js/taskform.js",
    ):
        response = visitor.get(path)
        assert response.status_code == 200, path
        response.close()


def test_the_signing_key_is_made_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("ZORGPAD_SECRET_KEY", raising=False)
    first = secret_key(str(tmp_path))
    assert len(first) == 64 and secret_key(str(tmp_path)) == first
    assert stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode) == 0o600
    monkeypatch.setenv("ZORGPAD_SECRET_KEY", "from-the-environment")
    assert secret_key(str(tmp_path)) == "from-the-environment"


def test_the_header_names_the_user_and_the_menu_fits_the_role(app, demo):
    school = text_of(WebUser(app, "zorg1").get("/taken").text)
    assert "An Zorgcoördinator" in school and "Aanmeldingen" not in school
    clb = text_of(WebUser(app, "clb1").get("/taken").text)
    assert "Eva CLB-medewerker" in clb and "Signalen en aanmeldingen" in clb
