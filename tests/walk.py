"""Walking a case through the API as real users, with the forms' own examples.

Where the path waits for a date (a plan's evaluation date, the end of
monitoring, ...), the walk lets the time pass: the clock moves there and the
scheduler's sweep runs as of then (`pass_time`, `until_open`)."""

import json
from datetime import datetime
from pathlib import Path

FORMS = Path(__file__).resolve().parents[1] / "forms"
PLANS = {
    "spijbelen": "task_action_plan",
    "schoolweigering": "task_return_plan",
    "schoolonthouding": "task_parent_agreements",
    "schooluitsluiting": "task_exclusion_support",
}
OPENING_REASON = "Knipperlicht: herhaalde korte afwezigheden; besproken met de leerlingbegeleider."
FIRST_ABSENCE_ON = "2026-11-23"  # the school day before the tests' clock (T0)
# What a referral to the CLB needs on top of the evaluation form's example.
REFERRAL = {
    "decision": "refer_to_clb",
    "monitoring_until": None,
    "referral_reasons": ["absences_rising"],
    "help_question": "Wat houdt hem tegen om naar school te komen en hoe kunnen we helpen?",
    "parents_informed": True,
    "discussed_with_pupil": True,
}


def example(task_id: str, **changes) -> dict:
    schema = json.loads((FORMS / f"{task_id}.schema.json").read_text(encoding="utf-8"))
    data = dict(schema["examples"][0])
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


class CaseWalk:
    def __init__(self, login, *, opener="zorg1", pupil=0, pupil_id=None, absence_type="spijbelen", **extra):
        self.login = login
        user = login(opener)
        if pupil_id is None:
            pupil_id = user.get("/api/pupils?per_page=100").get_json()["items"][pupil]["id"]
        # Opened by hand on an absence (the walks follow its follow-up too), with the reason
        # the school must give.
        body = {
            "pupil_id": pupil_id,
            "absence_type": absence_type,
            "reason": OPENING_REASON,
            "first_absence_on": FIRST_ABSENCE_ON,
            **extra,
        }
        response = user.post("/api/cases", json={k: v for k, v in body.items() if v is not None})
        assert response.status_code == 201, response.get_json()
        self.case = response.get_json()
        self.id = self.case["id"]

    @classmethod
    def existing(cls, login, case_id: int, username: str = "zorg1") -> "CaseWalk":
        """A walk through a case that was opened otherwise (e.g. by an absence import)."""
        walk = cls.__new__(cls)
        walk.login, walk.id = login, case_id
        walk.case = login(username).get(f"/api/cases/{case_id}").get_json()
        return walk

    def open_tasks(self, username: str) -> list[dict]:
        body = self.login(username).get(f"/api/tasks?case_id={self.id}&scope=all&per_page=100")
        return body.get_json()["items"]

    def open_ids(self, username: str, lane: str | None = None) -> list[str]:
        return sorted(t["bpmn_id"] for t in self.open_tasks(username) if lane in (None, t["lane"]))

    def task(self, bpmn_id: str, username: str) -> dict:
        matches = [t for t in self.open_tasks(username) if t["bpmn_id"] == bpmn_id]
        assert matches, f"{bpmn_id} not open for {username}: {self.open_tasks(username)}"
        return matches[0]

    def submit(self, bpmn_id: str, username: str, **changes):
        """Complete a task with its example (and changes); the raw response."""
        task = self.task(bpmn_id, username)
        return self.login(username).post(
            f"/api/tasks/{task['id']}/complete", json={"data": example(bpmn_id, **changes)}
        )

    def complete(self, bpmn_id: str, username: str, **changes) -> dict:
        response = self.submit(bpmn_id, username, **changes)
        assert response.status_code == 200, response.get_json()
        self.case = response.get_json()
        return self.case

    def detail(self, bpmn_id: str, username: str) -> dict:
        task = self.task(bpmn_id, username)
        return self.login(username).get(f"/api/tasks/{task['id']}").get_json()

    def message(self, username: str, name: str, **data):
        return self.login(username).post(f"/api/cases/{self.id}/messages", json={"name": name, "data": data})

    def ready(self) -> list[str]:
        return sorted(t["bpmn_id"] for t in self.case["open_tasks"])

    def episode(self, parents="secr1", talk="leraar1", **contact):
        """The absence follow-up: contact the parents, talk with the pupil on return."""
        self.complete("task_absence_contact_parents", parents, **contact)
        return self.complete("task_absence_pupil_talk", talk)

    def plan(self, absence_type="spijbelen", user="zorg1", **changes):
        """The plan for the type, then the time until its evaluation date: the evaluation opens."""
        self.complete(PLANS[absence_type], user, **changes)
        return self.until_open("task_phase1_evaluation", user)

    def pass_time(self, until: datetime):
        """The clock moves to `until` and the scheduler sweeps as of then; users sign in again."""
        from app.tasks.sweep import run_due_timers

        app = self.login("zorg1").client.application
        clock = app.extensions["zorgpad.clock"]
        clock.at = max(clock.at, until)
        with app.app_context():
            report = run_due_timers(clock.at)
        self.login.sign_in_again()
        return report

    def until_open(self, bpmn_id: str, username: str, most=4):
        """Let time pass, to the case's next timer each time, until `bpmn_id` opens."""
        for _ in range(most):
            if any(t["bpmn_id"] == bpmn_id for t in self.open_tasks(username)):
                self.case = self.login(username).get(f"/api/cases/{self.id}").get_json()
                return self.case
            due = self.login(username).get(f"/api/cases/{self.id}").get_json()["next_timer_due_at"]
            assert due, f"{bpmn_id} does not open and nothing waits: {self.open_tasks(username)}"
            self.pass_time(datetime.fromisoformat(due))
        raise AssertionError(f"{bpmn_id} did not open after {most} timers")

    def signal(self, b_half_days=6):
        self.complete(
            "task_phase1_evaluation",
            "zorg1",
            decision="signal_clb",
            monitoring_until=None,
            b_half_days=b_half_days,
        )
        return self.complete("task_signal_clb", "zorg1", b_half_days=b_half_days)

    def refer(self, **changes):
        return self.complete("task_phase1_evaluation", "zorg1", **(REFERRAL | changes))

    def to_clb_guidance(self, clb="clb1"):
        """Plan, referral, acceptance and the intake: ready for a round plan."""
        self.plan()
        self.refer()
        self.complete("task_clb_accept", clb, accepted=True)
        return self.complete("task_clb_intake", clb)

    def round_to_phase3(self, reason="Blijft afwezig.", clb="clb1"):
        """From the round plan (after the intake): short-term guidance, then on the
        round's evaluation date the decision for phase 3."""
        self.complete("task_clb_round_plan", clb)
        self.complete("task_short_term", clb)
        self.until_open("task_round_evaluation", clb)
        return self.complete(
            "task_round_evaluation", clb, decision="phase3", followup_agreements=None, phase3_reason=reason
        )

    def events(self, username="clb1") -> list[dict]:
        body = self.login(username).get(f"/api/cases/{self.id}/events?per_page=500").get_json()
        assert body["total"] == len(body["items"])
        return body["items"]
