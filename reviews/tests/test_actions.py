"""The review's rules, in its actions: a review only for a domestic homicide and only one; dates that happened,
not before the homicide, in order; advocacy offers and meetings; closure waits for the review."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from access.policies import NotAllowed
from casework import actions as casework
from intake import actions as intake
from intake.models import Homicide
from reviews import actions
from reviews.models import DomesticHomicideReview
from tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _died_long_enough_ago(cast):
    """Room for a review's year of steps between the homicide and today."""
    Homicide.objects.filter(pk=cast.homicide.pk).update(date_of_death=TODAY() - timedelta(days=400))
    cast.homicide.refresh_from_db()


def _domestic(cast) -> Homicide:
    Homicide.objects.filter(pk=cast.homicide.pk).update(is_domestic=True)
    cast.homicide.refresh_from_db()
    return cast.homicide


def _after_death(cast, days: int) -> date:
    return cast.homicide.date_of_death + timedelta(days=days)


def _review(cast, **fields) -> DomesticHomicideReview:
    _domestic(cast)
    review = actions.open_review(
        homicide=cast.homicide,
        by=cast.case_worker,
        partnership="Anytown Community Safety Partnership",
        decision="review",
        decided_on=_after_death(cast, 25),
    )
    if fields:
        review = actions.update_review(review=review, by=cast.case_worker, **fields)
    return review


def _errors(excinfo) -> dict:
    return {name: messages[0] for name, messages in excinfo.value.message_dict.items()}


def test_a_review_is_opened_for_a_domestic_homicide_with_the_partnerships_decision(cast):
    review = _review(cast)

    assert (review.decision, review.decided_on, review.opened_by) == (
        "review",
        _after_death(cast, 25),
        cast.case_worker,
    )
    assert review.is_open


def test_a_review_is_only_for_a_domestic_homicide(cast):
    with pytest.raises(ValidationError) as excinfo:
        actions.open_review(homicide=cast.homicide, by=cast.case_worker)

    assert _errors(excinfo) == {"__all__": "A Domestic Homicide Review is held only after a domestic homicide"}


def test_a_homicide_has_only_one_review(cast):
    _review(cast)

    with pytest.raises(ValidationError) as excinfo:
        actions.open_review(homicide=cast.homicide, by=cast.case_worker)

    assert _errors(excinfo) == {"__all__": "This homicide already has a Domestic Homicide Review record"}
    assert DomesticHomicideReview.objects.count() == 1


def test_a_review_may_be_opened_before_the_partnership_decides(cast):
    _domestic(cast)

    review = actions.open_review(homicide=cast.homicide, by=cast.case_worker, partnership="Anytown CSP")

    assert review.decision == "" and review.decided_on is None


def test_a_review_record_begins_with_its_partnership(cast):
    _domestic(cast)

    with pytest.raises(ValidationError) as excinfo:
        actions.open_review(homicide=cast.homicide, by=cast.case_worker, partnership="  ")

    assert _errors(excinfo) == {"partnership": "Enter the name of the Community Safety Partnership"}


def test_a_decision_needs_its_date_and_partnership(cast):
    review = _review(cast)

    with pytest.raises(ValidationError) as excinfo:
        actions.update_review(review=review, by=cast.case_worker, partnership="", decided_on=None)

    assert _errors(excinfo) == {
        "decided_on": "Enter the date of the partnership's decision",
        "partnership": "Enter the name of the Community Safety Partnership",
    }


@pytest.mark.parametrize(
    ("days_after_death", "message"),
    [
        (-1, "The date of the partnership's decision must be on or after the date of death"),
        (10_000, "The date of the partnership's decision must be today or in the past"),
    ],
)
def test_the_decision_happened_after_the_homicide_and_not_in_the_future(cast, days_after_death, message):
    _domestic(cast)

    with pytest.raises(ValidationError) as excinfo:
        actions.open_review(
            homicide=cast.homicide,
            by=cast.case_worker,
            partnership="Anytown CSP",
            decision="review",
            decided_on=_after_death(cast, days_after_death),
        )

    assert _errors(excinfo)["decided_on"].startswith(message)


def test_steps_are_recorded_in_order_and_completion_keeps_the_homicide_in_step(cast):
    review = _review(cast, chair_name="Dr Invented Chair", chair_appointed_on=_after_death(cast, 40))
    steps = {
        "family_told_on": _after_death(cast, 45),
        "family_wish": "yes",
        "terms_shared_on": _after_death(cast, 60),
        "draft_shared_on": _after_death(cast, 200),
        "family_comments_on": _after_death(cast, 220),
        "family_comments": "They want the report to name the missed calls.",
        "qa_submitted_on": _after_death(cast, 240),
        "qa_outcome_on": _after_death(cast, 300),
        "published_on": _after_death(cast, 330),
    }
    review = actions.update_review(review=review, by=cast.case_worker, **steps)
    assert review.is_open

    review = actions.update_review(review=review, by=cast.case_worker, completed_on=_after_death(cast, 340))

    cast.homicide.refresh_from_db()
    assert not review.is_open
    assert cast.homicide.dhr_completed_on == _after_death(cast, 340)


def test_a_step_before_the_one_it_follows_is_refused_with_both_dates(cast):
    review = _review(cast, chair_name="Dr Invented Chair", chair_appointed_on=_after_death(cast, 40))

    with pytest.raises(ValidationError) as excinfo:
        actions.update_review(review=review, by=cast.case_worker, terms_shared_on=_after_death(cast, 30))

    chair_day = _after_death(cast, 40)
    assert _errors(excinfo) == {
        "terms_shared_on": "The date of the terms of reference being shared must be on or after the date of the "
        f"chair's appointment ({chair_day.day} {chair_day:%B %Y})"
    }


def test_a_step_needs_the_step_it_follows(cast):
    review = _review(cast)

    with pytest.raises(ValidationError) as excinfo:
        actions.update_review(review=review, by=cast.case_worker, qa_outcome_on=_after_death(cast, 300))

    assert _errors(excinfo) == {
        "qa_outcome_on": "Record submission to the Home Office quality assurance panel before the quality "
        "assurance outcome"
    }


def test_completion_needs_the_decision_to_hold_a_review(cast):
    _domestic(cast)
    review = actions.open_review(homicide=cast.homicide, by=cast.case_worker, partnership="Anytown CSP")

    with pytest.raises(ValidationError) as excinfo:
        actions.update_review(review=review, by=cast.case_worker, completed_on=_after_death(cast, 300))

    assert _errors(excinfo) == {"completed_on": "Record the partnership's decision to hold a review before completion"}


def test_completion_comes_after_every_other_milestone(cast):
    review = _review(cast, chair_name="Dr Invented Chair", chair_appointed_on=_after_death(cast, 40))

    with pytest.raises(ValidationError) as excinfo:
        actions.update_review(review=review, by=cast.case_worker, completed_on=_after_death(cast, 39))

    assert set(_errors(excinfo)) == {"completed_on"}
    assert "on or after the date of the chair's appointment" in _errors(excinfo)["completed_on"]


def test_a_decision_not_to_hold_a_review_has_no_later_steps(cast):
    _domestic(cast)
    review = actions.open_review(
        homicide=cast.homicide,
        by=cast.case_worker,
        partnership="Anytown CSP",
        decision="no_review",
        decided_on=_after_death(cast, 25),
    )

    with pytest.raises(ValidationError) as excinfo:
        actions.update_review(
            review=review, by=cast.case_worker, chair_name="Dr Chair", chair_appointed_on=_after_death(cast, 30)
        )

    assert _errors(excinfo) == {
        "chair_appointed_on": "Record the partnership's decision to hold a review before the chair's appointment"
    }
    assert not review.is_open


def test_the_family_wish_needs_the_date_they_were_told(cast):
    review = _review(cast)

    with pytest.raises(ValidationError) as excinfo:
        actions.update_review(review=review, by=cast.case_worker, family_wish="undecided")

    assert _errors(excinfo) == {"family_told_on": "Enter the date the family was told of the review"}


def test_only_the_review_fields_may_be_changed(cast):
    review = _review(cast)

    with pytest.raises(TypeError):
        actions.update_review(review=review, by=cast.case_worker, homicide=cast.other_homicide)


def test_the_homicide_page_no_longer_sets_the_completion_date(cast):
    with pytest.raises(TypeError):
        intake.update_homicide(homicide=cast.homicide, by=cast.case_worker, dhr_completed_on=TODAY())


def test_a_homicide_with_a_review_stays_domestic(cast):
    _review(cast)

    with pytest.raises(ValidationError) as excinfo:
        intake.update_homicide(homicide=cast.homicide, by=cast.case_worker, is_domestic=False)

    assert _errors(excinfo) == {
        "is_domestic": "A Domestic Homicide Review is recorded for this homicide, so it stays domestic"
    }


@pytest.mark.parametrize("user_name", ["support_worker", "volunteer", "analyst", "other_case_worker"])
def test_only_the_case_holder_their_leader_and_the_national_manager_record_a_review(cast, user_name):
    _domestic(cast)

    with pytest.raises(NotAllowed):
        actions.open_review(homicide=cast.homicide, by=getattr(cast, user_name))


# ---- Advocacy offers -----------------------------------------------------------------------------------------


def test_a_declined_offer_needs_a_date_to_offer_again_after_the_offer(cast):
    review = _review(cast)

    with pytest.raises(ValidationError) as excinfo:
        actions.record_advocacy_offer(
            review=review,
            by=cast.case_worker,
            organisation="aafda",
            offered_on=_after_death(cast, 30),
            outcome="declined",
        )
    assert _errors(excinfo) == {"offer_again_on": "Enter a date to offer advocacy again"}

    with pytest.raises(ValidationError) as excinfo:
        actions.record_advocacy_offer(
            review=review,
            by=cast.case_worker,
            organisation="aafda",
            offered_on=_after_death(cast, 30),
            outcome="declined",
            offer_again_on=_after_death(cast, 30),
        )
    assert _errors(excinfo) == {"offer_again_on": "The date to offer again must be after the date offered"}


def test_an_accepted_offer_keeps_its_referral_and_drops_a_date_to_offer_again(cast):
    review = _review(cast)

    offer = actions.record_advocacy_offer(
        review=review,
        by=cast.case_worker,
        organisation="hundred_families",
        offered_on=_after_death(cast, 30),
        outcome="accepted",
        referred_on=_after_death(cast, 32),
        offer_again_on=_after_death(cast, 90),
    )

    assert (offer.referred_on, offer.offer_again_on) == (_after_death(cast, 32), None)


def test_another_service_needs_its_name_and_the_referral_follows_the_offer(cast):
    review = _review(cast)

    with pytest.raises(ValidationError) as excinfo:
        actions.record_advocacy_offer(
            review=review,
            by=cast.case_worker,
            organisation="other",
            offered_on=_after_death(cast, 30),
            outcome="accepted",
            referred_on=_after_death(cast, 29),
        )

    assert _errors(excinfo) == {
        "organisation_other": "Enter the name of the other advocacy service",
        "referred_on": "The date of the referral must be on or after the date offered",
    }


def test_an_offer_is_not_dated_in_the_future(cast):
    review = _review(cast)

    with pytest.raises(ValidationError) as excinfo:
        actions.record_advocacy_offer(
            review=review,
            by=cast.case_worker,
            organisation="aafda",
            offered_on=TODAY() + timedelta(days=1),
            outcome="no_answer",
        )

    assert _errors(excinfo) == {"offered_on": "The date of the offer must be today or in the past"}


def test_the_familys_later_answer_updates_the_offer(cast):
    review = _review(cast)
    offer = actions.record_advocacy_offer(
        review=review, by=cast.case_worker, organisation="aafda", offered_on=_after_death(cast, 30), outcome="no_answer"
    )

    offer = actions.update_advocacy_offer(
        offer=offer, by=cast.team_leader, outcome="declined", offer_again_on=_after_death(cast, 120)
    )

    offer.refresh_from_db()
    assert (offer.outcome, offer.offer_again_on) == ("declined", _after_death(cast, 120))


# ---- Meetings with the chair ---------------------------------------------------------------------------------


def test_a_meeting_with_the_chair_needs_who_attended_and_follows_the_appointment(cast):
    review = _review(cast, chair_name="Dr Invented Chair", chair_appointed_on=_after_death(cast, 40))

    with pytest.raises(ValidationError) as excinfo:
        actions.record_chair_meeting(review=review, by=cast.case_worker, met_on=_after_death(cast, 39), attendees=" ")

    assert set(_errors(excinfo)) == {"attendees", "met_on"}
    assert _errors(excinfo)["attendees"] == "Enter who attended the meeting"

    meeting = actions.record_chair_meeting(
        review=review, by=cast.case_worker, met_on=_after_death(cast, 50), attendees="Chair, sister, case worker"
    )
    assert meeting.pk


def test_no_meeting_with_a_chair_before_the_decision_to_hold_a_review(cast):
    _domestic(cast)
    review = actions.open_review(homicide=cast.homicide, by=cast.case_worker, partnership="Anytown CSP")

    with pytest.raises(ValidationError) as excinfo:
        actions.record_chair_meeting(review=review, by=cast.case_worker, met_on=TODAY(), attendees="Chair")

    assert _errors(excinfo) == {
        "__all__": "Record the partnership's decision to hold a review before a meeting with its chair"
    }


# ---- Closure waits for the review ----------------------------------------------------------------------------


def _close(cast):
    return casework.close_case(
        person=cast.person, by=cast.case_worker, closed_on=TODAY(), reason="user_led_exit", open_actions="cancel"
    )


def test_a_domestic_homicide_case_stays_open_until_the_partnership_decides(cast):
    _domestic(cast)

    with pytest.raises(ValidationError) as excinfo:
        _close(cast)

    assert _errors(excinfo)["__all__"] == (
        "The Domestic Homicide Review is still open: the partnership has not yet decided whether to hold one"
    )


def test_a_domestic_homicide_case_stays_open_until_the_review_is_complete(cast):
    review = _review(cast)

    with pytest.raises(ValidationError) as excinfo:
        _close(cast)
    assert _errors(excinfo)["__all__"] == "The Domestic Homicide Review is still open: it has not been completed"

    actions.update_review(review=review, by=cast.case_worker, completed_on=TODAY())
    cast.person.refresh_from_db()
    assert _close(cast).closed_on == TODAY()


def test_a_case_closes_once_the_partnership_decides_not_to_hold_a_review(cast):
    _domestic(cast)
    actions.open_review(
        homicide=cast.homicide,
        by=cast.case_worker,
        partnership="Anytown CSP",
        decision="no_review",
        decided_on=_after_death(cast, 25),
    )

    assert _close(cast).closed_on == TODAY()


def test_the_review_name_follows_the_setting(cast, settings):
    settings.WAYPOINT_DHR_NAME = "Domestic Abuse Related Death Review"
    _domestic(cast)

    with pytest.raises(ValidationError) as excinfo:
        _close(cast)

    assert _errors(excinfo)["__all__"].startswith("The Domestic Abuse Related Death Review is still open")


def test_history_records_who_recorded_each_step(cast):
    review = _review(cast, chair_name="Dr Invented Chair", chair_appointed_on=_after_death(cast, 40))

    events = review.events.order_by("pgh_id")
    assert [e.pgh_context.metadata["action"] for e in events] == ["open_review", "update_review"]
    assert {e.pgh_context.metadata["user"] for e in events} == {cast.case_worker.pk}
    assert f.ReviewFactory._meta.model is DomesticHomicideReview
