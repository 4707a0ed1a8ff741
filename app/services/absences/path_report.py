"""What an absence import did to the pupils' follow-ups and cases (`path.apply_chunk`
gathers it; `importing.ImportReport.path` carries it)."""

from dataclasses import dataclass, field

OPENED, FOLLOWED, REOPENED, PUPIL = "opened", "followed", "reopened", "pupil"


@dataclass
class PathReport:
    """What the import did to follow-ups and cases (case ids; counts)."""

    opened: list[int] = field(default_factory=list)
    followed: list[int] = field(default_factory=list)  # open cases that got new absences
    reopened: list[int] = field(default_factory=list)
    signal_due: list[int] = field(default_factory=list)
    below_floor: list[int] = field(default_factory=list)  # open cases corrected under the floor
    pupils_without_case: int = 0  # pupils followed up without a case (under the floor)
    followups_started: int = 0
    followups_cancelled: int = 0  # their absences turned out justified
    episodes_counted_only: int = 0  # too old at import for a follow-up

    def record(self, how: str, case_id: int | None) -> None:
        if case_id is None:
            self.pupils_without_case += 1
        elif how == OPENED:
            self.opened.append(case_id)
        elif how == REOPENED:
            self.reopened.append(case_id)
        else:
            self.followed.append(case_id)
