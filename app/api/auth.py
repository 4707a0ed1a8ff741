"""Login, the current user, and the bearer-token guard used by all routes."""
from functools import wraps

from flask import g, request
from flask_smorest import Blueprint

from app.api.schemas import LoginIn, LoginOut, UserOut
from app.services import auth, users
from app.services.errors import NotAuthenticated

blp = Blueprint("auth", __name__, url_prefix="/api", description="Aanmelden")
PUBLIC: list = []  # OpenAPI: no token needed (the default is bearerAuth)


def _bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated("Meld u aan: Authorization: Bearer <token> ontbreekt.")
    return token.strip()


def authenticate_request() -> None:
    g.actor = auth.authenticate(_bearer_token())


def login_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        authenticate_request()
        return view(*args, **kwargs)
    return wrapper


def guard(blueprint) -> None:
    """Every route of `blueprint` needs a valid bearer token."""
    blueprint.before_request(authenticate_request)


def actor():
    return g.actor


@blp.route("/auth/login", methods=["POST"])
@blp.doc(security=PUBLIC)
@blp.arguments(LoginIn)
@blp.response(200, LoginOut)
def login(body):
    token, user = auth.login(body["username"], body["password"])
    return {"token": token, "user": user}


@blp.route("/auth/logout", methods=["POST"])
@blp.response(204)
@login_required
def logout():
    auth.logout(_bearer_token())


@blp.route("/me")
@blp.response(200, UserOut)
@login_required
def me():
    return actor()


@blp.route("/users")
@blp.response(200, UserOut(many=True))
@login_required
def colleagues():
    """Your team (your school, or your CLB): whom a task can be assigned to."""
    return users.list_colleagues(actor())
