"""What each role reads through the API: offence data only for those allowed, every person view logged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AccessChannel, AccessLog
from casework.models import NeedType

pytestmark = pytest.mark.django_db

VOLUNTEER_ENDPOINTS = [
    ("api:person-list", None),
    ("api:person-detail", "person"),
    ("api:contact-list", None),
    ("api:contact-detail", "volunteer_contact"),
    ("api:homicide-list", None),
    ("api:notification-list", None),
    ("api:consent-decision-list", None),
    ("api:assessment-list", None),
    ("api:support-given-list", None),
    ("api:allocation-list", None),
]


def test_a_volunteers_answers_never_carry_offence_data(cast, api_as):
    api = api_as(cast.volunteer)

    for name, record in VOLUNTEER_ENDPOINTS:
        url = reverse(name, args=[getattr(cast, record).pk]) if record else reverse(name)
        response = api.get(url)
        assert response.status_code == 200, name
        body = response.content.decode()
        assert "OFFENCE-DATA-MARKER" not in body
        assert "suspect_in_family" not in body
        assert "investigation_notes" not in body


def test_a_volunteer_sees_only_what_their_task_needs_of_a_person(cast, api_as):
    body = api_as(cast.volunteer).get(reverse("api:person-detail", args=[cast.person.pk])).json()

    # Who they are, and how to visit safely (the current risk check's level and measures): nothing else.
    assert set(body) == {"id", "first_name", "last_name", "is_open"} | {
        "risk_level",
        "risk_safety_measures",
        "risk_checked_on",
        "risk_review_by",
    }
    assert body["first_name"] == cast.person.first_name


def test_a_volunteer_reads_the_phone_number_with_their_task_only_where_it_is_shared(cast, api_as):
    api = api_as(cast.volunteer)
    url = reverse("api:volunteer-task-detail", args=[cast.assignment.pk])
    before = api.get(url).json()
    cast.assignment.phone_shared = True
    cast.assignment.save()
    after = api.get(url).json()

    assert (before["person_name"], before["person_phone"]) == (cast.person.full_name, None)
    assert (after["phone_shared"], after["person_phone"]) == (True, cast.person.phone)


def test_a_support_worker_reads_a_homicide_without_offence_data(cast, api_as):
    body = api_as(cast.support_worker).get(reverse("api:homicide-detail", args=[cast.homicide.pk])).json()

    assert body["reference"] == cast.homicide.reference
    assert "suspect_in_family" not in body
    assert "investigation_notes" not in body


def test_a_case_worker_reads_and_changes_offence_data(cast, api_as):
    api = api_as(cast.case_worker)

    before = api.get(reverse("api:homicide-detail", args=[cast.homicide.pk])).json()
    changed = api.patch(
        reverse("api:homicide-detail", args=[cast.homicide.pk]),
        {"investigation_notes": "Updated by the case worker", "suspect_in_family": False},
    )

    assert before["investigation_notes"] == "OFFENCE-DATA-MARKER"
    assert before["suspect_in_family"] is True
    assert changed.status_code == 200
    assert changed.json()["investigation_notes"] == "Updated by the case worker"
    cast.homicide.refresh_from_db()
    assert cast.homicide.suspect_in_family is False


def test_offence_data_posted_by_a_role_that_may_not_see_it_is_ignored(cast, api_as):
    response = api_as(cast.support_worker).patch(
        reverse("api:person-detail", args=[cast.person.pk]), {"phone": "07700 900999"}
    )
    homicide_change = api_as(cast.support_worker).patch(
        reverse("api:homicide-detail", args=[cast.homicide.pk]), {"investigation_notes": "overwritten"}
    )

    cast.homicide.refresh_from_db()
    assert response.status_code == 200
    assert homicide_change.status_code == 404
    assert cast.homicide.investigation_notes == "OFFENCE-DATA-MARKER"


def test_retrieving_a_person_writes_the_access_log_with_channel_api(cast, api_as):
    response = api_as(cast.case_worker).get(reverse("api:person-detail", args=[cast.person.pk]))

    entry = AccessLog.objects.get(person=cast.person)
    assert response.status_code == 200
    assert entry.user == cast.case_worker
    assert entry.channel == AccessChannel.API
    assert entry.homicide_id == cast.homicide.pk


def test_retrieving_a_homicide_writes_the_access_log(cast, api_as):
    api_as(cast.team_leader).get(reverse("api:homicide-detail", args=[cast.homicide.pk]))

    entry = AccessLog.objects.get(homicide=cast.homicide)
    assert (entry.user, entry.channel, entry.person_id) == (cast.team_leader, AccessChannel.API, None)


def test_an_outsider_reading_a_person_leaves_no_log_and_gets_404(cast, api_as):
    response = api_as(cast.other_case_worker).get(reverse("api:person-detail", args=[cast.person.pk]))

    assert response.status_code == 404
    assert not AccessLog.objects.filter(person=cast.person).exists()


def test_an_assessment_is_recorded_with_its_needs_and_agreed_actions(cast, api_as):
    needs = list(NeedType.objects.filter(is_active=True)[:2])
    assessed_on = cast.assessment.assessed_on.isoformat()

    response = api_as(cast.case_worker).post(
        reverse("api:assessment-list"),
        {
            "person": cast.person.pk,
            "kind": "ongoing",
            "case_stage": "trial",
            "assessed_on": assessed_on,
            "needs": [n.pk for n in needs],
            "actions": [
                {"description": "Apply to the compensation scheme", "review_on": assessed_on},
                {"description": "Court familiarisation visit", "review_on": assessed_on},
            ],
            "notes": "Synthetic notes",
        },
    )

    body = response.json()
    assert response.status_code == 201
    assert sorted(body["needs"]) == sorted(n.pk for n in needs)
    assert body["is_positive"] is True
    assert [a["description"] for a in body["actions"]] == [
        "Apply to the compensation scheme",
        "Court familiarisation visit",
    ]


def test_support_is_recorded_against_one_of_the_persons_assessments_only(cast, api_as):
    payload = {
        "person": cast.person.pk,
        "support_type": cast.support.support_type_id,
        "given_on": cast.support.given_on.isoformat(),
        "case_stage": "pre_trial",
    }
    api = api_as(cast.national_manager)

    own = api.post(reverse("api:support-given-list"), {**payload, "assessment": cast.assessment.pk})
    others = api.post(reverse("api:support-given-list"), {**payload, "assessment": cast.other_assessment.pk})

    assert own.status_code == 201
    assert own.json()["support_type_name"] == cast.support.support_type.name
    assert others.status_code == 400
    assert "assessment" in others.json()


def test_a_volunteer_records_their_own_visit_counted_as_a_volunteers(cast, api_as):
    response = api_as(cast.volunteer).post(
        reverse("api:contact-list"),
        {
            "person": cast.person.pk,
            "kind": "visit",
            "occurred_at": cast.contact.occurred_at.isoformat(),
            "duration_minutes": 90,
            "by_volunteer": False,
        },
    )

    assert response.status_code == 201
    assert response.json()["by_volunteer"] is True
    assert response.json()["made_by_name"] == "Val Volunteer"


def test_allocation_refuses_someone_from_another_region(cast, api_as):
    response = api_as(cast.national_manager).post(
        reverse("api:homicide-allocate", args=[cast.homicide.pk]), {"case_worker": cast.south_east_case_worker.pk}
    )

    assert response.status_code == 400
    assert "case_worker" in response.json()


def test_a_no_referral_reason_is_refused_once_someone_was_referred(cast, api_as):
    response = api_as(cast.team_leader).post(
        reverse("api:homicide-no-referral-reason", args=[cast.homicide.pk]), {"no_referral_reason": "family_declined"}
    )

    assert response.status_code == 400
    assert "no_referral_reason" in response.json()
