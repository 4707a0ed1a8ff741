"""Issue 23, "prove it": what each may *read*. The world (tests/authz/world.py) plants
markers: the names of a school-1 and a school-3 pupil (each with a case signalled to
its CLB) and a CLB-only journal note in each case. A reader scans every answer they
can reach — each GET operation of the spec on both object sets and with the markers as
search words, every web page of the URL map on both sets and every page linked from
those, the documents (the .docx's text), the notifications and the e-mails made of them,
the audit for the admin, the error pages — for the markers they must never read.

A positive control first: the school reads its pupil's name, its CLB the CLB-only note,
so the scan would see them if they leaked.
"""

import io
import re
import zipfile

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Notification
from app.services.mail import digest_message, notification_message
from tests.authz import matrix
from tests.authz.rules import API, PUBLIC
from tests.authz.web_rules import WEB
from tests.web import WebUser

LINK = re.compile(r'href="(/[^"#?]*)(?:\?[^"#]*)?"')
SKIP = ("/logout", "/static/", "/assets/", "/vendor/")
MAX_PAGES = 250


def _text(response) -> str:
    """The answer as text; a .docx (or any zip) as the text of its XML parts."""
    data = response.get_data()
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return " ".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    if data[:4] == b"%PDF":
        return ""  # the PDF is made of the same .docx (tests/integration/test_documents_pdf.py)
    return data.decode("utf-8", "replace")


class Reader:
    """Everything one user reads, answer by answer."""

    def __init__(self, app, login, person, sets):
        self.app, self.person, self.sets = app, person, sets
        self.api, self.web = login(person.username), WebUser(app, person.username)
        self.read: dict[str, str] = {}

    def api_answers(self, markers):
        for (method, path), rule in API.items():
            if method != "GET" or rule.who == PUBLIC:
                continue
            for owned in self.sets:
                url = matrix.fill(
                    path, matrix.target(self.person, owned, "clb" if "/clb" in path else "school")
                )
                self.read[f"API {url}"] = _text(self.api.get(url))
                if "{" not in path:
                    for marker in markers:
                        for query in (f"q={marker}", f"q={marker[:12]}", "per_page=100"):
                            answer = self.api.get(f"{url}?{query}")
                            self.read[f"API {url}?{query}"] = _text(answer)
                    break

    def pages(self):
        queue = []
        for (method, path), rule in WEB.items():
            if method != "GET" or rule.who == PUBLIC or path.startswith(SKIP):
                continue
            for owned in self.sets:
                queue.append(matrix.fill(path, matrix.target(self.person, owned)))
        seen = set()
        while queue and len(seen) < MAX_PAGES:
            url = queue.pop(0)
            if url in seen or url.startswith(SKIP):
                continue
            seen.add(url)
            answer = self.web.get(url)
            text = _text(answer)
            self.read[f"page {url}"] = text
            if answer.mimetype == "text/html":
                queue.extend(link for link in LINK.findall(text) if link not in seen)

    def mails(self):
        with self.app.app_context():
            rows = db.session.scalars(select(Notification).where(Notification.user_id == self.person.user_id))
            for row in rows:  # decoded: an encoded body (quoted-printable) would hide a marker
                for kind, mail in (
                    ("e-mail", notification_message(self.app.config, row, "lezer@example.be")),
                    ("digest", digest_message(self.app.config, [row], "lezer@example.be")),
                ):
                    self.read[f"{kind} {row.id}"] = f"{mail['Subject']}\n{mail.get_content()}"

    def everything(self, markers) -> dict[str, str]:
        self.api_answers(markers)
        self.pages()
        self.mails()
        return self.read


def _markers(first, third):
    return [first.pupil_marker, first.clb_marker, third.pupil_marker, third.clb_marker]


def _readers(authz, usernames):
    app, login, first, third = authz
    with app.app_context():
        persons = {p.username: p for p in matrix.people(login, app.extensions["authz.demo"])}
    return [Reader(app, login, persons[name], [first, third]) for name in usernames]


# Who must never read which marker (the rest they may).
NEVER = {
    "zorg2": lambda f, t: [f.pupil_marker, f.clb_marker, t.pupil_marker, t.clb_marker],  # school 2
    "leraar2": lambda f, t: [f.pupil_marker, f.clb_marker, t.pupil_marker, t.clb_marker],
    "zorg1": lambda f, t: [f.clb_marker, t.pupil_marker, t.clb_marker],  # its CLB's note
    "leraar1": lambda f, t: [f.clb_marker, t.pupil_marker, t.clb_marker],
    "zorg3": lambda f, t: [f.pupil_marker, f.clb_marker, t.clb_marker],  # the other CLB's school
    "clb2": lambda f, t: [f.pupil_marker, f.clb_marker],  # the other CLB
    "clbarts2": lambda f, t: [f.pupil_marker, f.clb_marker],
    "admin": lambda f, t: [f.pupil_marker, f.clb_marker, t.pupil_marker, t.clb_marker],
}


@pytest.mark.parametrize("username", list(NEVER))
def test_no_marker_reaches_whom_it_must_not(authz, username):
    app, login, first, third = authz
    (reader,) = _readers(authz, [username])
    never = NEVER[username](first, third)
    read = reader.everything(_markers(first, third))
    assert len(read) > 60, sorted(read)  # the scan reached the lists, the pages, the objects
    leaks = [f"{where}: {marker}" for where, text in read.items() for marker in never if marker in text]
    assert not leaks, "\n".join(leaks[:40])


@pytest.mark.parametrize(
    ("username", "marker"), [("zorg1", "pupil_marker"), ("clb1", "clb_marker"), ("clb1", "pupil_marker")]
)
def test_the_scan_sees_a_marker_where_it_belongs(authz, username, marker):
    app, login, first, third = authz
    (reader,) = _readers(authz, [username])
    read = reader.everything(_markers(first, third))
    wanted = getattr(first, marker)
    where = [key for key, text in read.items() if wanted in text]
    assert where, f"{username} never reads {wanted}"
    if marker == "pupil_marker":  # in lists, pages and documents alike
        assert any(k.startswith("API") for k in where) and any(k.startswith("page") for k in where)
