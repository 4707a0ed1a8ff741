"""Login, logout, the current user and the team; the bearer-token authenticator."""

from flask import g, request
from flask_smorest import Blueprint

from app.api.schemas import LoginIn, LoginOut, LongPageArgs, UserOut, envelope, page_body
from app.api.schemas.auth import MailSettings
from app.services import auth, users
from app.services.errors import NotAuthenticated

blp = Blueprint("auth", __name__, url_prefix="/api", description="Aanmelden en uw team")
PUBLIC: list = []  # OpenAPI: no token needed (the default is bearerAuth)
UserPage = envelope(UserOut, "UserPage")


def _bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated("Meld u aan: de header Authorization: Bearer <token> ontbreekt.")
    return token.strip()


def authenticate_request() -> None:
    """The API's authenticator for the app's one login guard (app/guard.py)."""
    g.actor = auth.authenticate(_bearer_token())


def actor():
    return g.actor


@blp.route("/auth/login", methods=["POST"])
@blp.doc(
    security=PUBLIC,
    summary="Aanmelden",
    description="Geeft een bearer-token (12 uur geldig) voor de header "
    "`Authorization: Bearer <token>`. Na 5 mislukte pogingen per gebruikersnaam of "
    "20 per adres binnen 15 minuten volgt 429 met `Retry-After` (seconden).",
)
@blp.arguments(LoginIn)
@blp.response(200, LoginOut)
def login(body):
    token, user = auth.login(body["username"], body["password"], request.remote_addr or "")
    return {"token": token, "user": user}


@blp.route("/auth/logout", methods=["POST"])
@blp.doc(summary="Afmelden", description="Maakt het token van dit verzoek ongeldig.")
@blp.response(204)
def logout():
    auth.logout(actor(), _bearer_token())


@blp.route("/me")
@blp.doc(summary="Wie ben ik", description="De aangemelde gebruiker, met rollen en school of CLB.")
@blp.response(200, UserOut)
def me():
    return actor()


@blp.route("/me/mail")
@blp.doc(summary="Uw e-mailvoorkeur", description="Uw adres en hoe meldingen u bereiken.")
@blp.response(200, MailSettings)
def mail_settings():
    return users.mail_settings(actor())


@blp.route("/me/mail", methods=["PUT"])
@blp.doc(
    summary="E-mailvoorkeur wijzigen",
    description="Meteen, één keer per dag of geen e-mail. 422 met `errors` per veld.",
)
@blp.arguments(MailSettings)
@blp.response(200, MailSettings)
def change_mail_settings(body):
    return users.change_mail_settings(actor(), email=body.get("email"), frequency=body["email_frequency"])


@blp.route("/users")
@blp.doc(
    summary="Uw team",
    description="Actieve collega's van uw school of uw CLB: aan wie u een taak kunt toewijzen.",
)
@blp.arguments(LongPageArgs, location="query")
@blp.response(200, UserPage)
def colleagues(args):
    items, total = users.list_colleagues(actor(), page=args["page"], per_page=args["per_page"])
    return page_body(items, total, args)
