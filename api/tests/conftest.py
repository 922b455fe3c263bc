"""Helpers for calling the API as a member of the cast."""

from __future__ import annotations

import json

import pytest


class Caller:
    """A test client signed in with both factors, speaking JSON."""

    def __init__(self, client):
        self.client = client

    def get(self, url, params=None, **extra):
        return self.client.get(url, params, **extra)

    def post(self, url, data=None, **extra):
        return self.client.post(url, json.dumps(data or {}), content_type="application/json", **extra)

    def patch(self, url, data=None, **extra):
        return self.client.patch(url, json.dumps(data or {}), content_type="application/json", **extra)


@pytest.fixture
def api_as(signed_in):
    """`api_as(user)`: call the API with a verified session as `user`."""

    def _as(user):
        return Caller(signed_in(user))

    return _as


def add_api_records(cast):
    """A Domestic Homicide Review in each region (`reviews.tests.helpers.add_reviews`), police liaison on the cast's
    homicides (`intake.tests.helpers.add_police_liaison`) and an event in each homicide's justice journey (the records
    of the journey-events endpoints, named as the permission matrix's page records name them), so that every endpoint
    has a record to answer about. Added to the cast by the tests that
    walk every endpoint rather than in the root cast: the justice and review tests count the records they make."""
    from intake.tests.helpers import add_police_liaison
    from reviews.tests.helpers import add_reviews
    from tests import factories as f

    add_reviews(cast)
    add_police_liaison(cast)
    cast.journey_event = f.JourneyEventFactory(homicide=cast.homicide, recorded_by=cast.case_worker)
    cast.other_journey_event = f.JourneyEventFactory(
        homicide=cast.other_homicide, recorded_by=cast.south_east_case_worker
    )
    return cast


@pytest.fixture
def cast(cast):
    """The cast, with a record for every endpoint (`add_api_records`)."""
    return add_api_records(cast)
