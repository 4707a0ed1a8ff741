"""Helpers for the document tests: read a .docx back with python-docx, absences, walks."""

import io

from docx import Document as Docx

from tests.integration.absences_support import csv_rows, upload
from tests.walk import CaseWalk

# Emma Peeters (L-1001) at school 1: two B half-days, a doctor's note exported as D, a late arrival.
ABSENCE_ROWS = (
    "L-1001,2026-11-16,am,B,",
    "L-1001,2026-11-16,pm,B,",
    "L-1001,2026-11-17,am,D,",
    "L-1001,2026-11-18,pm,R,",
    "L-1001,2026-11-19,am,B,Verslapen",
)
# What a user might type: Jinja syntax, XML and characters XML forbids.
# (A control character such as \x0b is refused where text comes in: app/text_checks.py.)
TRICKY = "Moeder zegt {{ 7*7 }} {% if x %}ja{% endif %} <w:t>&amp; \"x\" 'y' ]]> klaar"
CLB_SECRET = "Vermoeden van problemen thuis (CLB-notitie)"


def import_absences(login, school_id: int) -> None:
    response = upload(login("secr1"), school_id, csv_rows(*ABSENCE_ROWS))
    assert response.status_code == 200, response.get_json()


def note(login, walk, username: str, text: str, *, kind="note", visibility="shared", **extra) -> None:
    response = login(username).post(
        f"/api/cases/{walk.id}/journal",
        json={
            "kind": kind,
            "occurred_at": "2026-11-20T10:00:00+01:00",
            "text": text,
            "visibility": visibility,
            **extra,
        },
    )
    assert response.status_code == 201, response.get_json()


def documents(login, username: str, case_id: int) -> list[dict]:
    response = login(username).get(f"/api/cases/{case_id}/documents")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def latest(login, username: str, case_id: int, template: str) -> dict:
    found = [d for d in documents(login, username, case_id) if d["template"] == template]
    assert found, f"no {template} for {username}"
    return max(found, key=lambda d: d["version"])


def download(login, username: str, document_id: int, fmt: str = "docx"):
    return login(username).get(f"/api/documents/{document_id}/download?format={fmt}")


class Read:
    """A produced .docx as python-docx reads it: its paragraphs, tables, header and footer."""

    def __init__(self, content: bytes):
        self.doc = Docx(io.BytesIO(content))
        section = self.doc.sections[0]
        self.header = " ".join(p.text for p in section.header.paragraphs)
        self.footer = " ".join(p.text for p in section.footer.paragraphs)
        self.paragraphs = [p.text for p in self.doc.paragraphs]
        self.tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in self.doc.tables]

    @property
    def text(self) -> str:
        cells = [" | ".join(row) for table in self.tables for row in table]
        return "\n".join([self.header, *self.paragraphs, *cells, self.footer])

    def table(self, *header: str) -> list[list[str]]:
        """The rows under the table whose first row is `header`."""
        for table in self.tables:
            if tuple(table[0]) == header:
                return table[1:]
        raise AssertionError(f"no table with header {header}: {[t[0] for t in self.tables]}")

    def facts(self) -> dict[str, str]:
        """Label → value of every two-column facts table."""
        return {row[0]: row[1] for table in self.tables for row in table if len(row) == 2}


def fetch(login, username: str, case_id: int, template: str) -> tuple[dict, Read]:
    document = latest(login, username, case_id, template)
    response = download(login, username, document["id"])
    assert response.status_code == 200, response.get_json()
    return document, Read(response.data)


def emma(login) -> int:
    found = login("zorg1").get("/api/pupils?q=L-1001").get_json()["items"]
    assert len(found) == 1
    return found[0]["id"]


POLICE_PROTOCOL = "Spijbelprotocol PZ Gent"
# What a school under a local police protocol adds to phase 1's plan: the signatures.
SIGNED = {"pupil_agreed": True, "parents_agreed": True, "signed_on": "2026-11-24"}


def name_police_protocol(login, school_id: int, name: str | None = POLICE_PROTOCOL) -> None:
    """The school's directie names the local police protocol the school works under (or none)."""
    response = login("dir1").patch(
        f"/api/schools/{school_id}/absence-settings", json={"police_protocol": name}
    )
    assert response.status_code == 200, response.get_json()


def to_signal(login, demo, clock, *, plan: dict | None = None) -> CaseWalk:
    """Emma's case with absences imported, a journal, the plan and the signal to the CLB
    (an hour apart each), then a CLB-only note and a shared one from the CLB."""
    walk = CaseWalk(login, pupil_id=emma(login), absence_type="spijbelen")
    import_absences(login, demo["school_ids"][0])  # into the open case: its follow-ups start
    note(login, walk, "zorg1", TRICKY, kind="contact_attempt", channel="phone", outcome="Geen antwoord")
    walk.episode()
    clock.advance(hours=1)
    walk.plan(**(plan or {}))
    clock.advance(hours=1)
    walk.signal()
    note(login, walk, "clb1", CLB_SECRET, visibility="clb")
    note(login, walk, "clb1", "Gesprek met de zorgcoördinator over de aanpak.")
    return walk


def tracks(walk, *chosen: str, agodi_filed_by: str | None = None) -> None:
    """The phase-3 plan: only these tracks, no tailored offer."""
    walk.complete("task_phase3_plan", "clb1", offers=[], tracks=list(chosen), agodi_filed_by=agodi_filed_by)


def to_phase3(walk) -> None:
    walk.refer()
    walk.complete("task_clb_accept", "clb1", accepted=True)
    walk.complete("task_clb_intake", "clb1")
    walk.round_to_phase3()


def to_legal_tracks(walk) -> None:
    """From the signal: the school's police report, then phase 3 with the M-document (CLB)
    and the school's AGODI report."""
    assert walk.message("zorg1", "police_track").status_code == 200
    walk.complete("task_police_clb_advice", "clb1")  # the report waits for the CLB's advice
    walk.complete("task_police_report", "zorg1")
    to_phase3(walk)
    tracks(walk, "m_document", "agodi", agodi_filed_by="school")
    walk.complete("task_m_document", "clb1")
    walk.complete("task_agodi_report", "zorg1")
