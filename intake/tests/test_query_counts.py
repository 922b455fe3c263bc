"""The list and record pages run a fixed number of queries, however many rows they show (no N+1)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.models import Allocation, LiaisonKind, PoliceLiaison
from tests import factories as f

# Each count includes the session, the user, the second-factor device and the user's region (page header): the
# page's own share is the rest.
NOTIFICATIONS_QUERIES = 6
# The homicides list chooses the page's ids first (one query), then counts and joins only those rows (one more);
# the lead case workers to filter by are one more.
HOMICIDES_QUERIES = 9
# The homicide page includes the justice journey: its events, defendants, and whether the user may record it; and
# its police liaison (one query, with the names joined).
HOMICIDE_DETAIL_QUERIES = 15


def add_london_rows(cast, how_many: int) -> None:
    """Homicides led by different workers, each with a notification and a person; and on cast.homicide, more
    people, notifications, past allocations and police liaison."""
    for _ in range(how_many):
        lead = f.UserFactory(region=cast.london)
        homicide = f.HomicideFactory(region=cast.london, lead_case_worker=lead)
        f.NotificationFactory(region=cast.london, homicide=homicide, submitted_by=cast.police_referrer)
        f.PersonFactory(homicide=homicide)
        person = f.PersonFactory(homicide=cast.homicide)
        f.ConsentFactory(person=person, recorded_by=lead)
        f.NotificationFactory(region=cast.london, homicide=cast.homicide, submitted_by=f.UserFactory())
        Allocation.objects.create(
            homicide=cast.homicide, case_worker=lead, allocated_by=f.UserFactory(), ended_at=timezone.now()
        )
        PoliceLiaison.objects.create(
            homicide=cast.homicide,
            kind=LiaisonKind.SIO_TOLD,
            named_case_worker=lead,
            recorded_by=f.UserFactory(),
        )


def pinned(client, django_assert_num_queries, path: str, count: int) -> str:
    with django_assert_num_queries(count):
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.django_db
def test_notifications_list_query_count_does_not_grow(cast, signed_in, django_assert_num_queries, rows):
    add_london_rows(cast, rows)
    path = reverse("intake:notifications")
    # A police referrer has no region, so no region query for the page header.
    for user, count in ((cast.team_leader, NOTIFICATIONS_QUERIES), (cast.police_referrer, NOTIFICATIONS_QUERIES - 1)):
        client = signed_in(user)
        client.get(path)  # the first page after signing in also starts the session clock
        content = pinned(client, django_assert_num_queries, path, count)
        assert content.count("govuk-table__row") >= rows


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.django_db
def test_homicides_list_query_count_does_not_grow(cast, signed_in, django_assert_num_queries, rows):
    add_london_rows(cast, rows)
    client = signed_in(cast.team_leader)
    path = reverse("intake:homicides")
    client.get(path)
    content = pinned(client, django_assert_num_queries, path, HOMICIDES_QUERIES)
    assert content.count("govuk-table__row") == rows + 2  # the header row, cast.homicide and the new ones


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.django_db
def test_homicide_detail_query_count_does_not_grow(cast, signed_in, django_assert_num_queries, rows):
    add_london_rows(cast, rows)
    client = signed_in(cast.team_leader)
    path = reverse("intake:homicide-detail", args=[cast.homicide.pk])
    client.get(path)
    content = pinned(client, django_assert_num_queries, path, HOMICIDE_DETAIL_QUERIES)
    assert content.count("Not asked yet") == 0
    assert content.count("Referred</strong>") == rows + 1
