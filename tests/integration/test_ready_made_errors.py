"""Refusals the services keep ready-made (a pupil number taken, a second open
case) leave the shared error untouched: each refusal raises a new one, so no
traceback — with the request's frames and their data — piles up on it."""

from app.services import pupils
from app.services.cases import views as cases
from tests.walk import CaseWalk


def test_refusing_the_same_thing_twice_keeps_the_ready_made_errors_clean(login):
    zorg1 = login("zorg1")
    walk = CaseWalk(login)
    for _ in range(2):
        taken = zorg1.post(
            "/api/pupils",
            json={
                "external_id": "L-1001",
                "first_name": "Dubbel",
                "last_name": "Nummer",
                "birth_date": "2011-01-01",
            },
        )
        assert taken.status_code == 409 and "external_id" in taken.get_json()["errors"]
        second = zorg1.post("/api/cases", json={"pupil_id": walk.case["pupil_id"], "reason": "Knipperlicht"})
        assert second.status_code == 409 and "pupil_id" in second.get_json()["errors"]
    assert pupils.DUPLICATE.__traceback__ is None
    assert cases.ALREADY_OPEN.__traceback__ is None
