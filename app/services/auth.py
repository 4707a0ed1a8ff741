"""Signing in (with a brake on guessing), tokens, and resolving a token to an Actor."""

import hashlib
import logging
import math
import secrets
import time
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


log = logging.getLogger("zorgpad.auth")


def _hashing() -> Hashing:
    return current_app.extensions["zorgpad.hashing"]


def hash_password(password: str) -> str:
    return _hashing().hasher.hash(password)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _failures(session, now: datetime, where, limit: int) -> list[datetime]:
    window = timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])
    return list(
        session.scalars(
            select(LoginAttempt.at)
            .where(where, LoginAttempt.succeeded.is_(False), LoginAttempt.at > now - window)
            .order_by(LoginAttempt.at.desc())
            .limit(limit)
        )
    )


def _retry_after(session, now: datetime, username: str, address: str) -> int | None:
    """Seconds until a new attempt is allowed from this address, or None when it is
    allowed now. Blocked: a user name guessed from one address (so a stranger cannot
    lock the real user out from elsewhere), and an address trying many names.

    Failed attempts are counted in the database, so the limits hold across
    processes and restarts."""
    config = current_app.config
    window = timedelta(minutes=config["LOGIN_WINDOW_MINUTES"])
    waits = []
    for where, limit in (
        (
            (LoginAttempt.username == username) & (LoginAttempt.address == address),
            config["LOGIN_MAX_FAILURES_PER_USER"],
        ),
        (LoginAttempt.address == address, config["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
    ):
        failures = _failures(session, now, where, limit)
        if len(failures) >= limit:
            # Free again once the oldest of the last `limit` failures leaves the window.
            waits.append((failures[-1] + window - now).total_seconds())
    return max(1, math.ceil(max(waits))) if waits else None


def _slowdown(session, now: datetime, username: str) -> float:
    """Seconds to hold an attempt on a user name guessed from many addresses: past the
    ceiling each attempt waits longer (up to LOGIN_SLOWDOWN_MAX_SECONDS), the right
    password still gets in."""
    config = current_app.config
    ceiling = config["LOGIN_USER_CEILING"]
    failures = len(_failures(session, now, LoginAttempt.username == username, ceiling + 20))
    if failures < ceiling:
        return 0.0
    return min(config["LOGIN_SLOWDOWN_MAX_SECONDS"], 0.5 * (failures - ceiling + 1))


def login(username: str, password: str, address: str) -> tuple[str, User]:
    now = clock.now()
    key = username.strip().lower()[:80]
    with writing() as session:
        session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - timedelta(days=1)))
        wait = _retry_after(session, now, key, address)
        delay = 0.0 if wait is not None else _slowdown(session, now, key)
        if wait is not None:
            audit(session, None, now, AuditAction.LOGIN_THROTTLED, detail=f"{key} from {address}"[:500])
            log.warning("sign-in blocked for %s from %s for %d s", key, address, wait)
        elif delay:
            audit(session, None, now, AuditAction.LOGIN_THROTTLED, detail=f"{key} slowed {delay:.1f} s"[:500])
            log.warning("sign-in slowed for %s: %.1f s (guessed from many addresses)", key, delay)
    if delay:
        time.sleep(delay)  # the attempt still runs: the right password gets in
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
