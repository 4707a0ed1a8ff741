"""Who may see and do what: the scope and role rules in one place.

School staff see their own school; CLB staff see the schools their CLB serves;
an admin manages the installation and sees no pupil data.
"""
from dataclasses import dataclass

from sqlalchemy import false

from app.models import AuditEntry, School, User
from app.models.org import CLB_ROLES, SCHOOL_ROLES

_SCHOOL_ROLES = frozenset(SCHOOL_ROLES)
_CLB_ROLES = frozenset(CLB_ROLES)

# Default roles that may act on a lane's tasks; a form may widen or narrow
# this per task with "x-roles" (forms are data).
LANE_ROLES = {
    "school": frozenset({"zorgcoordinator", "directie"}),
    "clb": frozenset({"clb_medewerker", "clb_arts", "clb_directeur"}),
}
OPEN_CASE_ROLES = frozenset({"zorgcoordinator", "directie"})
PUPIL_WRITE_ROLES = frozenset({"zorgcoordinator", "secretariaat", "directie"})
MESSAGE_ROLES = frozenset({"zorgcoordinator", "directie", "clb_medewerker", "clb_directeur"})


@dataclass(frozen=True)
class Actor:
    user_id: int
    username: str
    full_name: str
    roles: frozenset
    school_id: int | None
    clb_id: int | None

    @classmethod
    def of(cls, user: User) -> "Actor":
        return cls(user.id, user.username, user.full_name, user.role_set, user.school_id, user.clb_id)

    @property
    def id(self) -> int:
        return self.user_id

    @property
    def lane(self) -> str | None:
        if self.school_id is not None and self.roles & _SCHOOL_ROLES:
            return "school"
        if self.clb_id is not None and self.roles & _CLB_ROLES:
            return "clb"
        return None

    @property
    def is_clb(self) -> bool:
        return self.lane == "clb"

    def has_any(self, roles) -> bool:
        return bool(self.roles & roles)


def school_scope(actor: Actor):
    """A filter on the `schools` table: the schools the actor may see."""
    if actor.lane == "school":
        return School.id == actor.school_id
    if actor.lane == "clb":
        return School.clb_id == actor.clb_id
    return false()


def visible_lanes(actor: Actor) -> tuple[str, ...]:
    """School users see school-lane tasks only; CLB users see both lanes."""
    return ("school", "clb") if actor.is_clb else ("school",)


def visible_entries(actor: Actor) -> tuple[str, ...]:
    """Journal entries and events: CLB-only ones never reach school users."""
    return ("shared", "clb") if actor.is_clb else ("shared",)


def may_act_on(actor: Actor, lane: str, form_roles: frozenset | None) -> bool:
    if actor.lane != lane:
        return False
    return actor.has_any(form_roles if form_roles is not None else LANE_ROLES[lane])


def audit(session, actor: Actor | None, at, action: str, object_type: str | None = None,
          object_id: int | None = None, detail: str | None = None) -> None:
    session.add(AuditEntry(
        at=at, user_id=actor.user_id if actor else None, action=action,
        object_type=object_type, object_id=object_id, detail=detail,
    ))
