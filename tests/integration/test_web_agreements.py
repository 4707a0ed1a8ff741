"""The agreed deadlines on the web pages: the school calendar shows what is in force
at the school (its own agreements and its CLB's, each with its default and who set it
when), the CLB director sets the CLB's on the CLB's agreements page."""

import re

from tests.web import text_of

SET_LINE = (
    "Afspraak van het CLB: 4 schooldagen (standaard 10), vastgelegd door Greet CLB-directeur op "
    "di 24 nov 2026 09:00."
)


def test_the_clb_director_sets_the_clbs_agreements_for_all_its_schools(web, demo):
    clb = demo["clb_id"]
    director = web("clbdir1")
    home = director.get("/taken").text
    assert 'href="/clb/afspraken"' in home and ">Afspraken CLB</a>" in home
    assert director.get("/clb/afspraken").headers["Location"] == f"/clb/{clb}/afspraken"
    page = text_of(director.get(f"/clb/{clb}/afspraken").text)
    assert "Afspraken van het CLB CLB Demo Regio Gent" in page
    assert "Geldt voor: Atheneum De Linde (demo), Sint-Jozefscollege (demo)." in page
    assert "Nog geen eigen afspraak: de standaard van 10 schooldagen geldt." in page
    assert "U kunt deze afspraken lezen" not in page

    changed = director.post(f"/clb/{clb}/afspraken/clb_start_reminder", {"school_days": "4"})
    assert changed.status_code == 302 and changed.headers["Location"] == f"/clb/{clb}/afspraken#termijnen"
    html = director.get(f"/clb/{clb}/afspraken").text
    assert "Herinnering start CLB: voortaan 4 schooldagen, in alle scholen van het CLB." in text_of(html)
    assert re.search(r'id="termijn-clb_start_reminder" name="school_days"[^>]*\s+value="4"', html)
    assert SET_LINE in text_of(html)

    refused = director.post(f"/clb/{clb}/afspraken/clb_escalation", {"school_days": "0"})
    assert refused.status_code == 422
    assert '<p class="error-message" id="termijn-clb_escalation-error">Tussen 1 en 200 schooldagen.</p>' in (
        refused.text
    )
    assert "Escalatie (CLB) is niet gewijzigd." in refused.text
    # A school's own deadline is not the CLB's to set; an unknown one does not exist.
    school_name = director.post(f"/clb/{clb}/afspraken/reminder", {"school_days": "3"})
    assert school_name.status_code == 403 and "de directie van elke school" in text_of(school_name.text)
    assert director.post(f"/clb/{clb}/afspraken/bestaat_niet", {"school_days": "3"}).status_code == 404

    # Both schools of the CLB show it on their calendar, read-only, with who set it.
    for user, school in (("dir1", 1), ("zorg2", 2)):
        calendar = web(user).get(f"/schoolkalender/{school}").text
        assert SET_LINE in text_of(calendar), user
        assert 'id="termijn-clb_start_reminder"' not in calendar  # no field: not the school's to set
        assert "Afspraken van de school" in text_of(calendar) and "Afspraken van het CLB" in text_of(calendar)
    other = text_of(web("zorg3").get("/schoolkalender/3").text)  # served by another CLB
    assert SET_LINE not in other and "Herinnering start CLB" in other


def test_who_reads_the_clbs_agreements_and_who_is_refused(web, demo):
    clb = demo["clb_id"]
    for user in ("clb1", "clbarts1", "zorg1", "zorgl1"):
        page = text_of(web(user).get(f"/clb/{clb}/afspraken").text)
        assert "U kunt deze afspraken lezen. De CLB-directeur legt ze vast." in page, user
        refused = web(user).post(f"/clb/{clb}/afspraken/clb_reminder", {"school_days": "3"})
        assert refused.status_code == 403, user
        assert "Enkel de CLB-directeur van dit CLB" in text_of(refused.text)
    for user in ("zorg3", "clb2"):  # the other CLB and its school
        assert web(user).get(f"/clb/{clb}/afspraken").status_code == 404, user
        assert web(user).post(f"/clb/{clb}/afspraken/clb_reminder", {"school_days": "3"}).status_code == 404
    assert web("clbdir1").get("/clb/999/afspraken").status_code == 404
    assert ">Afspraken CLB</a>" not in web("zorg1").get("/taken").text  # the link is for CLB staff
    assert web("zorg1").get("/clb/afspraken").status_code == 404
    assert web("admin").get(f"/clb/{clb}/afspraken").status_code == 200


def test_the_school_calendar_says_who_sets_which_agreement(web, demo):
    director = web("dir1")
    assert director.post("/schoolkalender/1/termijnen/plan_reminder", {"school_days": "8"}).status_code == 302
    page = text_of(director.get("/schoolkalender/1").text)
    assert "Afspraken over termijnen" in page and "geen regels" in page
    assert (
        "Afspraak van de school: 8 schooldagen (standaard 10), vastgelegd door Carla Directeur op "
        "di 24 nov 2026 09:00." in page
    )
    assert "Voor de taken van het CLB legt de CLB-directeur ze vast" in page
    assert "Afspraken van het CLB wijzigen" not in page
    # A CLB director reading a school's calendar gets to the CLB's own page from there.
    clb_view = web("clbdir1").get("/schoolkalender/1").text
    assert f'href="/clb/{demo["clb_id"]}/afspraken">Afspraken van het CLB wijzigen' in clb_view
    assert 'id="termijn-plan_reminder"' not in clb_view  # the school's own: read-only for the CLB
    refused = web("clbdir1").post("/schoolkalender/1/termijnen/plan_reminder", {"school_days": "3"})
    assert refused.status_code == 403


def test_the_agreements_pages_are_private_and_have_no_inline_script_or_style(web, demo):
    for user, path in (
        ("clbdir1", f"/clb/{demo['clb_id']}/afspraken"),
        ("clb1", f"/clb/{demo['clb_id']}/afspraken"),
    ):
        response = web(user).get(path)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
        html = response.text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html)
        for form in re.findall(r'<form method="post".*?</form>', html, re.S):
            assert 'name="csrf_token"' in form
        for field_id in re.findall(r'<input(?![^>]*type="hidden")[^>]*\sid="([^"]+)"', html):
            assert f'<label for="{field_id}"' in html, field_id
