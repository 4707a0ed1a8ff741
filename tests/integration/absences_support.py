"""Helpers for the absence tests: fixture files, extra users and pupils, uploads."""

import io
from datetime import date
from pathlib import Path

from app.extensions import db
from app.models import Clb, Pupil, School, User, UserRole
from app.services.auth import hash_password

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "absences"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def upload(user, school_id: int, content: bytes, filename: str = "afwezigheden.csv", **form):
    return user.post(
        f"/api/schools/{school_id}/absences/import",
        data={"file": (io.BytesIO(content), filename), **form},
        content_type="multipart/form-data",
    )


def csv_rows(*rows: str) -> bytes:
    return ("external_id,date,half_day,code,note\n" + "\n".join(rows) + "\n").encode()


def add_pupil(
    app,
    school_id: int,
    external_id: str,
    first_name: str,
    birth_date=date(2011, 5, 5),
    class_name: str | None = "2A",
) -> int:
    with app.app_context():
        pupil = Pupil(
            school_id=school_id,
            external_id=external_id,
            first_name=first_name,
            last_name="Test",
            birth_date=birth_date,
            class_name=class_name,
        )
        db.session.add(pupil)
        db.session.commit()
        return pupil.id


def add_user(app, username: str, role: str, *, school_id: int | None = None, clb_id: int | None = None):
    """A user with password "demo" (the `login` fixture signs in with it)."""
    with app.app_context():
        db.session.add(
            User(
                username=username,
                full_name=username,
                password_hash=hash_password("demo"),
                role_rows=[UserRole(role=role)],
                school_id=school_id,
                clb_id=clb_id,
            )
        )
        db.session.commit()


def add_other_clb(app) -> tuple[int, int]:
    """A second CLB with a school of its own, and a CLB worker `clbx` there: (clb id, school id)."""
    with app.app_context():
        clb = Clb(name="CLB Elders")
        db.session.add(clb)
        db.session.flush()
        school = School(name="Andere school", institution_number="999999", clb_id=clb.id)
        db.session.add(school)
        db.session.commit()
        ids = clb.id, school.id
    add_user(app, "clbx", "clb_medewerker", clb_id=ids[0])
    return ids


def pupil_id(app, external_id: str) -> int:
    with app.app_context():
        return db.session.query(Pupil.id).filter_by(external_id=external_id).scalar()
