"""Issue 20: the school sees what it must carry out (notices it acknowledges), and
the M-document and AGODI tracks are started from phase 2 on by the side that files."""

from tests.walk import CaseWalk

HGD_FOR_SCHOOL = "Toetsen in een aparte ruimte; een vast aanspreekpunt (de leerlingbegeleider) elke maandag."
CLB_ONLY = "Faalangst bij toetsen, thuis conflicten tussen de ouders."


def _round_with(walk, trajectory):
    walk.to_clb_guidance()
    return walk.complete("task_clb_round_plan", "clb1", trajectories=[trajectory])


def test_hgd_advice_for_the_school_becomes_a_notice_the_coordinator_acknowledges(login):
    walk = CaseWalk(login)
    _round_with(walk, "hgd")
    walk.complete("task_hgd", "clb1", findings=CLB_ONLY, for_school=HGD_FOR_SCHOOL)

    case = login("zorg1").get(f"/api/cases/{walk.id}").get_json()
    [notice] = case["notices"]
    assert notice["bpmn_id"] == "task_hgd" and notice["text"] == HGD_FOR_SCHOOL
    assert notice["acknowledged_at"] is None and notice["created_by"]["username"] == "clb1"
    # Only what the CLB wrote for the school reaches the school: not its findings.
    school_reads = str(case) + str(walk.events("zorg1"))
    assert HGD_FOR_SCHOOL in school_reads and CLB_ONLY not in school_reads
    [note] = [
        n
        for n in login("zorg1").get("/api/notifications").get_json()["items"]
        if n["kind"] == "notice" and n["case_id"] == walk.id
    ]
    assert "Handelingsgericht" in note["title"]
    assert not [
        n for n in login("clb1").get("/api/notifications").get_json()["items"] if n["kind"] == "notice"
    ]

    url = f"/api/cases/{walk.id}/notices/{notice['id']}/acknowledge"
    refused = login("clb1").post(url)
    assert refused.status_code == 403
    done = login("zorg1").post(url)
    assert done.status_code == 200, done.get_json()
    [acknowledged] = done.get_json()["notices"]
    assert acknowledged["acknowledged_by"]["username"] == "zorg1" and acknowledged["acknowledged_at"]
    assert login("zorg1").post(url).status_code == 409
    assert login("zorg2").post(url).status_code == 404  # another school: no such case
    events = [e for e in walk.events("zorg1") if e["kind"] == "notice_acknowledged"]
    assert [(e["actor"]["username"], e["new_value"]) for e in events] == [("zorg1", "Gelezen en opgevolgd")]
    unread = login("zorg1").get("/api/notifications?unread=true").get_json()["items"]
    assert not [n for n in unread if n["kind"] == "notice"]


def test_a_naft_referral_tells_the_school_its_absences_become_p(login):
    walk = CaseWalk(login)
    _round_with(walk, "hub")
    reversed_period = walk.submit(
        "task_hub_referral",
        "clb1",
        partner="naft",
        for_school_p_kind="naft",
        for_school_p_from="2026-12-01",
        for_school_p_until="2026-11-30",
    )
    assert reversed_period.status_code == 422
    assert "for_school_p_until" in reversed_period.get_json()["errors"]
    no_kind = walk.submit("task_hub_referral", "clb1", partner="naft", for_school_p_from="2026-12-01")
    assert no_kind.status_code == 422 and "for_school_p_kind" in no_kind.get_json()["errors"]
    walk.complete(
        "task_hub_referral",
        "clb1",
        partner="naft",
        for_school_p_kind="naft",
        for_school_p_from="2026-12-01",
        for_school_p_until="2027-01-29",
    )
    [notice] = login("zorg1").get(f"/api/cases/{walk.id}").get_json()["notices"]
    assert notice["text"] is None
    assert notice["details"] == {"p_period": {"kind": "naft", "from": "2026-12-01", "until": "2027-01-29"}}


def test_a_clb_step_without_anything_for_the_school_leaves_no_notice(login):
    walk = CaseWalk(login)
    _round_with(walk, "hgd")
    walk.complete("task_hgd", "clb1")
    assert login("zorg1").get(f"/api/cases/{walk.id}").get_json()["notices"] == []


def _documents(login, user, case_id, template):
    items = login(user).get(f"/api/cases/{case_id}/documents").get_json()["items"]
    return [d for d in items if d["template"] == template]


def test_the_m_document_is_the_clbs_from_phase_2_drafted_before_it_is_sent(login):
    walk = CaseWalk(login)
    assert walk.message("clb1", "m_document").status_code == 404  # the CLB does not see phase 1 yet
    walk.plan()
    walk.refer()
    walk.complete("task_clb_accept", "clb1", accepted=True)
    assert walk.message("zorg1", "m_document").status_code == 403  # the school does not file it
    bad = walk.message("clb1", "m_document", consultation=5)
    assert bad.status_code == 422 and "consultation" in bad.get_json()["errors"]
    started = walk.message("clb1", "m_document", consultation="Besproken met de zorgcoördinator.")
    assert started.status_code == 200, started.get_json()
    assert "task_m_document" in walk.open_ids("clb1", "clb")
    assert walk.message("clb1", "m_document").status_code == 409  # one at a time
    # The school reads nothing of the welfare track.
    assert not [e for e in walk.events("zorg1") if "m_document" in (e["what"] or "")]
    assert [e["reason"] for e in walk.events("clb1") if e["what"] == "m_document"] == [
        "Besproken met de zorgcoördinator.",
        None,
    ]
    refused = walk.submit("task_m_document", "clb1", school_consulted=None)
    assert refused.status_code == 422 and "school_consulted" in refused.get_json()["errors"]
    walk.complete("task_m_document", "clb1")
    assert [d["side"] for d in _documents(login, "clb1", walk.id, "mdoc_bijlage")] == ["clb"]
    assert _documents(login, "zorg1", walk.id, "mdoc_bijlage") == []
    assert "task_m_document_sent" in walk.open_ids("clb1", "clb")
    early = walk.submit("task_m_document_sent", "clb1", sent_on="2026-11-19")
    assert early.status_code == 422 and "sent_on" in early.get_json()["errors"]  # before the consult
    walk.complete("task_m_document_sent", "clb1", sent_via="portal")
    assert "task_ocj_outcome" in walk.open_ids("clb1", "clb")


def test_the_m_document_is_not_bound_to_compulsory_education_the_agodi_report_is(login):
    walk = CaseWalk(login)
    walk.to_clb_guidance()
    pupil = walk.case["pupil_id"]
    assert login("zorg1").patch(f"/api/pupils/{pupil}", json={"diploma_on": "2026-06-28"}).status_code == 200
    agodi = walk.message("clb1", "agodi_report")
    assert agodi.status_code == 422 and "name" in agodi.get_json()["errors"]
    assert walk.message("zorg1", "agodi_report").status_code == 422
    started = walk.message("clb1", "m_document")
    assert started.status_code == 200, started.get_json()
    assert "task_m_document" in walk.open_ids("clb1", "clb")


def test_agodi_report_is_refused_before_phase_2_and_to_who_may_not_file(login):
    walk = CaseWalk(login)
    walk.episode()
    refused = walk.message("zorg1", "agodi_report")
    assert refused.status_code == 409 and "fase 2" in refused.get_json()["message"]
    for user in ("secr1", "leraar1"):
        assert walk.message(user, "agodi_report").status_code == 403
    walk.plan()
    walk.refer()
    assert walk.message("clbarts1", "agodi_report").status_code == 403
    assert walk.message("secr1", "agodi_report").status_code == 403


def test_a_draft_agodi_report_is_made_before_it_is_recorded_as_sent(login):
    walk = CaseWalk(login)
    walk.to_clb_guidance()
    started = walk.message("zorg1", "agodi_report", consultation="Overlegd met Eva (CLB) op 23/11.")
    assert started.status_code == 200, started.get_json()
    assert "task_agodi_report" in walk.open_ids("zorg1", "school")
    assert _documents(login, "zorg1", walk.id, "agodi_melding") == []
    # Nothing can be recorded as sent before the report exists: there is no such task yet.
    assert "task_agodi_report_sent" not in walk.open_ids("zorg1")
    walk.complete("task_agodi_report", "zorg1")
    [draft] = _documents(login, "zorg1", walk.id, "agodi_melding")
    assert draft["side"] == "school"
    assert walk.message("clb1", "agodi_report").status_code == 409  # the school's report runs
    no_channel = walk.submit("task_agodi_report_sent", "zorg1", sent_via=None)
    assert no_channel.status_code == 422 and "sent_via" in no_channel.get_json()["errors"]
    walk.complete("task_agodi_report_sent", "zorg1", sent_via="post")
    events = walk.events("zorg1")
    made = next(i for i, e in enumerate(events) if e["kind"] == "document_generated")
    sent = next(
        i
        for i, e in enumerate(events)
        if e["kind"] == "task_completed" and e["what"].startswith("AGODI-melding verstuurd")
    )
    assert made < sent
    assert [e["what"] for e in events if e["kind"] == "process_started"][-1] == "agodi_report"
    # The CLB reads the school's report too; and may file its own once this one has ended.
    assert walk.message("clb1", "agodi_report").status_code == 200
    assert "task_agodi_report_clb" in walk.open_ids("clb1", "clb")


def test_phase3_toah_and_an_iac_become_the_schools_tasks_while_the_clb_stays_responsible(login):
    walk = CaseWalk(login)
    walk.to_clb_guidance()
    walk.round_to_phase3()
    walk.complete(
        "task_phase3_plan",
        "clb1",
        offers=["toah", "bednet", "iac", "school_external"],
        for_school="De school vraagt TOAH aan; de klassenraad stelt een IAC op.",
    )
    school = walk.open_ids("zorg1", "school")
    assert "task_school_toah" in school and "task_school_iac" in school
    assert "task_school_track" not in school
    assert "task_tailored_offer" in walk.open_ids("clb1", "clb")  # the CLB's own part runs on
    titles = {t["bpmn_id"]: t["title"] for t in walk.open_tasks("zorg1")}
    assert titles["task_school_toah"].startswith("TOAH of Bednet aanvragen en organiseren")
    assert titles["task_school_iac"].startswith("IAC opstellen met de klassenraad")
    [notice] = login("zorg1").get(f"/api/cases/{walk.id}").get_json()["notices"]
    assert notice["bpmn_id"] == "task_phase3_plan"
    early = walk.submit("task_school_toah", "zorg1", requested_on="2026-11-19")
    assert (
        early.status_code == 422 and "requested_on" in early.get_json()["errors"]
    )  # before the parents asked
    walk.complete("task_school_toah", "zorg1")
    assert "task_school_toah" not in walk.open_ids("zorg1", "school")
    started = [e["what"] for e in walk.events("clb1") if e["kind"] == "process_started"]
    assert started.count("school_offer") == 2
