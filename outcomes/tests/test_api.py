"""Outcome measures under a person in the API: the same action, its rules as JSON field messages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outcomes.actions import active_categories
from outcomes.models import OutcomeMeasure
from tests import factories as f

pytestmark = pytest.mark.django_db


def _url(person):
    return reverse("api:person-outcome-measures", args=[person.pk])


def test_recording_and_listing_measures(cast, api_as):
    api = api_as(cast.case_worker)
    day = (timezone.localdate() - timedelta(days=2)).isoformat()
    scores = {c.code: 2 for c in active_categories()} | {"drugs-alcohol": None}

    response = api.post(_url(cast.person), {"point": "start", "measured_on": day, "scores": scores})

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["person"], body["point"], body["measured_on"], body["scores"]) == (
        cast.person.pk,
        "start",
        day,
        scores,
    )
    assert body["recorded_by_name"] == cast.case_worker.full_name
    listed = api.get(_url(cast.person)).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]


def test_the_rules_come_back_as_field_messages(cast, api_as):
    scores = {c.code: 3 for c in active_categories()} | {"feeling-safe": 9}
    del scores["social-interaction"]
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = api_as(cast.team_leader).post(
        _url(cast.person), {"point": "start", "measured_on": tomorrow, "scores": scores}
    )

    assert response.status_code == 400
    assert response.json() == {
        "measured_on": ["The date of the measure must be today or in the past"],
        "score-feeling-safe": ["The score for feeling safe must be from 1 to 5"],
        "score-social-interaction": ["Select a score for social interaction, or not applicable"],
    }
    assert not OutcomeMeasure.objects.exists()


def _queries(api, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_list_does_not_grow_in_queries_with_the_measures(cast, api_as):
    api = api_as(cast.case_worker)
    start = f.OutcomeMeasureFactory(person=cast.person, recorded_by=cast.case_worker)
    api.get(_url(cast.person))
    one = _queries(api, _url(cast.person))
    for days in (10, 20, 30):
        f.OutcomeMeasureFactory(
            person=cast.person,
            recorded_by=cast.case_worker,
            point="review",
            measured_on=start.measured_on + timedelta(days=days),
        )

    assert _queries(api, _url(cast.person)) == one
    assert len(api.get(_url(cast.person)).json()["results"]) == 4
