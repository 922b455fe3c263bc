"""The homicide and person pages run the same number of queries however long the journey is."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from intake.tests.test_query_counts import HOMICIDE_DETAIL_QUERIES
from tests import factories as f

pytestmark = pytest.mark.django_db


def _journey(cast, events: int) -> None:
    for n in range(events):
        defendant = f.DefendantFactory(homicide=cast.homicide, added_by=cast.case_worker)
        f.JourneyEventFactory(
            homicide=cast.homicide,
            kind="charge",
            defendant=defendant,
            offence="Murder",
            occurred_on=cast.homicide.date_of_death + timedelta(days=n),
            recorded_by=f.UserFactory(region=cast.london),
        )


@pytest.mark.parametrize("events", [1, 20])
def test_homicide_page_with_a_journey_has_a_pinned_query_count(cast, signed_in, django_assert_num_queries, events):
    _journey(cast, events)
    client = signed_in(cast.team_leader)
    path = reverse("intake:homicide-detail", args=[cast.homicide.pk])
    client.get(path)

    with django_assert_num_queries(HOMICIDE_DETAIL_QUERIES):
        response = client.get(path)

    assert response.content.decode().count('class="moj-timeline__item"') == events


@pytest.mark.parametrize("events", [1, 20])
def test_person_page_with_a_journey_has_a_pinned_query_count(cast, signed_in, django_assert_num_queries, events):
    _journey(cast, events)
    client = signed_in(cast.case_worker)
    path = reverse("casework:person-detail", args=[cast.person.pk])
    client.get(path)

    # 22, the children in the person's care (safeguarding): one; whether they may correct the contacts: one; the
    # episodes of support: one; the updates sent to volunteers: one.
    with django_assert_num_queries(23):
        response = client.get(path)

    assert response.content.decode().count('class="moj-timeline__item"') == events
