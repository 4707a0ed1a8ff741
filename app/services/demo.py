"""Demo data: two CLBs (one serving two schools, one serving a third), a few
pupils, the README's users, so a school change between two CLBs can be walked.

Idempotent: running it twice changes nothing. Records are recognised by who
they are, not where they are: a demo pupil who changed school in the demo is
the same pupil, not a new one in the old school. Passwords are "demo", so it
refuses to run unless DEMO_MODE is on.
"""

from datetime import date

from flask import current_app
from sqlalchemy import select

from app import clock
from app.extensions import db
from app.models import Clb, Pupil, PupilContact, School, User, UserRole
from app.services.auth import hash_password
from app.services.transaction import writing
from app.services.workflows import sync_from_disk

CLB_NAME = "CLB Demo Regio Gent"
CLB2_NAME = "CLB Demo Regio Antwerpen"
# name, institution number, index of its CLB
SCHOOLS = [
    ("Sint-Jozefscollege (demo)", "100001", 0),
    ("Atheneum De Linde (demo)", "100002", 0),
    ("Sint-Lievensinstituut (demo)", "200003", 1),
]
PUPILS = {
    0: [
        ("L-1001", "Emma", "Peeters", date(2011, 3, 14), "2A"),
        ("L-1002", "Noah", "Janssens", date(2010, 11, 2), "3B"),
        ("L-1003", "Lina", "Maes", date(2012, 6, 21), "1A"),
        ("L-1004", "Adam", "El Amrani", date(2009, 1, 30), "4TSO"),
    ],
    1: [
        ("S-2001", "Mila", "Claes", date(2011, 9, 5), "2B"),
        ("S-2002", "Lucas", "Wouters", date(2010, 4, 18), "3A"),
        ("S-2003", "Yasmine", "Goossens", date(2012, 12, 1), "1B"),
    ],
    2: [("A-3001", "Ruben", "Verhoeven", date(2011, 7, 8), "2C")],
}
# username, full name, roles, school index or ("clb", CLB index) or None
USERS = [
    ("zorg1", "An Zorgcoördinator", "zorgcoordinator", 0),
    ("secr1", "Bart Secretariaat", "secretariaat", 0),
    ("dir1", "Carla Directeur", "directie", 0),
    ("leraar1", "Hanne Klastitularis", "klastitularis", 0),
    ("llb1", "Kato Leerlingbegeleider", "leerlingbegeleider", 0),
    ("zorgl1", "Lotte Zorgleerkracht", "zorgleerkracht", 0),
    ("spijb1", "Mehdi Coördinator spijbelbeleid", "coordinator_spijbelbeleid", 0),
    ("zorg2", "Dirk Zorgcoördinator", "zorgcoordinator", 1),
    ("zorg3", "Ilse Zorgcoördinator", "zorgcoordinator", 2),
    ("clb1", "Eva CLB-medewerker", "clb_medewerker", ("clb", 0)),
    ("clbarts1", "Frank CLB-arts", "clb_arts", ("clb", 0)),
    ("clbdir1", "Greet CLB-directeur", "clb_directeur", ("clb", 0)),
    ("clb2", "Jan CLB-medewerker", "clb_medewerker", ("clb", 1)),
    ("admin", "Beheerder", "admin", None),
]


class DemoModeOff(RuntimeError):
    pass


def _get_or_add(model, lookup: dict, **values):
    row = db.session.scalar(select(model).filter_by(**lookup))
    if row is None:
        row = model(**lookup, **values)
        db.session.add(row)
        db.session.flush()
    return row


# Whom to call, as the school's file has them (checked today, by the file: no user).
Family = tuple[str, list[tuple[str, str, list[str], str | None, str]]]
FAMILIES: dict[str, Family] = {
    "L-1001": (
        "Veldstraat 3, 9000 Gent",
        [
            ("Sofie Peeters", "moeder", ["0475 12 34 56"], "sofie.peeters@example.be", "nl"),
            ("Tom Peeters", "vader", ["0486 98 76 54"], None, "nl"),
        ],
    ),
    "L-1002": (
        "Kortrijksesteenweg 120, 9000 Gent",
        [("Els Janssens", "moeder", ["0477 22 33 44"], None, "nl")],
    ),
    "L-1003": (
        "Dorpsstraat 10 bus 2, 9050 Gentbrugge",
        [("Ann Maes", "moeder", ["09 111 22 33"], None, "nl")],
    ),
    "L-1004": (
        "Sleepstraat 55, 9000 Gent",
        [("Karim El Amrani", "vader", ["0488 55 66 77"], "karim.elamrani@example.be", "fr")],
    ),
    "S-2001": ("Grote Markt 4, 9100 Sint-Niklaas", [("Greet Claes", "voogd", ["03 777 88 99"], None, "nl")]),
}


def _add_family(pupil: Pupil, external_id: str) -> None:
    """The demo pupil's domicile and parents, once (a later seed keeps what was edited)."""
    family = FAMILIES.get(external_id)
    if family is None or pupil.contacts or pupil.domicile_address:
        return
    today = clock.today()
    pupil.domicile_address, pupil.domicile_checked_on = family[0], today
    for position, (name, relation, phones, email, language) in enumerate(family[1]):
        pupil.contacts.append(
            PupilContact(
                position=position,
                name=name,
                relation=relation,
                phones=phones,
                email=email,
                language=language,
                parental_authority=True,
                checked_on=today,
            )
        )


def seed_demo() -> dict:
    if not current_app.config["DEMO_MODE"]:
        raise DemoModeOff("seed-demo needs ZORGPAD_DEMO_MODE=1 (demo passwords are public)")
    with writing():
        clbs = [_get_or_add(Clb, {"name": name}) for name in (CLB_NAME, CLB2_NAME)]
        schools = [
            _get_or_add(School, {"institution_number": number}, name=name, clb_id=clbs[clb].id)
            for name, number, clb in SCHOOLS
        ]
        for index, pupils in PUPILS.items():
            for external_id, first, last, born, klas in pupils:
                # Identity: the person (name and birth date), wherever they are now.
                pupil = _get_or_add(
                    Pupil,
                    {"first_name": first, "last_name": last, "birth_date": born},
                    school_id=schools[index].id,
                    external_id=external_id,
                    class_name=klas,
                )
                _add_family(pupil, external_id)
        password_hash = None
        for username, full_name, roles, where in USERS:
            if db.session.scalar(select(User.id).where(User.username == username)):
                continue
            password_hash = password_hash or hash_password("demo")
            db.session.add(
                User(
                    username=username,
                    full_name=full_name,
                    password_hash=password_hash,
                    # Demo addresses: `make run` writes the mails to the log (MAIL_BACKEND=log).
                    email=f"{username}@demo.zorgpad.test",
                    role_rows=[UserRole(role=role) for role in roles.split()],
                    school_id=schools[where].id if isinstance(where, int) else None,
                    clb_id=clbs[where[1]].id if isinstance(where, tuple) else None,
                )
            )
    sync_from_disk()
    return {"clb_id": clbs[0].id, "clb_ids": [c.id for c in clbs], "school_ids": [s.id for s in schools]}
