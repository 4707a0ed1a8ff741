"""The absence pages: upload with its report, the pupil's chart and signs, the school overview,
running the absence meeting; scoped and with CSRF like every form."""

import io
import json
import re

from sqlalchemy import select

from app.extensions import db
from app.models import Case
from tests.integration.absences_support import fixture, pupil_id
from tests.web import text_of


def case_of(app, pupil: int) -> int:
    with app.app_context():
        return db.session.scalar(select(Case.id).where(Case.pupil_id == pupil))


def school_of(web, username="zorg1") -> int:
    page = web(username).get("/afwezigheden")
    assert page.status_code == 302, page.text
    return int(re.search(r"/scholen/(\d+)/afwezigheden", page.headers["Location"]).group(1))


def upload(user, school_id: int, content: bytes, name="afwezigheden.csv", **form):
    return user.post(
        f"/scholen/{school_id}/afwezigheden/inlezen",
        {"file": (io.BytesIO(content), name), **form},
        content_type="multipart/form-data",
    )


def test_the_secretariat_uploads_a_file_and_reads_the_report(app, web):
    school = school_of(web, "secr1")
    secr = web("secr1")
    form = secr.get(f"/scholen/{school}/afwezigheden/inlezen")
    assert form.status_code == 200 and 'for="i-file"' in form.text and 'for="i-format"' in form.text
    report = upload(secr, school, fixture("absences.csv"))
    assert report.status_code == 200, report.text
    words = text_of(report.text)
    assert "Halve dagen in het bestand 10" in words and "Nieuw 10" in words
    # Emma's recent absence and Lina's unannounced half-day of this morning.
    assert "2 opvolgingen gestart" in words and "2 oudere afwezigheden enkel geteld" in words
    assert "1 leerling onder de signaaldrempel: opgevolgd zonder dossier" in words
    assert "Geopende dossiers (signaaldrempel bereikt) (1)" in words and "Emma Peeters" in words
    assert "signaal nodig" in words
    assert re.search(r'href="/dossiers/\d+">Emma Peeters', report.text)
    again = text_of(upload(secr, school, fixture("absences.csv")).text)
    assert "Ongewijzigd 10" in again and "0 opvolgingen gestart" in again


def test_a_bad_file_lists_every_problem_by_line_and_imports_nothing(app, web):
    school = school_of(web, "secr1")
    refused = upload(web("secr1"), school, fixture("errors.csv"))
    assert refused.status_code == 422
    words = text_of(refused.text)
    assert "er werd niets gewijzigd" in words
    assert [int(n) for n in re.findall(r"Regel (\d+)", words)] == [3, 4, 5, 6, 7, 8, 10]
    missing = web("secr1").post(
        f"/scholen/{school}/afwezigheden/inlezen", {"format": "csv"}, content_type="multipart/form-data"
    )
    assert missing.status_code == 422 and "Kies het bestand" in missing.text
    no_token = web("secr1").post(
        f"/scholen/{school}/afwezigheden/inlezen",
        {"file": (io.BytesIO(fixture("absences.csv")), "a.csv")},
        csrf=False,
        content_type="multipart/form-data",
    )
    assert no_token.status_code == 400


def test_who_may_upload_and_who_sees_the_pages(app, web, demo):
    school = school_of(web)
    assert upload(web("leraar1"), school, fixture("absences.csv")).status_code == 403
    other = demo["school_ids"][1]
    assert web("zorg1").get(f"/scholen/{other}/afwezigheden").status_code == 404
    assert web("zorg1").get(f"/scholen/{other}/overleg").status_code == 404
    assert web("clb1").get(f"/scholen/{school}/afwezigheden").status_code == 200
    assert "Afwezigheden inlezen" not in web("clb1").get(f"/scholen/{school}/afwezigheden").text
    chooser = web("clb1").get("/afwezigheden")
    assert chooser.status_code == 200 and f"/scholen/{school}/afwezigheden" in chooser.text


def charts_of(html: str) -> dict:
    """{title: chart spec} of every chart on the page (as the browser's script reads them)."""
    found = {}
    for spec in re.findall(r'data-chart="([^"]+)"', html):
        data = json.loads(
            spec.replace("&#34;", '"').replace("&quot;", '"').replace("&amp;", "&").replace("&#39;", "'")
        )
        found[data["title"]] = data
    return found


def test_the_pupil_page_shows_the_absences_per_month_and_the_signs(app, web):
    school = school_of(web, "secr1")
    upload(web("secr1"), school, fixture("absences.csv"))
    emma = pupil_id(app, "L-1001")
    page = web("zorg1").get(f"/leerlingen/{emma}")
    assert page.status_code == 200
    words = text_of(page.text)
    assert "B: problematisch 5" in words and "ook vorige school" not in words
    assert "5 halve dagen met B-code in schooljaar 2026-2027 → signaal aan het CLB." in words
    assert "Bron:" in words and "Cijfers: halve dagen met B-code 5" in words
    chart = charts_of(page.text)["Afwezigheden per maand en code, schooljaar 2026-2027"]
    assert chart["labels"][:3] == ["sep 2026", "okt 2026", "nov 2026"]
    assert chart["datasets"] == [{"code": "B", "label": "B: problematisch", "data": [2, 1, 2] + [0] * 9}]
    # The same figures as a table, for screen readers and without JavaScript.
    assert re.search(r"<th scope=\"row\">sep 2026</th><td>2</td>", page.text)
    assert "vendor/chart.js/chart.umd.min.js" in page.text


def test_the_case_page_shows_the_signal_due_and_the_signs(app, web, login):
    school = school_of(web, "secr1")
    upload(web("secr1"), school, fixture("absences.csv"))
    case_id = case_of(app, pupil_id(app, "L-1001"))
    words = text_of(web("zorg1").get(f"/dossiers/{case_id}").text)
    assert "Signaal aan het CLB nodig." in words and "5 halve dagen met B-code dit schooljaar" in words
    assert "5 halve dagen met B-code in schooljaar 2026-2027 → signaal aan het CLB." in words
    assert "Afwezigheden ingelezen" in words  # the timeline


def test_the_school_overview_shows_the_statistics_as_charts(app, web):
    school = school_of(web, "secr1")
    upload(web("secr1"), school, fixture("absences.csv"))
    page = web("dir1").get(f"/scholen/{school}/afwezigheden?schooljaar=2026-2027")
    assert page.status_code == 200
    charts = charts_of(page.text)
    bands = charts["Leerlingen per aantal halve dagen met B-code"]
    assert bands["labels"] == ["0–4 B", "5–9 B", "10–19 B", "20–29 B", "30 of meer B"]
    assert bands["datasets"][0]["data"][:2] == [3, 1]
    codes = charts["Halve dagen per code"]
    assert dict(zip(codes["labels"], codes["datasets"][0]["data"], strict=True))["B: problematisch"] == 5
    assert {
        "Halve dagen per maand en code",
        "Halve dagen per graad (leerjaar) en code",
        "Halve dagen per klas en code",
    } <= set(charts)
    bad = web("dir1").get(f"/scholen/{school}/afwezigheden?schooljaar=2026")
    assert bad.status_code == 200 and "Kies een schooljaar als 2026-2027." in bad.text


def test_running_the_meeting_from_its_page(app, web, login):
    school = school_of(web, "secr1")
    upload(web("secr1"), school, fixture("absences.csv"))
    zorg = web("zorg1")
    assert "Nieuw overleg" not in web("clb1").get(f"/scholen/{school}/overleg").text
    created = zorg.post(f"/scholen/{school}/overleg", {"held_on": "2026-11-24", "note": "november"})
    assert created.status_code == 302, created.text
    page = zorg.get(created.headers["Location"])
    words = text_of(page.text)
    assert "Emma Peeters" in words and "signaaldrempel B" in words and "lopend dossier" in words
    emma = pupil_id(app, "L-1001")
    url = created.headers["Location"] + "/beslissingen"  # the whole table in one save
    decided = zorg.post(url, {f"decision-{emma}": "signal_clb", f"note-{emma}": "Bespreken met CLB"})
    assert decided.status_code == 302, decided.text
    page = zorg.get(created.headers["Location"]).text
    assert "1 beslissing vastgelegd, 1 in een dossier geschreven." in text_of(page)
    assert '<option value="signal_clb" selected>' in page and 'value="Bespreken met CLB"' in page
    case_id = case_of(app, emma)
    assert login("clb1").get(f"/api/cases/{case_id}").status_code == 200  # the CLB sees the case now
    bad = zorg.post(url, {f"decision-{emma}": "later"})
    assert bad.status_code == 422 and "Kies uit" in bad.text
    assert web("clb1").post(url, {f"decision-{emma}": "discussed"}).status_code == 403
    twice = zorg.post(
        f"/scholen/{school}/overleg",
        {"held_on": "2026-11-24"},
        headers={"Referer": f"http://localhost/scholen/{school}/overleg"},
    )
    assert twice.status_code == 302
    assert "Er is al een overleg afwezigheden op die dag" in zorg.get(twice.headers["Location"]).text
