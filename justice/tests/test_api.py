"""The journey's endpoints under a homicide: offence-data roles within reach only (404 otherwise), the record's own
date, the action's rules answered as JSON field messages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from justice.models import JourneyEvent
from tests import factories as f

pytestmark = pytest.mark.django_db


def _events_url(homicide):
    return reverse("api:homicide-journey-events", args=[homicide.pk])


def _defendants_url(homicide):
    return reverse("api:homicide-defendants", args=[homicide.pk])


def test_recording_a_charge_through_the_api(cast, api_as):
    api = api_as(cast.case_worker)
    defendant = api.post(_defendants_url(cast.homicide), {"name": "Invented Accused"}).json()
    day = (cast.homicide.date_of_death + timedelta(days=2)).isoformat()

    response = api.post(
        _events_url(cast.homicide),
        {"kind": "charge", "occurred_on": day, "defendant": defendant["id"], "offence": "Murder"},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["occurred_on"], body["defendant_name"], body["offence"]) == (
        "charge",
        day,
        "Invented Accused",
        "Murder",
    )
    listed = api.get(_events_url(cast.homicide)).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]
    assert [row["name"] for row in api.get(_defendants_url(cast.homicide)).json()["results"]] == ["Invented Accused"]


def test_the_rules_come_back_as_field_messages(cast, api_as):
    elsewhere = f.DefendantFactory(homicide=cast.other_homicide)
    before_death = (cast.homicide.date_of_death - timedelta(days=1)).isoformat()

    response = api_as(cast.national_manager).post(
        _events_url(cast.homicide),
        {"kind": "charge", "occurred_on": before_death, "defendant": elsewhere.pk, "notes": "x" * 2001},
    )

    assert response.status_code == 400
    assert response.json() == {
        "occurred_on": [f"The date must be on or after the date of death ({cast.homicide.date_of_death:%d/%m/%Y})"],
        "defendant": ["Select a defendant in this homicide"],
        "offence": ["Enter the offence charged"],
        "notes": ["Notes must be 2,000 characters or fewer"],
    }
    assert not JourneyEvent.objects.exists()


def test_a_defendant_the_caller_may_not_see_reads_as_one_that_does_not_exist(cast, api_as):
    elsewhere = f.DefendantFactory(homicide=cast.other_homicide)

    response = api_as(cast.case_worker).post(
        _events_url(cast.homicide),
        {"kind": "verdict", "occurred_on": cast.homicide.date_of_death.isoformat(), "defendant": elsewhere.pk},
    )

    missing = api_as(cast.case_worker).post(
        _events_url(cast.homicide),
        {"kind": "verdict", "occurred_on": cast.homicide.date_of_death.isoformat(), "defendant": 999_999_999},
    )

    assert response.status_code == missing.status_code == 400
    assert list(response.json()) == ["defendant"]
    assert response.json() == missing.json() == {"defendant": ["Select the defendant from the records you may see"]}


@pytest.mark.parametrize(
    "user_name", ["support_worker", "volunteer", "analyst", "other_case_worker", "police_referrer"]
)
def test_outside_reach_or_without_offence_data_every_journey_endpoint_is_404(cast, api_as, user_name):
    f.JourneyEventFactory(homicide=cast.homicide, recorded_by=cast.case_worker)
    api = api_as(getattr(cast, user_name))

    for url in (_events_url(cast.homicide), _defendants_url(cast.homicide)):
        assert api.get(url).status_code == 404
        assert api.post(url, {}).status_code == 404


def test_the_list_holds_only_the_homicides_own_events(cast, api_as):
    own = f.JourneyEventFactory(homicide=cast.homicide, recorded_by=cast.case_worker)
    f.JourneyEventFactory(homicide=cast.other_homicide, recorded_by=cast.case_worker)

    rows = api_as(cast.national_manager).get(_events_url(cast.homicide)).json()["results"]

    assert [row["id"] for row in rows] == [own.pk]


def test_wrong_types_are_refused_in_json_not_coerced(cast, api_as):
    response = api_as(cast.case_worker).post(
        _events_url(cast.homicide), {"kind": "arrest", "occurred_on": 20240101, "notes": 42}
    )

    assert response.status_code == 400
    assert set(response.json()) == {"occurred_on", "notes"}
