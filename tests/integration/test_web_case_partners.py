"""The case page's partner blocks on Flask's test client: a NAFT period in words,
acknowledging twice, the tracks a side may start and why not."""

from tests.walk import CaseWalk
from tests.web import WebUser, text_of


def test_the_school_reads_a_naft_period_in_words_and_acknowledges_it_once(login, web):
    walk = CaseWalk(login)
    walk.to_clb_guidance()
    walk.complete("task_clb_round_plan", "clb1", trajectories=["hub"])
    walk.complete(
        "task_hub_referral",
        "clb1",
        partner="naft",
        notes="Enkel voor het CLB.",
        for_school="Wachtlijst tot januari; de leerlingbegeleider volgt wekelijks op.",
        for_school_p_kind="naft",
        for_school_p_from="2026-12-01",
        for_school_p_until="2027-01-29",
    )
    page = text_of(web("zorg1").get(f"/dossiers/{walk.id}").text)
    assert "Voor de school: mededelingen van het CLB" in page
    assert "Wachtlijst tot januari" in page and "Enkel voor het CLB." not in page
    assert "Afwezigheden worden P, niet B." in page
    assert "in een NAFT-traject (schoolexterne interventie) vanaf di 1 dec 2026 tot vr 29 jan 2027" in page
    notice = login("zorg1").get(f"/api/cases/{walk.id}").get_json()["notices"][0]
    url = f"/dossiers/{walk.id}/mededelingen/{notice['id']}/bevestigen"
    assert web("clb1").post(url).status_code == 403
    done = web("zorg1").post(url, follow_redirects=True)
    assert done.status_code == 200 and "Gelezen en opgevolgd door An Zorgcoördinator" in text_of(done.text)
    again = web("zorg1").post(url, follow_redirects=True)
    assert "Deze mededeling werd al bevestigd." in text_of(again.text)


def test_the_tracks_block_offers_what_the_side_may_file_and_says_why_not(app, login, web):
    walk = CaseWalk(login)
    phase1 = text_of(web("zorg1").get(f"/dossiers/{walk.id}").text)
    assert "Melding zorgwekkend dossier aan AGODI: Kan vanaf fase 2" in phase1
    assert "M-document" not in phase1
    assert "Juridische sporen" not in text_of(web("secr1").get(f"/dossiers/{walk.id}").text)
    walk.to_clb_guidance()
    school, clb = WebUser(app, "zorg1"), WebUser(app, "clb1")  # signed in again after the time passed
    started = school.post(
        f"/dossiers/{walk.id}/sporen",
        {"name": "agodi_report", "consultation": "Overlegd met het CLB."},
        follow_redirects=True,
    )
    assert "De melding aan AGODI is gestart" in text_of(started.text)
    refused = school.post(f"/dossiers/{walk.id}/sporen", {"name": "m_document"}, follow_redirects=True)
    assert refused.status_code == 403
    page = text_of(clb.get(f"/dossiers/{walk.id}").text)
    assert "Melding zorgwekkend dossier aan AGODI: Er loopt al een melding aan AGODI" in page
    assert "M-document aan OCJ/VK" in page
    assert "de melding aan AGODI gestart door An Zorgcoördinator: Overlegd met het CLB." in page
