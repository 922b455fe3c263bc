"""The demo's exits: a few percent of closed cases reopened, exit plans for long-open cases, open actions on closed
cases cancelled, all within the actions' rules; the same for the same random stream."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from casework.models import AgreedAction, BereavedPerson, CaseEpisode, ExitPlan
from demo.closure import add_exits
from tests import factories as f


def _world(cast):
    today = timezone.localdate()
    for n in range(100):
        f.PersonFactory(
            homicide=cast.homicide,
            referred_at=timezone.now() - timedelta(days=300),
            closed_on=today - timedelta(days=20 + n),
            closure_reason="after_trial",
        )
    for _ in range(20):
        f.PersonFactory(homicide=cast.homicide, referred_at=timezone.now() - timedelta(days=200))
    closed = f.PersonFactory(homicide=cast.homicide, closed_on=today - timedelta(days=3), closure_reason="other")
    return f.AgreedActionFactory(assessment=f.AssessmentFactory(person=closed, assessed_by=cast.case_worker))


def _state():
    return (
        sorted(CaseEpisode.objects.exclude(reopened_reason="").values_list("person_id", "opened_at")),
        sorted(ExitPlan.objects.values_list("episode_id", "planned_on", "reviewed_on")),
    )


def test_a_few_closed_cases_are_reopened_and_long_open_ones_get_exit_plans(cast):
    left_open = _world(cast)
    today = timezone.localdate()

    add_exits(random.Random(4), today)

    reopened = CaseEpisode.objects.exclude(reopened_reason="").select_related("person")
    assert 1 <= reopened.count() <= 10  # of 100 closed
    for episode in reopened:
        earlier = episode.person.episodes.exclude(pk=episode.pk).get()
        assert earlier.closed_on <= episode.opened_on <= today
        assert episode.person.closed_on is None
        assert episode.person.contacts.filter(occurred_at__gte=episode.opened_at).exists()
    plans = ExitPlan.objects.select_related("episode")
    # Of the 21 long-open episodes (the cast's person and 20 more), about a third.
    assert 3 <= plans.count() <= 14
    for plan in plans:
        assert plan.episode.closed_on is None
        assert plan.episode.opened_on + timedelta(days=540) <= plan.planned_on
        assert plan.episode.opened_on <= plan.reviewed_on <= today
    assert AgreedAction.objects.get(pk=left_open.pk).cancelled_on == today - timedelta(days=3)
    # Every open case has exactly one open episode, reopened ones included.
    for person in BereavedPerson.objects.filter(closed_on__isnull=True, referred_at__isnull=False):
        assert person.episodes.filter(closed_on__isnull=True).count() == 1


def test_the_same_stream_gives_the_same_exits(cast):
    from django.db import transaction

    _world(cast)
    with transaction.atomic():
        add_exits(random.Random(9), timezone.localdate())
        first = _state()
        transaction.set_rollback(True)
    add_exits(random.Random(9), timezone.localdate())

    assert _state() == first
    assert first[0] or first[1]
