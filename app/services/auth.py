"""Logging in and resolving bearer tokens to an Actor."""
import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from app import clock
from app.extensions import db
from app.models import ApiToken, User
from app.services.access import Actor, audit
from app.services.errors import NotAuthenticated

_hasher = PasswordHasher()
# Verified against when the username is unknown, so timing does not tell.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def login(username: str, password: str) -> tuple[str, User]:
    session = db.session
    user = session.scalar(select(User).where(User.username == username))
    now = clock.now()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
        ok = user is not None and user.active
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        audit(session, None, now, "login_failed", detail=username[:80])
        session.commit()
        raise NotAuthenticated("Onbekende gebruikersnaam of fout wachtwoord.")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    token = secrets.token_urlsafe(32)
    ttl = timedelta(hours=current_app.config["TOKEN_TTL_HOURS"])
    session.execute(delete(ApiToken).where(ApiToken.user_id == user.id, ApiToken.expires_at < now))
    session.add(ApiToken(token_hash=_digest(token), user_id=user.id, created_at=now, expires_at=now + ttl))
    audit(session, Actor.of(user), now, "login")
    session.commit()
    return token, user


def authenticate(token: str) -> Actor:
    row = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _digest(token)).options(joinedload(ApiToken.user))
    )
    if row is None or row.expires_at <= clock.now() or not row.user.active:
        raise NotAuthenticated("Niet (meer) aangemeld.")
    return Actor.of(row.user)


def logout(token: str) -> None:
    db.session.execute(delete(ApiToken).where(ApiToken.token_hash == _digest(token)))
    db.session.commit()
