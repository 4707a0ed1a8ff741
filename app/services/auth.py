"""Signing in (with a brake on guessing), tokens, and resolving a token to an Actor."""

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.orm import joinedload, selectinload

from app import clock
from app.extensions import db
from app.models import ApiToken, LoginAttempt, User
from app.services.access import Actor
from app.services.audit import audit
from app.services.errors import NotAuthenticated, TooManyAttempts
from app.services.transaction import writing
from app.vocabulary import AuditAction

WRONG_CREDENTIALS = "Onbekende gebruikersnaam of fout wachtwoord."


@dataclass(frozen=True)
class Hashing:
    hasher: PasswordHasher
    # Verified against when the user name is unknown, so timing does not tell.
    dummy_hash: str


def init_app(app) -> None:
    """The argon2 cost comes from config: strong in production, cheap in tests."""
    hasher = PasswordHasher(
        time_cost=app.config["ARGON2_TIME_COST"],
        memory_cost=app.config["ARGON2_MEMORY_COST"],
        parallelism=app.config["ARGON2_PARALLELISM"],
    )
    app.extensions["zorgpad.hashing"] = Hashing(hasher, hasher.hash("not-a-real-password"))


def _hashing() -> Hashing:
    return current_app.extensions["zorgpad.hashing"]


def hash_password(password: str) -> str:
    return _hashing().hasher.hash(password)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _retry_after(session, now: datetime, username: str, address: str) -> int | None:
    """Seconds until a new attempt is allowed, or None when it is allowed now.

    Failed attempts are counted in the database, so the limit holds across
    processes and restarts."""
    config = current_app.config
    window = timedelta(minutes=config["LOGIN_WINDOW_MINUTES"])
    waits = []
    for column, value, limit in (
        (LoginAttempt.username, username, config["LOGIN_MAX_FAILURES_PER_USER"]),
        (LoginAttempt.address, address, config["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
    ):
        failures = list(
            session.scalars(
                select(LoginAttempt.at)
                .where(column == value, LoginAttempt.succeeded.is_(False), LoginAttempt.at > now - window)
                .order_by(LoginAttempt.at.desc())
                .limit(limit)
            )
        )
        if len(failures) >= limit:
            # Free again once the oldest of the last `limit` failures leaves the window.
            waits.append((failures[-1] + window - now).total_seconds())
    return max(1, math.ceil(max(waits))) if waits else None


def login(username: str, password: str, address: str) -> tuple[str, User]:
    now = clock.now()
    key = username.strip().lower()[:80]
    with writing() as session:
        session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - timedelta(days=1)))
        wait = _retry_after(session, now, key, address)
        if wait is not None:
            audit(session, None, now, AuditAction.LOGIN_THROTTLED, detail=key)
    if wait is not None:
        raise TooManyAttempts(
            f"Te veel mislukte aanmeldpogingen. Probeer opnieuw over {(wait + 59) // 60} minuten.",
            retry_after=wait,
        )

    hashing = _hashing()
    user = db.session.scalar(
        select(User).where(func.lower(User.username) == key).options(selectinload(User.role_rows))
    )
    signed_in: User | None  # the user, if the password was theirs and they are active
    try:
        hashing.hasher.verify(user.password_hash if user else hashing.dummy_hash, password)
        signed_in = user if user is not None and user.active else None
    except (VerificationError, InvalidHashError):
        signed_in = None
    with writing() as session:
        session.add(LoginAttempt(at=now, username=key, address=address[:64], succeeded=signed_in is not None))
        if signed_in is None:
            audit(session, None, now, AuditAction.LOGIN_FAILED, detail=key)
        else:
            if hashing.hasher.check_needs_rehash(signed_in.password_hash):
                signed_in.password_hash = hashing.hasher.hash(password)
            token = secrets.token_urlsafe(32)
            ttl = timedelta(hours=current_app.config["TOKEN_TTL_HOURS"])
            session.execute(
                delete(ApiToken).where(ApiToken.user_id == signed_in.id, ApiToken.expires_at < now)
            )
            session.add(
                ApiToken(
                    token_hash=_digest(token), user_id=signed_in.id, created_at=now, expires_at=now + ttl
                )
            )
            audit(session, Actor.of(signed_in), now, AuditAction.LOGIN)
    if signed_in is None:
        raise NotAuthenticated(WRONG_CREDENTIALS)
    return token, signed_in


def authenticate(token: str) -> Actor:
    row = db.session.scalar(
        select(ApiToken)
        .where(ApiToken.token_hash == _digest(token))
        .options(joinedload(ApiToken.user).joinedload(User.role_rows))
    )
    if row is None or row.expires_at <= clock.now() or not row.user.active:
        raise NotAuthenticated("Niet (meer) aangemeld: meld u opnieuw aan.")
    return Actor.of(row.user)


def logout(actor: Actor, token: str) -> None:
    with writing() as session:
        session.execute(delete(ApiToken).where(ApiToken.token_hash == _digest(token)))
        audit(session, actor, clock.now(), AuditAction.LOGOUT)
