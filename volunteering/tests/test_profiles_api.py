"""Volunteers' availability, area and travel through the API: read with the pages' scope
(`policies.volunteer_profiles`), changed through `volunteering.actions.update_deployment_profile` with its rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pghistory.models import Context

from accounts.models import Role
from tests import factories as f
from volunteering.models import VolunteerProfile

LIST = reverse("api:volunteer-profile-list")


def _detail(profile) -> str:
    return reverse("api:volunteer-profile-detail", args=[profile.pk])


@pytest.fixture
def api_as(signed_in):
    from api.tests.conftest import Caller

    return lambda user: Caller(signed_in(user))


@pytest.fixture
def far_away(cast):
    """A South East volunteer's profile: outside London's reach."""
    volunteer = f.UserFactory(role=Role.VOLUNTEER, region=cast.south_east, full_name="Far Away")
    return f.VolunteerProfileFactory(volunteer=volunteer, area_notes="Kent coast")


def _listed(api) -> set[int]:
    response = api.get(LIST, {"limit": 500})
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def test_the_api_reads_profiles_with_the_pages_scope(cast, api_as, far_away):
    london = {cast.volunteer_profile.pk, cast.other_volunteer_profile.pk}

    assert _listed(api_as(cast.volunteer)) == {cast.volunteer_profile.pk}
    assert _listed(api_as(cast.case_worker)) == london
    assert _listed(api_as(cast.team_leader)) == london
    assert _listed(api_as(cast.other_team_leader)) == {far_away.pk}
    assert _listed(api_as(cast.national_manager)) == london | {far_away.pk}
    assert _listed(api_as(cast.support_worker)) == set()
    assert _listed(api_as(cast.police_referrer)) == set()
    assert api_as(cast.case_worker).get(_detail(far_away)).status_code == 404
    assert api_as(cast.other_volunteer).get(_detail(cast.volunteer_profile)).status_code == 404


def test_a_profile_reads_as_on_the_page(cast, api_as):
    cast.volunteer.languages = ["Polish"]
    cast.volunteer.save()

    row = api_as(cast.case_worker).get(_detail(cast.volunteer_profile)).json()

    assert row["volunteer"] == cast.volunteer.pk and row["volunteer_name"] == "Val Volunteer"
    assert (row["region"], row["languages"], row["available_days"]) == ("london", ["Polish"], ["tue", "thu"])
    assert (row["area_notes"], row["available_now"], row["not_available_until"]) == (
        "Drives; within 15 miles of home",
        True,
        None,
    )


def test_a_volunteer_changes_their_own_and_what_is_not_sent_is_kept(cast, api_as):
    back = timezone.localdate() + timedelta(days=14)

    response = api_as(cast.volunteer).patch(
        _detail(cast.volunteer_profile),
        {"available_days": ["fri", "mon"], "not_available_until": back.isoformat(), "languages": ["urdu", "Urdu"]},
    )

    assert response.status_code == 200
    assert response.json()["available_days"] == ["mon", "fri"]
    assert response.json()["available_now"] is False and response.json()["languages"] == ["Urdu"]
    profile = VolunteerProfile.objects.get(pk=cast.volunteer_profile.pk)
    assert (profile.not_available_until, profile.area_notes) == (back, "Drives; within 15 miles of home")
    assert Context.objects.filter(metadata__user=cast.volunteer.pk, metadata__action="update_deployment_profile")


def test_a_team_leader_changes_their_volunteers_and_a_case_worker_only_reads(cast, api_as):
    changed = api_as(cast.team_leader).patch(_detail(cast.volunteer_profile), {"area_notes": "By bus"})
    refused = api_as(cast.case_worker).patch(_detail(cast.volunteer_profile), {"area_notes": "Anywhere"})
    outside = api_as(cast.other_team_leader).patch(_detail(cast.volunteer_profile), {"area_notes": "Anywhere"})

    assert changed.status_code == 200 and changed.json()["area_notes"] == "By bus"
    assert refused.status_code == 404 and outside.status_code == 404
    assert VolunteerProfile.objects.get(pk=cast.volunteer_profile.pk).area_notes == "By bus"


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"not_available_until": (timezone.localdate() - timedelta(days=1)).isoformat()},
            {"not_available_until": ["The date must be today or in the future"]},
        ),
        (
            {"not_available_until": (timezone.localdate() + timedelta(days=800)).isoformat()},
            {"not_available_until": ["The date must be within the next 2 years"]},
        ),
        ({"area_notes": "x" * 501}, {"area_notes": ["Enter 500 characters or fewer"]}),
        ({"languages": [f"Language {n}" for n in range(11)]}, {"languages": ["List 10 languages or fewer"]}),
    ],
)
def test_the_actions_rules_answer_400_and_change_nothing(cast, api_as, body, errors):
    response = api_as(cast.volunteer).patch(_detail(cast.volunteer_profile), body)

    assert response.status_code == 400 and response.json() == errors
    profile = VolunteerProfile.objects.get(pk=cast.volunteer_profile.pk)
    assert (profile.not_available_until, profile.area_notes) == (None, "Drives; within 15 miles of home")


def test_an_unknown_day_is_refused(cast, api_as):
    response = api_as(cast.volunteer).patch(_detail(cast.volunteer_profile), {"available_days": ["someday"]})

    assert response.status_code == 400 and list(response.json()) == ["available_days"]


def test_the_list_pages_through_every_profile(cast, api_as, far_away):
    api = api_as(cast.national_manager)

    first = api.get(LIST, {"limit": 1})
    assert first.status_code == 200 and first.json()["next"]
    seen = [row["id"] for row in first.json()["results"]]
    following = api.get(first.json()["next"])
    assert following.status_code == 200
    seen += [row["id"] for row in following.json()["results"]]

    assert seen == sorted({cast.volunteer_profile.pk, cast.other_volunteer_profile.pk, far_away.pk})[:2]
