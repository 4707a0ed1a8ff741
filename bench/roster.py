"""make bench (roster): a school's pupil roster of 2,000 pupils with their contacts,
imported over the API as a school would (POST /api/schools/{id}/pupils/import through
Flask, multipart, signed in as the secretariaat), on a fresh database per backend.

The file is Zorgpad's CSV as Excel on Windows saves it (cp1252, `sep=;`, Dutch
headers), each pupil with a domicile and two or three contacts (several phones).
Three imports in a row, each timed: into a school that has only the demo's
pupils (nearly all new), the same file again (all unchanged), and a file where
one pupil in ten changed (a class, a phone, a new contact). The target is under
10 s for the first. Set ZORGPAD_BENCH_POSTGRES_URL (or ZORGPAD_TEST_POSTGRES_URL)
to measure PostgreSQL too.

    python bench/roster.py [--pupils N]     JSON on stdout
"""

import argparse
import io
import json
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ZORGPAD_DEMO_MODE", "1")

from sqlalchemy import create_engine, text  # noqa: E402

PUPILS = 2_000
FIRST = [
    "Emma",
    "Noah",
    "Zoë",
    "Liam",
    "Olivia",
    "Adam",
    "Inès",
    "Milan",
    "Yasmine",
    "Lucas",
    "Élise",
    "Rayan",
]
LAST = [
    "Peeters",
    "Janssens",
    "Maes",
    "El Amrani",
    "Çelik",
    "De Smet",
    "Claes",
    "Wouters",
    "Goossens",
    "Dubois",
]
STREETS = ["Kerkstraat", "Veldstraat", "Sint-Pietersnieuwstraat", "Kouter", "Dorpsstraat", "Hoogpoort"]
HEADER = "Leerlingnummer;Voornaam;Naam;Geboortedatum;Klas;Domicilie;" + ";".join(
    f"Contact {n} naam;Contact {n} relatie;Contact {n} telefoon;Contact {n} e-mail;Contact {n} taal;"
    f"Contact {n} ouderlijk gezag"
    for n in (1, 2, 3)
)


def roster(pupils: int, changed_every: int = 0) -> bytes:
    """The file; with `changed_every`, every n-th pupil changed (class, a phone, a contact)."""
    rng = random.Random(7)
    lines = ["sep=;", HEADER]
    for i in range(pupils):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        klas = f"{1 + i % 6}{'ABCD'[i % 4]}"
        address = f"{rng.choice(STREETS)} {1 + i % 120}, 9000 Gent"
        contacts = [
            (
                f"{rng.choice(FIRST)} {last}",
                "moeder",
                f"0475 {i % 100:02d} {i % 97:02d} 11|09 234 56 78",
                f"ouder{i}@example.be",
                "nl",
                "ja",
            ),
            (f"{rng.choice(FIRST)} {last}", "vader", f"0486 {i % 100:02d} 22 33", "", "fr", "ja"),
        ]
        if i % 3 == 0:
            contacts.append(
                (f"{rng.choice(FIRST)} {rng.choice(LAST)}", "grootouder", "09 111 22 33", "", "", "")
            )
        if changed_every and i % changed_every == 0:
            klas = "7X"
            contacts[1] = (*contacts[1][:2], "0499 00 00 00", *contacts[1][3:])
            if len(contacts) < 3:
                contacts.append(("Buur Janssens", "andere", "09 999 88 77", "", "nl", ""))
        cells = [
            f"B-{i:05d}",
            first,
            last,
            f"{1 + i % 28:02d}/{1 + i % 12:02d}/{2008 + i % 10}",
            klas,
            address,
        ]
        for contact in contacts + [("",) * 6] * (3 - len(contacts)):
            cells += list(contact)
        lines.append(";".join(cells))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def _app(url: str):
    from flask_migrate import upgrade

    from app import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "DEMO_MODE": True})
    with app.app_context():
        upgrade()
        from app.services.demo import seed_demo

        seed_demo()
    return app


def bench(url: str, pupils: int) -> dict:
    app = _app(url)
    client = app.test_client()
    token = client.post("/api/auth/login", json={"username": "secr1", "password": "demo"}).get_json()["token"]
    from app.extensions import db
    from app.models import School

    with app.app_context():
        school_id = db.session.query(School.id).order_by(School.id).first()[0]
    results = {}
    files = {
        "first (new)": roster(pupils),
        "again (unchanged)": roster(pupils),
        "one in ten changed": roster(pupils, changed_every=10),
    }
    for name, content in files.items():
        start = time.perf_counter()
        response = client.post(
            f"/api/schools/{school_id}/pupils/import",
            data={"file": (io.BytesIO(content), "leerlingen.csv")},
            content_type="multipart/form-data",
            headers={"Authorization": f"Bearer {token}"},
        )
        seconds = time.perf_counter() - start
        body = response.get_json()
        if response.status_code != 200:
            raise SystemExit(f"{name}: {response.status_code} {json.dumps(body)[:2000]}")
        results[name] = {
            "seconds": round(seconds, 3),
            "bytes": len(content),
            **{
                k: body[k]
                for k in ("pupils", "created", "updated", "unchanged", "contacts", "contacts_replaced")
            },
        }
    with app.app_context():
        db.engine.dispose()
    return results


def run(pg_admin_url: str | None, pupils: int = PUPILS) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="zorgpad-roster-"))
    try:
        results = {"sqlite": bench(f"sqlite:///{tmp / 'roster.sqlite3'}", pupils)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if pg_admin_url:
        from app.config import normalise_database_url

        admin = create_engine(normalise_database_url(pg_admin_url), isolation_level="AUTOCOMMIT")
        name = f"zorgpad_roster_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            results["postgresql"] = bench(
                admin.url.set(database=name).render_as_string(hide_password=False), pupils
            )
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=PUPILS)
    args = parser.parse_args()
    pg = os.environ.get("ZORGPAD_BENCH_POSTGRES_URL") or os.environ.get("ZORGPAD_TEST_POSTGRES_URL")
    print(json.dumps(run(pg, args.pupils), indent=2))
