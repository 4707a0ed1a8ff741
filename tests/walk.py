"""Walking a case through the API as real users, with the forms' own examples."""
import json
from pathlib import Path

FORMS = Path(__file__).resolve().parents[1] / "forms"


def example(task_id: str, **changes) -> dict:
    schema = json.loads((FORMS / f"{task_id}.schema.json").read_text(encoding="utf-8"))
    data = dict(schema["examples"][0])
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


class CaseWalk:
    def __init__(self, login, *, opener="zorg1", pupil=0, absence_type="spijbelen"):
        self.login = login
        user = login(opener)
        pupils = user.get("/api/pupils?per_page=100").get_json()["items"]
        response = user.post("/api/cases", json={"pupil_id": pupils[pupil]["id"],
                                                 "absence_type": absence_type})
        assert response.status_code == 201, response.get_json()
        self.case = response.get_json()
        self.id = self.case["id"]

    def open_tasks(self, username: str) -> list[dict]:
        body = self.login(username).get(f"/api/tasks?case_id={self.id}&scope=all&per_page=100")
        return body.get_json()["items"]

    def task(self, bpmn_id: str, username: str) -> dict:
        matches = [t for t in self.open_tasks(username) if t["bpmn_id"] == bpmn_id]
        assert matches, f"{bpmn_id} not open for {username}: {self.open_tasks(username)}"
        return matches[0]

    def complete(self, bpmn_id: str, username: str, **changes) -> dict:
        task = self.task(bpmn_id, username)
        response = self.login(username).post(f"/api/tasks/{task['id']}/complete",
                                             json={"data": example(bpmn_id, **changes)})
        assert response.status_code == 200, response.get_json()
        self.case = response.get_json()
        return self.case

    def ready(self) -> list[str]:
        return sorted(t["bpmn_id"] for t in self.case["open_tasks"])

    def phase1(self, decision="refer_to_clb", plan="task_action_plan"):
        self.complete("task_contact_parents", "zorg1")
        self.complete(plan, "zorg1")
        return self.complete("task_phase1_decision", "zorg1", decision=decision)

    def to_trajectory(self, trajectory):
        self.phase1()
        self.complete("task_clb_accept", "clb1", accepted=True)
        self.complete("task_clb_intake", "clb1")
        return self.complete("task_clb_trajectory", "clb1", trajectory=trajectory)

    def events(self, username="clb1") -> list[dict]:
        body = self.login(username).get(f"/api/cases/{self.id}/events?per_page=500").get_json()
        assert body["total"] == len(body["items"])
        return body["items"]
