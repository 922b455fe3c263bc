"""Demo exits and reopenings: a few closed cases reopened, exit plans for long-open cases, and the agreed actions left
open on closed cases cancelled with the closure. Deterministic for the random stream; written in bulk (the rules are
casework.actions': reopening on or after the closure and not in the future, a plan on or after the opening)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from casework.models import (
    AgreedAction,
    CaseEpisode,
    ClosureReason,
    Contact,
    ContactKind,
    ExitPlan,
    NeedsAssessment,
)
from demo import tracked

REOPENED_SHARE = 0.04
EXIT_PLANNED_SHARE = 0.35
# Open this long before an exit is raised; it is planned for about 18 months to two years after the opening.
PLANNED_AFTER_DAYS = 120
REOPEN_REASONS = [
    "The trial was listed again and the family asked for support at court.",
    "The person got in touch again around the anniversary.",
    "A new practical need: the compensation claim was reopened.",
    "The police shared new information about the investigation.",
]
EXIT_CONDITIONS = [
    "A couple of months after the trial, once the sentence is known.",
    "After the first anniversary, if the family agree.",
    "When the compensation claim is settled.",
    "When the counselling arranged has ended.",
]


def _morning(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def add_exits(rng: random.Random, today: date) -> None:
    _cancel_actions_left_open()
    _reopen_some(rng, today)
    _plan_exits(rng, today)


def _cancel_actions_left_open() -> None:
    """The demo's closures chose to cancel the agreed actions still open (the closing page asks which)."""
    closed_on = NeedsAssessment.objects.filter(pk=OuterRef("assessment_id")).values("person__closed_on")[:1]
    tracked.update_where(
        AgreedAction.objects.filter(
            assessment__person__closed_on__isnull=False, completed_on__isnull=True, cancelled_on__isnull=True
        ),
        {"cancelled_on": Subquery(closed_on)},
        action="seed_demo",
    )


def _reopen_some(rng: random.Random, today: date) -> None:
    closed = (
        CaseEpisode.objects.filter(
            closed_on__isnull=False, closed_on__lt=today - timedelta(days=15), person__closed_on__isnull=False
        )
        .exclude(closure_reason=ClosureReason.DECLINED)
        .select_related("person__homicide")
        .order_by("pk")
    )
    episodes, people, contacts = [], [], []
    for episode in closed:
        if rng.random() >= REOPENED_SHARE:
            continue
        person = episode.person
        closed_on = episode.closed_on
        assert closed_on is not None  # the query's filter
        reopened_on = closed_on + timedelta(days=rng.randint(14, (today - closed_on).days - 1))
        opened_at = timezone.make_aware(datetime.combine(reopened_on, time.min))
        episodes.append(CaseEpisode(person=person, opened_at=opened_at, reopened_reason=rng.choice(REOPEN_REASONS)))
        person.closed_on, person.closure_reason, person.closure_notes = None, "", ""
        people.append(person)
        lead = person.homicide.lead_case_worker_id
        if lead is not None:
            contacts.append(
                Contact(
                    person=person,
                    kind=ContactKind.CALL_TO_PERSON,
                    made_by_id=lead,
                    occurred_at=_morning(reopened_on, rng.randint(9, 16)),
                    duration_minutes=rng.randint(10, 40),
                    notes="Called back after the case reopened.",
                )
            )
    tracked.create(episodes, action="seed_demo")
    tracked.update(people, ["closed_on", "closure_reason", "closure_notes"], action="seed_demo")
    tracked.create(contacts, action="seed_demo")


def _plan_exits(rng: random.Random, today: date) -> None:
    long_open = CaseEpisode.objects.filter(
        closed_on__isnull=True, opened_at__lt=_morning(today - timedelta(days=PLANNED_AFTER_DAYS), 0)
    ).order_by("pk")
    plans = []
    for episode in long_open:
        if rng.random() >= EXIT_PLANNED_SHARE:
            continue
        opened_on = timezone.localdate(episode.opened_at)
        reviewed_on = max(opened_on, today - timedelta(days=rng.randint(0, 60)))
        plans.append(
            ExitPlan(
                episode=episode,
                planned_on=opened_on + timedelta(days=rng.randint(540, 760)),
                conditions=rng.choice(EXIT_CONDITIONS),
                reviewed_on=reviewed_on,
            )
        )
    tracked.create(plans, action="seed_demo")
