"""Police referrals through the API: one submission, retried safely, acknowledged with the case worker's name."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import BereavedPerson, ConsentDecision
from intake.models import Homicide, Notification

pytestmark = pytest.mark.django_db


def _referral(**overrides) -> dict:
    return {
        "notifier_name": "DS Invented Officer",
        "notifier_role": "Family Liaison Officer",
        "victim_first_name": "Imaginary",
        "victim_last_name": "Fictionperson",
        "date_of_death": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "place": "Made-up Road, Nowhere",
        "offence_type": "murder",
        "suspect_in_family": True,
        "people": [
            {
                "first_name": "Alba",
                "last_name": "Fictionperson",
                "age_group": "adult",
                "relationship_to_victim": "parent",
                "phone": "07700 900111",
                "email": "alba@example.test",
                "preferred_language": "Welsh",
            },
            {
                "first_name": "Bryn",
                "last_name": "Fictionperson",
                "age_group": "child",
                "relationship_to_victim": "sibling",
                "phone": "",
                "email": "",
                "preferred_language": "English",
            },
        ],
        **overrides,
    }


def _counts() -> tuple[int, int, int, int]:
    return (
        Notification.objects.count(),
        Homicide.objects.count(),
        BereavedPerson.objects.count(),
        ConsentDecision.objects.count(),
    )


def test_a_police_referral_is_retried_with_its_key_and_nothing_is_made_twice(cast, api_as):
    api = api_as(cast.police_referrer)
    before = _counts()

    first = api.post(reverse("api:notification-list"), _referral(), HTTP_IDEMPOTENCY_KEY="fl0-2025-001")
    after_first = _counts()
    retry = api.post(reverse("api:notification-list"), _referral(), HTTP_IDEMPOTENCY_KEY="fl0-2025-001")

    assert first.status_code == 201
    assert (retry.status_code, retry.json()) == (201, first.json())
    assert "homicide_reference" not in retry.json()  # the police hear back their own submission, not our record
    assert after_first == (before[0] + 1, before[1] + 1, before[2] + 2, before[3] + 2)
    assert _counts() == after_first


def test_the_referred_people_are_referred_with_consent_to_the_new_homicide(cast, api_as):
    response = api_as(cast.police_referrer).post(reverse("api:notification-list"), _referral())

    notification = Notification.objects.get(reference=response.json()["reference"])
    people = BereavedPerson.objects.filter(homicide=notification.homicide).order_by("first_name")
    assert [p.first_name for p in people] == ["Alba", "Bryn"]
    assert all(p.referred_at for p in people)
    assert notification.police_force == cast.police_referrer.police_force
    assert notification.region == cast.london
    assert notification.homicide.suspect_in_family is True


def test_the_police_hear_back_the_case_worker_once_allocated(cast, api_as):
    api = api_as(cast.police_referrer)
    created = api.post(reverse("api:notification-list"), _referral()).json()
    assert created["case_worker_name"] is None
    assert "homicide" not in created
    assert "homicide_reference" not in created

    homicide = Notification.objects.get(pk=created["id"]).homicide
    allocated = api_as(cast.team_leader).post(
        reverse("api:homicide-allocate", args=[homicide.pk]), {"case_worker": cast.case_worker.pk}
    )
    assert allocated.status_code == 201

    answer = api_as(cast.police_referrer).get(reverse("api:notification-detail", args=[created["id"]]))
    assert answer.status_code == 200
    assert answer.json()["case_worker_name"] == "Casey Worker"
    assert answer.json()["reference"] == created["reference"]


def test_police_may_write_the_suspect_flag_but_do_not_read_it_back(cast, api_as):
    api = api_as(cast.police_referrer)

    created = api.post(reverse("api:notification-list"), _referral())
    read = api.get(reverse("api:notification-detail", args=[created.json()["id"]]))

    assert "suspect_in_family" not in created.json()
    assert "suspect_in_family" not in read.json()
    assert "OFFENCE-DATA-MARKER" not in read.content.decode()


def test_another_police_referrer_cannot_read_the_referral(cast, api_as):
    created = api_as(cast.police_referrer).post(reverse("api:notification-list"), _referral()).json()

    api = api_as(cast.other_police_referrer)
    detail = api.get(reverse("api:notification-detail", args=[created["id"]]))
    listed = api.get(reverse("api:notification-list"))

    assert detail.status_code == 404
    assert created["id"] not in {row["id"] for row in listed.json()["results"]}


def test_the_same_key_from_another_referrer_is_a_separate_submission(cast, api_as):
    first = api_as(cast.police_referrer).post(reverse("api:notification-list"), _referral(), HTTP_IDEMPOTENCY_KEY="k1")
    second = api_as(cast.other_police_referrer).post(
        reverse("api:notification-list"), _referral(people=[]), HTTP_IDEMPOTENCY_KEY="k1"
    )

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["reference"] != second.json()["reference"]


def test_a_posted_region_owner_or_role_has_no_effect(cast, api_as):
    payload = _referral(
        region=cast.south_east.pk,
        submitted_by=cast.national_manager.pk,
        source="media",
        role="national_manager",
        police_force=cast.other_notification.police_force_id,
        reference="NOT-FAKE-1",
        homicide=cast.other_homicide.pk,
    )

    response = api_as(cast.police_referrer).post(reverse("api:notification-list"), payload)

    notification = Notification.objects.get(pk=response.json()["id"])
    cast.police_referrer.refresh_from_db()
    assert response.status_code == 201
    assert notification.region == cast.london
    assert notification.submitted_by == cast.police_referrer
    assert notification.source == "police"
    assert notification.reference != "NOT-FAKE-1"
    assert notification.homicide != cast.other_homicide
    assert cast.police_referrer.role == "police_referrer"


def test_a_person_posted_with_a_region_or_closure_keeps_what_the_actions_decide(cast, api_as):
    response = api_as(cast.case_worker).post(
        reverse("api:person-list"),
        {
            "homicide": cast.homicide.pk,
            "first_name": "Ione",
            "last_name": "Madeup",
            "age_group": "adult",
            "relationship_to_victim": "friend",
            "closed_on": "2020-01-01",
            "referred_at": "2020-01-01T10:00:00Z",
            "region": cast.south_east.pk,
        },
    )

    person = BereavedPerson.objects.get(pk=response.json()["id"])
    assert response.status_code == 201
    assert person.closed_on is None
    assert person.referred_at is None
    assert person.homicide == cast.homicide


def test_intake_staff_record_a_notification_without_people(cast, api_as):
    response = api_as(cast.support_worker).post(
        reverse("api:notification-list"),
        _referral(people=[], source="media", police_force=cast.notification.police_force_id),
    )

    assert response.status_code == 201
    body = response.json()
    assert body["source"] == "media"
    assert body["homicide"] is None
    assert "suspect_in_family" not in body  # support workers do not read offence data


def test_intake_staff_must_say_where_a_notification_came_from(cast, api_as):
    payload = _referral(people=[], police_force=cast.notification.police_force_id)
    payload.pop("source", None)

    response = api_as(cast.support_worker).post(reverse("api:notification-list"), payload)

    assert response.status_code == 400
    assert "source" in response.json()


def test_an_overlong_idempotency_key_is_refused(cast, api_as):
    response = api_as(cast.police_referrer).post(
        reverse("api:notification-list"), _referral(), HTTP_IDEMPOTENCY_KEY="k" * 101
    )

    assert response.status_code == 400
    assert "idempotency_key" in response.json()
    assert not Notification.objects.filter(submitted_by=cast.police_referrer, victim_last_name="Fictionperson").exists()


def test_intake_staff_link_a_notification_to_an_existing_or_a_new_homicide(cast, api_as):
    from tests.factories import NotificationFactory

    api = api_as(cast.support_worker)
    first = NotificationFactory(region=cast.london, submitted_by=cast.support_worker)
    second = NotificationFactory(region=cast.london, submitted_by=cast.support_worker)

    created = api.post(reverse("api:notification-link", args=[first.pk]), {})
    linked = api.post(reverse("api:notification-link", args=[second.pk]), {"homicide": created.json()["homicide"]})

    assert created.status_code == 200 and created.json()["homicide_reference"]
    assert linked.status_code == 200 and linked.json()["homicide"] == created.json()["homicide"]


def test_a_homicide_out_of_reach_cannot_be_linked_and_is_not_revealed(cast, api_as):
    from tests.factories import NotificationFactory

    notification = NotificationFactory(region=cast.london, submitted_by=cast.support_worker)
    response = api_as(cast.support_worker).post(
        reverse("api:notification-link", args=[notification.pk]), {"homicide": cast.other_homicide.pk}
    )

    assert response.status_code == 400
    assert "homicide" in response.json()
    notification.refresh_from_db()
    assert notification.homicide_id is None
