"""Absence episodes: a pupil's consecutive open half-days (B, or unannounced: -),
kept in step with the registrations.

The path follows up each episode once (contact the parents, talk with the pupil
on return), not each half-day, from the day of an unannounced absence on. Two
open half-days belong to one episode when no school half-day lies between them
(Friday afternoon and Monday morning do); episodes never cross a school year.
After an import, for every pupil whose open or B half-days changed, the episodes
of the affected school years are recomputed from the registrations and matched
with the stored ones:

- a run that overlaps no stored episode → a new episode, its follow-up still to
  start (`followup_started_at` empty);
- one that overlaps a stored episode → that episode, with its bounds and counts
  brought up to date (reported as extended when it gained open half-days); a run
  that joins two stored episodes keeps the earlier, the later points to it
  (`merged_into_id`);
- a stored episode whose half-days were all justified since → kept with zero
  counts and reported as dissolved: its follow-up stops.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import insert, select

from app.calendar.school_year import school_half_day_between, school_year_of
from app.models import AbsenceEpisode, AbsenceRegistration
from app.storage.absence_staging import Staging
from app.vocabulary import AbsenceCode

CHUNK = 500  # pupils per round trip: memory stays bounded however big the file

HalfDayKey = tuple[date, str]


@dataclass
class BChange:
    """What one import did to one pupil's absences in one school year: the seam for
    the care path. `new_episode_ids` need a follow-up each; `dissolved` episodes
    (every half-day justified since) stop theirs; `signal_due` says the import took
    the pupil to the school's signal threshold (5 half-days with B-code) this year.
    """

    pupil_id: int
    school_year: str
    b_before: int
    b_after: int
    gained: int  # half-days that became B
    justified: int  # half-days that stopped being B
    new_episode_ids: list[int] = field(default_factory=list)
    extended_episode_ids: list[int] = field(default_factory=list)
    dissolved: list[AbsenceEpisode] = field(default_factory=list)
    signal_due: bool = False
    opened: int = 0  # half-days that became open (B or -)


def runs(half_days: list[HalfDayKey]) -> list[list[HalfDayKey]]:
    """Sorted open half-days grouped into episodes (consecutive school half-days)."""
    grouped: list[list[HalfDayKey]] = []
    for half_day in half_days:
        if grouped and not school_half_day_between(grouped[-1][-1], half_day):
            grouped[-1].append(half_day)
        else:
            grouped.append([half_day])
    return grouped


def _bounds(episode: AbsenceEpisode) -> tuple[HalfDayKey, HalfDayKey]:
    return (episode.first_day, episode.first_half_day), (episode.last_day, episode.last_half_day)


def _overlaps(bounds: tuple[HalfDayKey, HalfDayKey], run: list[HalfDayKey]) -> bool:
    first, last = bounds
    return first <= run[-1] and last >= run[0]


class _Matcher:
    def __init__(self, school_id: int, import_id: int, now: datetime):
        self.school_id, self.import_id, self.now = school_id, import_id, now

    def match(
        self,
        pupil_id: int,
        year: str,
        open_days: dict[HalfDayKey, str],
        opened: set,
        stored: list[AbsenceEpisode],
    ) -> tuple[list[dict], list[AbsenceEpisode], list[AbsenceEpisode]]:
        """(rows of new episodes, stored episodes that gained open half-days, stored
        episodes dissolved); stored episodes are updated in place. `open_days`: the
        pupil's open half-days of the year with their codes."""
        claimed: set[int] = set()
        created, extended = [], []
        before = {e.id: _bounds(e) for e in stored}  # bounds change as runs claim episodes
        for run in runs(sorted(open_days)):
            b = sum(open_days[key] == AbsenceCode.B for key in run)
            overlapping = [e for e in stored if e.id not in claimed and _overlaps(before[e.id], run)]
            if not overlapping:
                # Split off an episode whose follow-up already runs (a half-day in its middle
                # was justified): the same absence, not a new one to follow up.
                split_from = next(
                    (e for e in stored if e.id in claimed and _overlaps(before[e.id], run)), None
                )
                created.append(self._new(pupil_id, year, run, b, split_from))
                continue
            keep = overlapping[0]
            claimed.update(e.id for e in overlapping)
            for other in overlapping[1:]:
                other.merged_into_id, other.updated_at = keep.id, self.now
            counts = (b, len(run) - b)
            if _bounds(keep) != (run[0], run[-1]) or (keep.b_half_days, keep.pending_half_days) != counts:
                (keep.first_day, keep.first_half_day), (keep.last_day, keep.last_half_day) = run[0], run[-1]
                keep.b_half_days, keep.pending_half_days = counts
                keep.updated_at = self.now
            if opened.intersection(run):
                extended.append(keep)
        dissolved = [e for e in stored if e.id not in claimed and (e.b_half_days or e.pending_half_days)]
        for episode in dissolved:
            episode.b_half_days, episode.pending_half_days, episode.updated_at = 0, 0, self.now
        return created, extended, dissolved

    def _new(self, pupil_id: int, year: str, run: list[HalfDayKey], b: int, split_from) -> dict:
        return {
            "pupil_id": pupil_id,
            "school_id": self.school_id,
            "school_year": year,
            "first_day": run[0][0],
            "first_half_day": run[0][1],
            "last_day": run[-1][0],
            "last_half_day": run[-1][1],
            "b_half_days": b,
            "pending_half_days": len(run) - b,
            "import_id": self.import_id,
            "created_at": self.now,
            "updated_at": self.now,
            "merged_into_id": None,
            "case_id": split_from.case_id if split_from else None,
            "followup_started_at": split_from.followup_started_at if split_from else None,
            "followup_instance_id": split_from.followup_instance_id if split_from else None,
        }


def _open_half_days(session, pupil_ids: list[int]) -> dict[int, dict[HalfDayKey, str]]:
    """Each pupil's open half-days (B or -) with their code."""
    reg = AbsenceRegistration
    found: dict[int, dict[HalfDayKey, str]] = defaultdict(dict)
    for pupil_id, day, half_day, code in session.execute(
        select(reg.pupil_id, reg.day, reg.half_day, reg.code).where(
            reg.code.in_((AbsenceCode.B, AbsenceCode.PENDING)), reg.pupil_id.in_(pupil_ids)
        )
    ):
        found[pupil_id][(day, half_day)] = code
    return found


def _stored(session, pupil_ids: list[int]) -> dict[tuple[int, str], list[AbsenceEpisode]]:
    found = defaultdict(list)
    for episode in session.scalars(
        select(AbsenceEpisode)
        .where(AbsenceEpisode.pupil_id.in_(pupil_ids), AbsenceEpisode.merged_into_id.is_(None))
        .order_by(AbsenceEpisode.first_day, AbsenceEpisode.first_half_day, AbsenceEpisode.id)
    ):
        found[(episode.pupil_id, episode.school_year)].append(episode)
    return found


def _pending_ids(
    session, import_id: int, pupil_ids: list[int], split: set
) -> dict[tuple[int, str], list[int]]:
    """Ids of the episodes this import opened for these pupils that need a follow-up
    of their own: all but those split off an episode already in a case (`split`:
    their (pupil, first day, first half-day))."""
    found = defaultdict(list)
    for episode_id, pupil_id, year, first_day, first_half_day in session.execute(
        select(
            AbsenceEpisode.id,
            AbsenceEpisode.pupil_id,
            AbsenceEpisode.school_year,
            AbsenceEpisode.first_day,
            AbsenceEpisode.first_half_day,
        )
        .where(AbsenceEpisode.import_id == import_id, AbsenceEpisode.pupil_id.in_(pupil_ids))
        .order_by(AbsenceEpisode.id)
    ):
        if (pupil_id, first_day, first_half_day) not in split:
            found[(pupil_id, year)].append(episode_id)
    return found


def reconcile(
    session, staging: Staging, school_id: int, import_id: int, now: datetime, signal_b: int
) -> Iterator[tuple[list[BChange], list[dict]]]:
    """Bring the episodes of every pupil whose B half-days the import changed up
    to date, a chunk of pupils at a time; runs after the upsert, inside the
    import's transaction. Yields each chunk's changes (one BChange per pupil and
    school year touched) and its new episode rows *before* inserting them: the
    caller (the care path, app/services/absences/path.py) sets their `case_id`
    and `followup_started_at` in the rows. Each chunk's changes learn their new
    episodes' ids once the loop asks for the next chunk."""
    matcher = _Matcher(school_id, import_id, now)
    pupils = staging.flipped_pupils()
    for start in range(0, len(pupils), CHUNK):
        chunk = pupils[start : start + CHUNK]
        flips = defaultdict(list)  # (pupil, school year) → [(half-day, now open, now B, was B)]
        for pupil_id, day, half_day, now_open, now_b, was_b in staging.flips_of(chunk):
            flips[(pupil_id, school_year_of(day))].append(((day, half_day), now_open, now_b, was_b))
        open_by_pupil, stored = _open_half_days(session, chunk), _stored(session, chunk)
        new_rows, chunk_changes = [], []
        for (pupil_id, year), year_flips in sorted(flips.items()):
            opened = {key for key, now_open, _, _ in year_flips if now_open}
            gained = sum(1 for _, _, now_b, was_b in year_flips if now_b and not was_b)
            justified = sum(1 for _, _, now_b, was_b in year_flips if was_b and not now_b)
            open_year = {k: c for k, c in open_by_pupil[pupil_id].items() if school_year_of(k[0]) == year}
            created, extended, dissolved = matcher.match(
                pupil_id, year, open_year, opened, stored[(pupil_id, year)]
            )
            new_rows.extend(created)
            b_after = sum(code == AbsenceCode.B for code in open_year.values())
            b_before = b_after - gained + justified
            chunk_changes.append(
                BChange(
                    pupil_id,
                    year,
                    b_before,
                    b_after,
                    gained,
                    justified,
                    extended_episode_ids=[e.id for e in extended],
                    dissolved=dissolved,
                    signal_due=b_before < signal_b <= b_after,
                    opened=len(opened),
                )
            )
        session.flush()  # the updated episodes
        # Split off an episode already followed up: the same absence, no follow-up of its own.
        split = {
            (r["pupil_id"], r["first_day"], r["first_half_day"])
            for r in new_rows
            if r["case_id"] is not None or r["followup_started_at"] is not None
        }
        yield chunk_changes, new_rows
        if new_rows:  # Core executemany: a first import opens tens of thousands
            session.connection().execute(insert(AbsenceEpisode.__table__), new_rows)
            pending = _pending_ids(session, import_id, chunk, split)
            for change in chunk_changes:
                change.new_episode_ids = pending[(change.pupil_id, change.school_year)]
