"""Upgrading a database that holds data: 0005 rebuilds tables other rows refer to
(SQLite batch mode), which must neither fail nor lose the rows."""

import json

import pytest
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app import create_app
from app.extensions import db

ROWS = [
    "INSERT INTO clbs (id, name) VALUES (1, 'CLB')",
    "INSERT INTO schools (id, name, institution_number, clb_id) VALUES (1, 'School', '1', 1)",
    "INSERT INTO users (id, username, full_name, password_hash, school_id, active) "
    "VALUES (1, 'zorg', 'Zorg', 'x', 1, 1)",
    "INSERT INTO pupils (id, school_id, external_id, first_name, last_name, birth_date) "
    "VALUES (1, 1, 'L-1', 'Emma', 'P', '2011-03-14')",
    "INSERT INTO cases (id, pupil_id, school_id, status, phase, absence_type, version, opened_at, "
    "opened_by_id) VALUES (1, 1, 1, 'open', 'fase1', 'spijbelen', 1, '2026-11-20 08:00:00', 1)",
    "INSERT INTO cases (id, pupil_id, school_id, status, phase, absence_type, version, opened_at, "
    "opened_by_id) VALUES (2, 1, 1, 'closed', 'fase2', 'spijbelen', 1, '2026-09-20 08:00:00', 1)",
    "INSERT INTO workflow_instances (id, case_id, kind, workflow_key, workflow_version, state, status, "
    "version, started_at) VALUES (1, 1, 'case', 'zorgpad_case', 1, '{}', 'running', 1, "
    "'2026-11-20 08:00:00')",
    "INSERT INTO case_tasks (id, case_id, instance_id, engine_task_id, bpmn_id, title, lane, school_id, "
    "status, created_at) VALUES (1, 1, 1, 'e1', 'task_contact_parents', 'Ouders', 'school', 1, 'open', "
    "'2026-11-20 08:00:00')",
    "INSERT INTO case_events (case_id, school_id, at, kind, what, visibility) "
    "VALUES (1, 1, '2026-11-20 08:00:00', 'case_opened', 'dossier', 'shared')",
]


def test_0005_upgrades_a_database_with_rows_in_it(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite3'}", "TESTING": True})
    with app.app_context():
        upgrade(revision="0004_instances")
        with db.engine.begin() as conn:
            for statement in ROWS:
                conn.execute(text(statement))
        upgrade(revision="0005_carepath")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0005_carepath"
            roles = conn.execute(text("SELECT parent_contact_role, pupil_talk_role FROM schools")).one()
            assert tuple(roles) == ("secretariaat", "klastitularis")
            seen = dict(conn.execute(text("SELECT id, clb_since IS NOT NULL FROM cases")).all())
            assert seen == {1: 0, 2: 1}  # a case in phase 2 was already the CLB's
            assert conn.execute(text("SELECT count(*) FROM case_tasks")).scalar() == 1
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
            # The append-only triggers came back after the rebuild of case_events.
            refused = conn.execute(
                text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'case_events'")
            ).scalar()
            assert refused == 2
        db.engine.dispose()


SIGNS_ROWS = [
    *ROWS[:4],
    "INSERT INTO school_absence_settings (school_id, thresholds, meeting_cadence, updated_at) VALUES (1, "
    '\'{"signal_b": 7, "many_z": 15, "z_with_b_min_z": 2, "allowance_b": 40, "allowance_warning_b": 35, '
    "\"police_protocol_b\": 11, \"speed_absences\": 12}', 'biweekly', '2026-11-20 08:00:00')",
    "INSERT INTO absence_registrations (pupil_id, school_id, day, half_day, code, original_code, updated_at) "
    "VALUES (1, 1, '2026-10-05', 'am', 'B', 'B', '2026-11-20 08:00:00')",
]


def test_0011_brings_stored_thresholds_within_the_law(tmp_path):
    """A school's stored thresholds keep what still holds: a signal after 5 B, the allowance's limit,
    the old Z rules and a police figure without a named protocol go; registrations are not marked."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite3'}", "TESTING": True})
    with app.app_context():
        upgrade(revision="0009_absflow")
        with db.engine.begin() as conn:
            for statement in SIGNS_ROWS:
                conn.execute(text(statement))
        upgrade(revision="0011_signs")
        with db.engine.begin() as conn:
            row = conn.execute(
                text(
                    "SELECT thresholds, meeting_cadence, police_protocol, late_becomes_b, late_becomes_b_minutes "
                    "FROM school_absence_settings"
                )
            ).one()
            assert tuple(row[1:]) == ("biweekly", None, "none", None)
            assert json.loads(row[0]) == {"speed_absences": 12}
            assert conn.execute(text("SELECT extended_holiday FROM absence_registrations")).scalar() == 0
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        with pytest.raises(IntegrityError), db.engine.begin() as conn:
            conn.execute(text("UPDATE school_absence_settings SET late_becomes_b = 'soms'"))
        db.engine.dispose()


def test_0012_gives_the_clb_lanes_deadlines_to_the_clb_and_takes_the_new_roles(tmp_path):
    """A school's own value for a name that is now the CLB's is dropped (the CLB's
    director sets it from now on); the school lane's stay; the new roles are accepted."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite3'}", "TESTING": True})
    with app.app_context():
        upgrade(revision="0009_absflow")
        with db.engine.begin() as conn:
            for statement in ROWS[:3]:
                conn.execute(text(statement))
            for name, days in (("reminder", 3), ("clb_start_reminder", 4), ("relapse_check", 25)):
                conn.execute(
                    text(
                        "INSERT INTO school_deadlines (school_id, name, school_days, updated_at, updated_by_id) "
                        "VALUES (1, :name, :days, '2026-11-20 08:00:00', 1)"
                    ),
                    {"name": name, "days": days},
                )
        upgrade(revision="0012_roles")
        with db.engine.begin() as conn:
            kept = conn.execute(text("SELECT name, school_days FROM school_deadlines")).all()
            assert [tuple(row) for row in kept] == [("reminder", 3)]
            assert conn.execute(text("SELECT count(*) FROM clb_deadlines")).scalar() == 0
            for role in ("leerlingbegeleider", "zorgleerkracht", "coordinator_spijbelbeleid"):
                conn.execute(text("INSERT INTO user_roles (user_id, role) VALUES (1, :role)"), {"role": role})
            conn.execute(text("UPDATE schools SET pupil_talk_role = 'leerlingbegeleider' WHERE id = 1"))
        with db.engine.connect() as conn, pytest.raises(IntegrityError):
            conn.execute(text("INSERT INTO user_roles (user_id, role) VALUES (1, 'spijbelaar')"))
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        db.engine.dispose()


DOCUMENT = (
    "INSERT INTO documents (id, case_id, school_id, template, side, version, template_file, template_sha256, "
    "created_at, sha256, size, content) VALUES ({id}, 1, 1, '{template}', 'school', 1, '{template}.docx', "
    "'t', '2026-11-20 08:00:00', 's', 2, X'504B')"
)


def test_0013_keeps_the_documents_and_takes_the_begeleidingsplan(tmp_path):
    """The documents table is rebuilt on SQLite for its new CHECK: its rows stay, the
    begeleidingsplan is accepted, an unknown template still refused."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite3'}", "TESTING": True})
    with app.app_context():
        upgrade(revision="0012_roles")
        with db.engine.begin() as conn:
            for statement in ROWS[:5]:
                conn.execute(text(statement))
            conn.execute(text(DOCUMENT.format(id=1, template="spijbelactieplan")))
        upgrade(revision="0013_begeleidingsplan")
        with db.engine.begin() as conn:
            conn.execute(text(DOCUMENT.format(id=2, template="begeleidingsplan")))
            kept = conn.execute(text("SELECT id, template, content FROM documents ORDER BY id")).all()
            assert [tuple(row) for row in kept] == [
                (1, "spijbelactieplan", b"PK"),
                (2, "begeleidingsplan", b"PK"),
            ]
        with db.engine.connect() as conn, pytest.raises(IntegrityError):
            conn.execute(text(DOCUMENT.format(id=3, template="brief")))
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        db.engine.dispose()
