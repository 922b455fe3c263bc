"""Demo cover: each case-holding worker's leave, sickness and training over the demo's months, and a few spells now
and ahead, each covered by a colleague of the same team who is not away then (the rules of
`casework.actions.arrange_cover`, kept by construction). Some spells were cancelled before they started
(`casework.actions.cancel_cover`): kept, marked cancelled by the team leader, and left out of those rules as they
give nobody any reach. Written with one bulk insert, in a `seed_demo` history context."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from accounts.models import User
from casework.models import Cover, CoverReason
from demo import tracked

if TYPE_CHECKING:
    from demo.generator import Team

# The months of history the demo writes, and what a spell away looks like.
HISTORY_DAYS = 270
REASONS = [CoverReason.LEAVE, CoverReason.SICKNESS, CoverReason.TRAINING, CoverReason.OTHER]
REASON_WEIGHTS = [60, 25, 10, 5]
OTHER_NOTES = ["Jury service", "Compassionate leave", "Secondment to the national team"]
# The share of spells cancelled before they started (plans changed).
CANCELLED_SHARE = 0.08


def _overlaps(spells: list[tuple[date, date]], start: date, end: date) -> bool:
    return any(s <= end and e >= start for s, e in spells)


def _cancelled_at(rng: random.Random, start: date, today: date) -> datetime:
    """When a spell was cancelled: a day or more before it started, and never after now."""
    if start > today:
        return timezone.now() - timedelta(hours=rng.randint(1, 72))
    day = start - timedelta(days=rng.randint(1, 20))
    return timezone.make_aware(datetime.combine(day, time(rng.randint(9, 16), rng.choice([0, 15, 30, 45]))))


def add_cover(rng: random.Random, teams: list[Team], today: date, seeded_by: User) -> int:
    """Cover for every team, from HISTORY_DAYS ago to two months ahead. Returns how many were written."""
    covers = []
    for team in teams:
        workers = [*team.case_workers, team.team_leader]
        away: dict[int, list[tuple[date, date]]] = {w.pk: [] for w in workers}
        covering: dict[int, list[tuple[date, date]]] = {w.pk: [] for w in workers}
        for worker in workers:
            day = today - timedelta(days=HISTORY_DAYS - rng.randint(0, 60))
            while day < today + timedelta(days=60):
                reason = rng.choices(REASONS, weights=REASON_WEIGHTS)[0]
                length = rng.randint(2, 5) if reason != CoverReason.LEAVE else rng.randint(5, 14)
                start, end = day, day + timedelta(days=length - 1)
                candidates = [
                    w
                    for w in workers
                    if w.pk != worker.pk
                    and not _overlaps(away[w.pk], start, end)
                    and not _overlaps(covering[worker.pk], start, end)
                ]
                if candidates and rng.random() < CANCELLED_SHARE:
                    # Cancelled before it started: kept, but nobody is away or covering then.
                    covers.append(
                        Cover(
                            absent_worker=worker,
                            covering_worker=rng.choice(candidates),
                            starts_on=start,
                            ends_on=end,
                            reason=reason,
                            note=rng.choice(OTHER_NOTES) if reason == CoverReason.OTHER else "",
                            arranged_by=team.team_leader,
                            cancelled_at=_cancelled_at(rng, start, today),
                            cancelled_by=team.team_leader,
                        )
                    )
                elif candidates:
                    cover_by = rng.choice(candidates)
                    planned = None
                    if end < today and rng.random() < 0.1:  # back sooner than planned
                        planned, end = end, max(start, end - timedelta(days=rng.randint(1, 3)))
                    away[worker.pk].append((start, end))
                    covering[cover_by.pk].append((start, end))
                    covers.append(
                        Cover(
                            absent_worker=worker,
                            covering_worker=cover_by,
                            starts_on=start,
                            ends_on=end,
                            planned_ends_on=planned,
                            reason=reason,
                            note=rng.choice(OTHER_NOTES) if reason == CoverReason.OTHER else "",
                            arranged_by=team.team_leader,
                        )
                    )
                day = end + timedelta(days=rng.randint(35, 110))
    tracked.create(covers, user=seeded_by.pk, action="seed_demo")
    return len(covers)
