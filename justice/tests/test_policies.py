"""Defendants and journey events are criminal offence data: no role outside OFFENCE_DATA_ROLES gets any, even on a
homicide it sees; offence-data roles get those of the homicides within their reach."""

from __future__ import annotations

import pytest

from access import policies
from tests import factories as f

pytestmark = pytest.mark.django_db

EXPECTED = {
    "national_manager": {"homicide", "other_homicide"},
    "team_leader": {"homicide"},
    "other_team_leader": {"other_homicide"},
    "case_worker": {"homicide"},
    "other_case_worker": set(),
    "south_east_case_worker": {"other_homicide"},
    # Support workers see both homicides' pages in their region, but never the journey.
    "support_worker": set(),
    "other_support_worker": set(),
    "volunteer": set(),
    "police_referrer": set(),
    "analyst": set(),
}


@pytest.mark.parametrize("user_name", sorted(EXPECTED))
def test_journey_records_follow_offence_data_and_reach(cast, user_name):
    records = {}
    for name in ("homicide", "other_homicide"):
        homicide = getattr(cast, name)
        records[name] = (
            f.JourneyEventFactory(homicide=homicide, recorded_by=cast.national_manager),
            f.DefendantFactory(homicide=homicide, added_by=cast.national_manager),
        )
    user = getattr(cast, user_name)

    events = set(policies.journey_events(user))
    defendants = set(policies.defendants(user))

    assert events == {records[name][0] for name in EXPECTED[user_name]}
    assert defendants == {records[name][1] for name in EXPECTED[user_name]}
