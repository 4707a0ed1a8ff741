"""Who may see and do what: the scope and role rules in one place.

School staff see their own school; CLB staff see the schools their CLB serves;
an admin manages the installation and sees no pupil data. Within a case,
every task, journal entry and event carries the school it happened at: an
actor reads only those of the schools in their scope, so after a school change
the old school keeps its own period and the new school starts from the move.
The CLB sees a school's case only from the signal or the referral on
(`cases.clb_since`), not before.
"""

from dataclasses import dataclass

from sqlalchemy import and_, exists, false, select, true

from app.models import Case, CaseSchool, Pupil, School, User
from app.vocabulary import CLB_ROLES, SCHOOL_ROLES, Lane, Role, Visibility

# Default roles that may act on a lane's tasks; a form may widen or narrow
# this per task with "x-roles" (forms are data).
# - School: the zorgcoördinator runs phase 1, the directie leads; the
#   leerlingbegeleider "in secondary schools often runs the absence follow-up"
#   (domain.md) and so does the school's tasks of phase 1 (the police track and
#   the AGODI report narrow themselves to the first two in their forms). The
#   zorgleerkracht, the coördinator spijbelbeleid, the klastitularis and the
#   secretariaat read; they do a task only where the school names their role for it.
# - CLB: CLB workers run phase 2 and 3, their director may step in; the CLB
#   doctor does the medical steps only (their forms: "x-roles": ["clb_arts"]).
LANE_ROLES = {
    Lane.SCHOOL: frozenset({Role.ZORGCOORDINATOR, Role.DIRECTIE, Role.LEERLINGBEGELEIDER}),
    Lane.CLB: frozenset({Role.CLB_MEDEWERKER, Role.CLB_DIRECTEUR}),
}
# Opening a case by hand, starting the police track, the school's agreements on
# who does what: the school's regie (zorgcoördinator) and its directie.
OPEN_CASE_ROLES = frozenset({Role.ZORGCOORDINATOR, Role.DIRECTIE})
# Pupil records (the parents' contacts among them) and new absences signalled
# into a case: those who register and those who follow up absences.
PUPIL_WRITE_ROLES = frozenset(
    {Role.ZORGCOORDINATOR, Role.SECRETARIAAT, Role.DIRECTIE, Role.LEERLINGBEGELEIDER}
)
MESSAGE_ROLES = frozenset({Role.ZORGCOORDINATOR, Role.DIRECTIE, Role.CLB_MEDEWERKER, Role.CLB_DIRECTEUR})
# May release a task someone else holds.
LEAD_ROLES = frozenset({Role.DIRECTIE, Role.CLB_DIRECTEUR})


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
    def role_set(self) -> frozenset:
        return self.roles

    @property
    def lane(self) -> Lane | None:
        if self.school_id is not None and self.roles & SCHOOL_ROLES:
            return Lane.SCHOOL
        if self.clb_id is not None and self.roles & CLB_ROLES:
            return Lane.CLB
        return None

    @property
    def is_clb(self) -> bool:
        return self.lane == Lane.CLB

    def has_any(self, roles) -> bool:
        return bool(self.roles & roles)


def school_scope(actor: Actor):
    """A filter on the `schools` table: the schools the actor may see."""
    if actor.lane == Lane.SCHOOL:
        return School.id == actor.school_id
    if actor.lane == Lane.CLB:
        return School.clb_id == actor.clb_id
    return false()


def in_scope(school_id_column, actor: Actor):
    """A filter: `school_id_column` is one of the actor's schools."""
    return school_id_column.in_(select(School.id).where(school_scope(actor)).scalar_subquery())


def clb_may_see(case_id_column, actor: Actor):
    """A filter: for CLB staff, cases the school signalled or referred (nothing
    without a case: a pupil's follow-up below the signal floor is the school's);
    for anyone else no restriction beyond the school scope."""
    if not actor.is_clb:
        return true()
    return case_id_column.in_(select(Case.id).where(Case.clb_since.is_not(None)).scalar_subquery())


def pupil_scope(actor: Actor):
    """A filter on `pupils`: the pupils of the actor's schools; for the CLB only those
    with a case it sees (from the signal or the referral on). Before that the CLB
    reads nothing of a pupil but the absence meeting's agenda (names, counts, signs
    of the pupils discussed: app/services/absences/meetings.py)."""
    of_my_schools = Pupil.school_id.in_(select(School.id).where(school_scope(actor)).scalar_subquery())
    if not actor.is_clb:
        return of_my_schools
    signalled = exists().where(
        Case.pupil_id == Pupil.id, Case.clb_since.is_not(None), in_scope(Case.school_id, actor)
    )
    return and_(of_my_schools, signalled)


def case_in_scope(case_id_column, actor: Actor):
    """A filter: the case was at one of the actor's schools at some time (and,
    for the CLB, has been signalled or referred)."""
    return and_(
        exists().where(CaseSchool.case_id == case_id_column, in_scope(CaseSchool.school_id, actor)),
        clb_may_see(case_id_column, actor),
    )


def visible_lanes(actor: Actor) -> tuple[str, ...]:
    """School users see school-lane tasks only; CLB users see both lanes."""
    return (Lane.SCHOOL, Lane.CLB) if actor.is_clb else (Lane.SCHOOL,)


def visible_entries(actor: Actor) -> tuple[str, ...]:
    """Journal entries and events: CLB-only ones never reach school users."""
    return (Visibility.SHARED, Visibility.CLB) if actor.is_clb else (Visibility.SHARED,)


def may_open_case(actor: Actor) -> bool:
    """Opening a case is the school's step (phase 1 starts at school)."""
    return actor.lane == Lane.SCHOOL and actor.has_any(OPEN_CASE_ROLES)


def lane_roles(lane: str, form_roles: frozenset | None) -> frozenset:
    return form_roles if form_roles is not None else LANE_ROLES[Lane(lane)]


# Who may always step in on a per-absence task, whatever role the school named:
# the zorgcoördinator (the regie in phase 1) and the leerlingbegeleider (the
# absence follow-up is theirs in many secondary schools).
STEP_IN_ROLES = frozenset({Role.ZORGCOORDINATOR, Role.LEERLINGBEGELEIDER})


def school_named_roles(school: School, column: str) -> frozenset:
    """Who does a per-absence task: the role the school named for it, and those
    who may always step in (STEP_IN_ROLES)."""
    return frozenset({getattr(school, column)}) | STEP_IN_ROLES
