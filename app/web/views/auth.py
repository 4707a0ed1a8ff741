"""Signing in and out; `/` sends each visitor where they belong."""

from flask import g, redirect, render_template, request, url_for

from app.services import auth
from app.services.errors import NotAuthenticated, TooManyAttempts
from app.web import session as web_session
from app.web.blueprint import bp
from app.web.schemas import LoginForm, form_data, load


@bp.route("/")
def index():
    # Not public: the login guard already sent an anonymous visitor to /login.
    return redirect(url_for("web.my_tasks"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_path = web_session.safe_next(request.values.get("next"), url_for("web.my_tasks"))
    if request.method in ("GET", "HEAD"):
        return render_template("login.html", next_path=next_path, errors={}, username="")
    values, errors = load(LoginForm(), form_data(request.form))
    username = (request.form.get("username") or "").strip()[:80]
    if errors:
        return render_template(
            "login.html",
            next_path=next_path,
            errors=errors,
            username=username,
            message="Vul uw gebruikersnaam en wachtwoord in.",
        ), 422
    try:
        token, _user = auth.login(values["username"], values["password"], request.remote_addr or "")
    except TooManyAttempts as refused:
        return (
            render_template(
                "login.html", next_path=next_path, errors={}, username=username, message=refused.message
            ),
            429,
            {"Retry-After": str(refused.retry_after)},
        )
    except NotAuthenticated as refused:
        return render_template(
            "login.html", next_path=next_path, errors={}, username=username, message=refused.message
        ), 200
    web_session.sign_in(token)
    return redirect(next_path)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    if request.method in ("GET", "HEAD"):
        return render_template("logout.html")
    auth.logout(g.actor, g.token)
    web_session.sign_out()
    return redirect(url_for("web.login"))
