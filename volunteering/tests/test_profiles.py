"""Languages and availability (your own, and a team leader's for their team), and finding a volunteer with them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pghistory.models import Context

from access import policies
from accounts.models import Role
from tests import factories as f
from volunteering import actions
from volunteering.models import VolunteerProfile


def _day(name: str, value) -> dict:
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


def test_a_volunteer_keeps_their_own_languages_and_availability(cast, signed_in):
    back = timezone.localdate() + timedelta(days=20)
    response = signed_in(cast.volunteer).post(
        reverse("volunteering:profile"),
        {
            "languages": " polish, Urdu ,english, Polish",
            "available_days": ["thu", "mon"],
            "availability_notes": "Mornings only",
            **_day("not_available_until", back),
            "area_notes": "By bus within Camden",
        },
    )

    assert response.status_code == 302
    cast.volunteer.refresh_from_db()
    assert cast.volunteer.languages == ["Polish", "Urdu"]  # tidied, English assumed, each once
    profile = VolunteerProfile.objects.get(volunteer=cast.volunteer)
    assert profile.available_days == ["mon", "thu"]
    assert (profile.availability_notes, profile.not_available_until) == ("Mornings only", back)
    assert profile.area_notes == "By bus within Camden"
    page = signed_in(cast.volunteer).get(reverse("volunteering:profile"))
    assert page.context["form"]["languages"].value() == "Polish, Urdu"


def test_staff_keep_languages_only(cast, signed_in):
    form = signed_in(cast.case_worker).get(reverse("volunteering:profile")).context["form"]
    assert list(form.fields) == ["languages"]
    with pytest.raises(ValidationError) as refused:
        actions.update_deployment_profile(member=cast.case_worker, by=cast.case_worker, area_notes="Anywhere")
    assert refused.value.message_dict == {"__all__": ["Only volunteers keep availability, area and travel"]}


@pytest.mark.parametrize(
    ("days", "message"),
    [(-1, "The date must be today or in the future"), (800, "The date must be within the next 2 years")],
)
def test_not_available_until_is_a_return_from_a_break(cast, days, message):
    with pytest.raises(ValidationError) as refused:
        actions.update_deployment_profile(
            member=cast.volunteer,
            by=cast.volunteer,
            not_available_until=timezone.localdate() + timedelta(days=days),
        )
    assert refused.value.message_dict == {"not_available_until": [message]}


def test_fields_not_given_are_kept_and_the_change_is_in_the_history(cast):
    actions.update_deployment_profile(member=cast.volunteer, by=cast.volunteer, available_days=["tue"])
    before = Context.objects.count()
    actions.update_deployment_profile(member=cast.volunteer, by=cast.team_leader, languages=["Welsh"])

    assert VolunteerProfile.objects.get(volunteer=cast.volunteer).available_days == ["tue"]
    assert cast.volunteer.languages == ["Welsh"]
    assert Context.objects.count() == before + 1
    assert Context.objects.filter(
        metadata__user=cast.team_leader.pk, metadata__action="update_deployment_profile"
    ).exists()


def test_a_team_leader_keeps_their_teams_and_no_one_elses(cast, signed_in):
    leader = signed_in(cast.team_leader)
    users = leader.get(reverse("accounts:users")).content.decode()
    assert reverse("volunteering:member-profile", args=[cast.volunteer.pk]) in users
    response = leader.post(reverse("volunteering:member-profile", args=[cast.volunteer.pk]), {"languages": "Somali"})
    assert response.status_code == 302
    cast.volunteer.refresh_from_db()
    assert cast.volunteer.languages == ["Somali"]
    assert not policies.may("update_deployment_profile", cast.other_team_leader, cast.volunteer)
    assert not policies.may("update_deployment_profile", cast.case_worker, cast.volunteer)
    assert not policies.may("update_deployment_profile", cast.police_referrer, cast.police_referrer)
    assert policies.may("update_deployment_profile", cast.support_worker, cast.support_worker)


# ---- Finding a volunteer --------------------------------------------------------------------------------------


@pytest.fixture
def volunteers(cast):
    """London's volunteers: Val (the cast's, one task), Vic (none); Polly, who speaks Polish, on a break; an
    inactive one, and a South East one, never offered."""
    cast.person.preferred_language = "polish"
    cast.person.save()
    polly = f.UserFactory(role=Role.VOLUNTEER, region=cast.london, full_name="Polly Glot", languages=["Polish"])
    f.VolunteerProfileFactory(
        volunteer=polly, not_available_until=timezone.localdate() + timedelta(days=10), area_notes="North London"
    )
    f.VolunteerAssignmentFactory(volunteer=polly, person=f.PersonFactory(homicide=cast.homicide))
    f.VolunteerAssignmentFactory(volunteer=polly, person=f.PersonFactory(homicide=cast.homicide))
    ended = f.VolunteerAssignmentFactory(volunteer=polly, person=f.PersonFactory(homicide=cast.homicide))
    ended.ended_on = timezone.localdate()
    ended.save()
    f.UserFactory(role=Role.VOLUNTEER, region=cast.london, full_name="Gone Away", is_active=False)
    f.UserFactory(role=Role.VOLUNTEER, region=cast.south_east, full_name="Far Away")
    cast.polly = polly
    return cast


def test_find_a_volunteer_shows_the_regions_volunteers_speakers_first(volunteers, signed_in, django_assert_num_queries):
    c = volunteers
    client = signed_in(c.case_worker)
    url = reverse("volunteering:find", args=[c.person.pk])
    client.get(url)
    # Session, user, device; the workers the case worker covers (once a request); the person; the check that they
    # may give a task; the volunteers with their profiles and task counts (one query, however many); the access log
    # (its context and INSERT); the header.
    with django_assert_num_queries(9):
        client.get(url)
    for _ in range(3):
        f.VolunteerProfileFactory(volunteer=f.UserFactory(role=Role.VOLUNTEER, region=c.london, full_name="Zed More"))
    with django_assert_num_queries(9):
        response = client.get(url)

    found = response.context["found"]
    assert [(r.volunteer.full_name, r.current_tasks, r.speaks, r.available_now) for r in found] == [
        ("Polly Glot", 2, True, False),
        ("Vic Volunteer", 0, False, True),
        *[("Zed More", 0, False, True)] * 3,
        ("Val Volunteer", 1, False, True),  # the least busy first
    ]
    html = response.content.decode()
    assert "Not available until" in html and "North London" in html and "Speaks polish" in html
    assert "Gone Away" not in html and "Far Away" not in html
    assert f"{reverse('casework:volunteer-assign', args=[c.person.pk])}?volunteer={c.polly.pk}" in html
    only = client.get(url, {"language": "same"}).context["found"]
    assert [r.volunteer.full_name for r in only] == ["Polly Glot"]


def test_choosing_a_volunteer_fills_in_the_task_form(volunteers, signed_in):
    url = reverse("casework:volunteer-assign", args=[volunteers.person.pk])
    form = signed_in(volunteers.case_worker).get(url, {"volunteer": volunteers.polly.pk}).context["form"]
    assert form["volunteer"].value() == str(volunteers.polly.pk)
    assert form["assigned_on"].value() == timezone.localdate()
    assert (
        reverse("volunteering:find", args=[volunteers.person.pk])
        in signed_in(volunteers.case_worker).get(url).content.decode()
    )
