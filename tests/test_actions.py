"""The action functions: the rules every page, API call and command goes through."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework import actions as casework
from casework.models import ConsentOutcome, ContactKind, DeclineStage
from intake import actions as intake
from intake.models import Allocation, Homicide, NoReferralReason, Notification, NotificationSource, OffenceType
from tests import factories as f


def _referral(cast, **overrides):
    fields = {
        "by": cast.police_referrer,
        "source": NotificationSource.POLICE,
        "notifier_name": "DC Invented",
        "victim_first_name": "Alex",
        "victim_last_name": "Imaginary",
        "date_of_death": timezone.localdate() - timedelta(days=2),
        "offence_type": OffenceType.MURDER,
        "people": [
            {"first_name": "Jo", "last_name": "Imaginary", "age_group": "adult", "relationship_to_victim": "parent"},
            {"first_name": "Kim", "last_name": "Imaginary", "age_group": "child", "relationship_to_victim": "sibling"},
        ],
    }
    return casework.submit_referral(**{**fields, **overrides})


def test_a_police_referral_creates_one_homicide_with_referred_people(cast):
    notification, created = _referral(cast, idempotency_key="abc-1")

    assert created
    homicide = notification.homicide
    assert homicide.region == cast.london  # from the referrer's force
    assert homicide.bereaved_people.filter(referred_at__isnull=False).count() == 2


def test_a_retried_referral_with_the_same_key_creates_nothing(cast):
    first, _ = _referral(cast, idempotency_key="abc-2")
    counts = (Notification.objects.count(), Homicide.objects.count())

    again, created = _referral(cast, idempotency_key="abc-2")

    assert not created and again == first
    assert (Notification.objects.count(), Homicide.objects.count()) == counts


def test_a_second_notification_of_the_same_homicide_links_to_it(cast):
    first, _ = _referral(cast)
    second, _ = _referral(cast, by=cast.other_police_referrer, people=[])
    assert second.homicide == first.homicide


def test_a_bad_person_in_a_referral_saves_nothing(cast):
    counts = (Notification.objects.count(), Homicide.objects.count())
    bad = [{"first_name": "", "last_name": "X", "age_group": "adult", "relationship_to_victim": "parent"}]
    with pytest.raises(ValidationError):
        _referral(cast, people=bad)
    assert (Notification.objects.count(), Homicide.objects.count()) == counts


def test_a_date_of_death_in_the_future_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        _referral(cast, date_of_death=timezone.localdate() + timedelta(days=1))
    assert "date_of_death" in error.value.message_dict


def test_possible_duplicates_match_surname_and_nearby_date(cast):
    notification = f.NotificationFactory(
        victim_last_name=cast.homicide.victim_last_name.upper(), date_of_death=cast.homicide.date_of_death
    )
    found = intake.find_possible_duplicates(notification, Homicide.objects.all())
    assert cast.homicide in found


def test_allocation_keeps_its_history(cast):
    intake.allocate(homicide=cast.homicide, case_worker=cast.other_case_worker, by=cast.team_leader)
    intake.allocate(homicide=cast.homicide, case_worker=cast.case_worker, by=cast.team_leader)

    allocations = Allocation.objects.filter(homicide=cast.homicide).order_by("allocated_at", "id")
    assert [a.case_worker for a in allocations] == [cast.other_case_worker, cast.case_worker]
    assert allocations[0].ended_at is not None and allocations[1].ended_at is None
    cast.homicide.refresh_from_db()
    assert cast.homicide.lead_case_worker == cast.case_worker


def test_allocation_to_another_regions_worker_is_refused(cast):
    with pytest.raises(ValidationError):
        intake.allocate(homicide=cast.homicide, case_worker=cast.south_east_case_worker, by=cast.national_manager)


def test_consent_opens_the_case_once(cast):
    person = casework.add_person(
        homicide=cast.homicide,
        by=cast.case_worker,
        first_name="Lee",
        last_name="Made-up",
        age_group="adult",
        relationship_to_victim="sibling",
    )
    casework.record_consent(
        person=person,
        by=cast.case_worker,
        outcome=ConsentOutcome.DECLINED,
        decline_stage=DeclineStage.FIRST_CONTACT,
        review_on=timezone.localdate() + timedelta(days=30),
    )
    assert person.referred_at is None
    first = casework.record_consent(person=person, by=cast.case_worker, outcome=ConsentOutcome.REFERRED)
    casework.record_consent(person=person, by=cast.case_worker, outcome=ConsentOutcome.REFERRED)
    person.refresh_from_db()
    assert person.referred_at == first.decided_at


def test_a_decline_needs_its_stage(cast):
    with pytest.raises(ValidationError) as error:
        casework.record_consent(person=cast.person, by=cast.case_worker, outcome=ConsentOutcome.DECLINED)
    assert "decline_stage" in error.value.message_dict


def test_nobody_referred_reason_is_refused_once_someone_is_referred(cast):
    with pytest.raises(ValidationError):
        intake.record_no_referral_reason(
            homicide=cast.homicide, reason=NoReferralReason.FAMILY_DECLINED, by=cast.team_leader
        )


@pytest.mark.parametrize("days_after_death, field", [(-1, "occurred_at"), (400, "occurred_at")])
def test_a_contact_before_the_homicide_or_in_the_future_is_refused(cast, days_after_death, field):
    moment = timezone.make_aware(
        timezone.datetime.combine(
            cast.homicide.date_of_death + timedelta(days=days_after_death), timezone.datetime.min.time()
        )
    ) + timedelta(hours=12)
    with pytest.raises(ValidationError) as error:
        casework.record_contact(
            person=cast.person, by=cast.case_worker, kind=ContactKind.VISIT, occurred_at=moment, duration_minutes=30
        )
    assert field in error.value.message_dict


def test_a_volunteers_contact_counts_as_a_volunteer_contact(cast):
    contact = casework.record_contact(
        person=cast.person,
        by=cast.volunteer,
        kind=ContactKind.VISIT,
        occurred_at=timezone.now() - timedelta(hours=1),
        duration_minutes=45,
    )
    assert contact.by_volunteer


def test_an_assessment_is_positive_when_it_finds_a_need(cast):
    from casework.models import NeedType

    assessment = casework.record_assessment(
        person=cast.person,
        by=cast.case_worker,
        kind="ongoing",
        case_stage="trial",
        assessed_on=timezone.localdate(),
        needs=NeedType.objects.all()[:2],
        actions=[("Call the Witness Service", timezone.localdate() + timedelta(days=3)), ("", None)],
    )
    assert assessment.needs.count() == 2
    assert assessment.actions.count() == 1


def test_closing_a_case_derives_its_length_of_contact(cast):
    closed_on = timezone.localdate()
    casework.close_case(
        person=cast.person, by=cast.case_worker, closed_on=closed_on, reason="user_led_exit", open_actions="complete"
    )
    cast.person.refresh_from_db()
    episode = cast.person.episodes.get()
    assert episode.length_days() == (closed_on - timezone.localdate(cast.person.referred_at)).days
    with pytest.raises(ValidationError):
        casework.record_contact(
            person=cast.person,
            by=cast.case_worker,
            kind=ContactKind.VISIT,
            occurred_at=timezone.now(),
            duration_minutes=10,
        )


def test_a_domestic_homicide_case_stays_open_until_its_review_is_complete(cast):
    cast.homicide.is_domestic = True
    cast.homicide.save()
    with pytest.raises(ValidationError, match="Domestic Homicide Review"):
        casework.close_case(
            person=cast.person,
            by=cast.case_worker,
            closed_on=timezone.localdate(),
            reason="user_led_exit",
            open_actions="cancel",
        )
    f.ReviewFactory(homicide=cast.homicide, completed_on=timezone.localdate())
    casework.close_case(
        person=cast.person,
        by=cast.case_worker,
        closed_on=timezone.localdate(),
        reason="user_led_exit",
        open_actions="cancel",
    )


def test_people_referred_with_a_notification_were_added_when_it_was_received(cast):
    received = timezone.now() - timedelta(days=1)
    notification, _ = _referral(cast, received_at=received)
    assert {p.created_at for p in notification.homicide.bereaved_people.all()} == {received}
