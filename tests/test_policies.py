"""The access policies: what each role may see, record by record (the pages and API rely on these)."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from access import policies
from casework.models import BereavedPerson, Contact, Cover, NeedsAssessment, SupportGiven
from intake.models import Homicide, Notification

# role -> (sees the inside homicide, sees the outside homicide)
HOMICIDE_REACH = {
    "national_manager": (True, True),
    "team_leader": (True, False),
    "other_team_leader": (False, True),
    "case_worker": (True, False),
    "other_case_worker": (False, False),
    "support_worker": (True, False),
    "volunteer": (False, False),
    "police_referrer": (False, False),
    "analyst": (False, False),
}


@pytest.mark.parametrize("role, expected", HOMICIDE_REACH.items())
def test_homicides_each_role_may_see(cast, role, expected):
    user = getattr(cast, role)
    visible = policies.visible(user, Homicide)
    assert (
        visible.filter(pk=cast.homicide.pk).exists(),
        visible.filter(pk=cast.other_homicide.pk).exists(),
    ) == expected


PERSON_REACH = {**HOMICIDE_REACH, "volunteer": (True, False), "other_volunteer": (False, False)}


@pytest.mark.parametrize("role, expected", PERSON_REACH.items())
def test_people_each_role_may_see(cast, role, expected):
    visible = policies.visible(getattr(cast, role), BereavedPerson)
    assert (visible.filter(pk=cast.person.pk).exists(), visible.filter(pk=cast.other_person.pk).exists()) == expected


CONFIDENTIAL_REACH = {
    "national_manager": (True, True),
    "team_leader": (True, False),
    "case_worker": (True, False),
    "other_case_worker": (False, False),
    "support_worker": (False, False),
    "volunteer": (False, False),
    "police_referrer": (False, False),
    "analyst": (False, False),
}


@pytest.mark.parametrize("model, attr", [(NeedsAssessment, "assessment"), (SupportGiven, "support")])
@pytest.mark.parametrize("role, expected", CONFIDENTIAL_REACH.items())
def test_confidential_casework_each_role_may_see(cast, role, expected, model, attr):
    visible = policies.visible(getattr(cast, role), model)
    inside, outside = getattr(cast, attr), getattr(cast, f"other_{attr}")
    assert (visible.filter(pk=inside.pk).exists(), visible.filter(pk=outside.pk).exists()) == expected


def test_a_volunteer_sees_only_their_own_contacts(cast):
    visible = policies.visible(cast.volunteer, Contact)
    assert list(visible) == [cast.volunteer_contact]


def test_a_volunteer_loses_access_when_the_task_ends(cast):
    cast.assignment.ended_on = timezone.localdate()
    cast.assignment.save()
    assert not policies.people(cast.volunteer).exists()


def test_cover_gives_a_worker_the_absent_workers_cases_for_its_dates_only(cast):
    today = timezone.localdate()
    Cover.objects.create(
        covering_worker=cast.other_case_worker,
        absent_worker=cast.case_worker,
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=1),
        arranged_by=cast.team_leader,
    )
    assert policies.homicides(cast.other_case_worker).filter(pk=cast.homicide.pk).exists()
    assert policies.assessments(cast.other_case_worker).filter(pk=cast.assessment.pk).exists()
    Cover.objects.update(ends_on=today - timedelta(days=1))
    assert not policies.homicides(cast.other_case_worker).exists()


def test_a_request_looks_up_reach_once_and_a_cover_arranged_in_it_counts_at_once(cast, django_assert_num_queries):
    today = timezone.localdate()
    with policies.reach_remembered_for_request():
        assert not policies.homicides(cast.other_case_worker).filter(pk=cast.homicide.pk).exists()
        with django_assert_num_queries(1):  # the reach is remembered: only the homicide query itself
            policies.homicides(cast.other_case_worker).filter(pk=cast.homicide.pk).exists()
        Cover.objects.create(
            covering_worker=cast.other_case_worker,
            absent_worker=cast.case_worker,
            starts_on=today,
            ends_on=today,
            arranged_by=cast.team_leader,
        )
        assert policies.homicides(cast.other_case_worker).filter(pk=cast.homicide.pk).exists()
    # Outside a request nothing is remembered.
    with django_assert_num_queries(2):
        policies.homicides(cast.other_case_worker).exists()


def test_a_support_worker_sees_confidential_notes_only_while_covering(cast):
    assert not policies.contacts(cast.support_worker).exists()
    today = timezone.localdate()
    Cover.objects.create(
        covering_worker=cast.support_worker,
        absent_worker=cast.case_worker,
        starts_on=today,
        ends_on=today,
        arranged_by=cast.team_leader,
    )
    assert policies.contacts(cast.support_worker).filter(pk=cast.contact.pk).exists()


def test_police_referrers_see_only_their_own_notifications(cast):
    assert list(policies.visible(cast.police_referrer, Notification)) == [cast.notification]
    assert not policies.visible(cast.other_police_referrer, Notification).exists()


def test_inactive_users_see_nothing(cast):
    cast.national_manager.is_active = False
    assert not policies.homicides(cast.national_manager).exists()


def test_get_visible_or_404_hides_existence(cast):
    with pytest.raises(Http404):
        policies.get_visible_or_404(cast.other_team_leader, Homicide, pk=cast.homicide.pk)
    with pytest.raises(Http404):
        policies.get_visible_or_404(cast.team_leader, Homicide, pk="not-a-number")
    assert policies.get_visible_or_404(cast.team_leader, Homicide, pk=cast.homicide.pk) == cast.homicide


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("national_manager", True),
        ("team_leader", True),
        ("case_worker", True),
        ("support_worker", False),
        ("volunteer", False),
        ("police_referrer", False),
        ("analyst", False),
    ],
)
def test_only_case_holding_roles_see_offence_data(cast, role, allowed):
    assert policies.can_see_offence_data(getattr(cast, role)) is allowed


def test_team_leaders_allocate_only_in_their_region(cast):
    assert policies.can_allocate(cast.team_leader, cast.homicide)
    assert not policies.can_allocate(cast.team_leader, cast.other_homicide)
    assert not policies.can_allocate(cast.case_worker, cast.homicide)


def test_report_regions(cast):
    assert policies.report_regions(cast.national_manager).count() == 5
    assert list(policies.report_regions(cast.team_leader)) == [cast.london]
    assert not policies.report_regions(cast.case_worker).exists()
