"""The review's pages: linked from the homicide and person pages, its milestones and records, the forms keeping
what was typed with a GOV.UK error summary, offence-data roles only, and what is due on the caseload."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from casework.queries import caseload, dues
from intake.models import Homicide
from reviews.models import DomesticHomicideReview
from tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def domestic(cast):
    Homicide.objects.filter(pk=cast.homicide.pk).update(is_domestic=True, date_of_death=TODAY() - timedelta(days=400))
    cast.homicide.refresh_from_db()
    return cast.homicide


def _day(name, value) -> dict:
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


def _review(cast, **fields):
    fields.setdefault("decided_on", cast.homicide.date_of_death + timedelta(days=20))
    return f.ReviewFactory(homicide=cast.homicide, opened_by=cast.case_worker, **fields)


def test_the_homicide_and_person_pages_link_to_the_review(cast, signed_in, domestic):
    client = signed_in(cast.case_worker)
    url = reverse("reviews:review", args=[cast.homicide.pk])

    for page in (
        reverse("intake:homicide-detail", args=[cast.homicide.pk]),
        reverse("casework:person-detail", args=[cast.person.pk]),
    ):
        assert url in client.get(page).content.decode()


def test_a_domestic_homicide_without_a_review_offers_to_open_one(cast, signed_in, domestic):
    page = signed_in(cast.case_worker).get(reverse("reviews:review", args=[cast.homicide.pk]))

    html = page.content.decode()
    assert "the partnership has not yet decided whether to hold one" in html.lower()
    assert reverse("reviews:review-open", args=[cast.homicide.pk]) in html


def test_opening_a_review_records_the_decision(cast, signed_in, domestic):
    decided = cast.homicide.date_of_death + timedelta(days=21)

    response = signed_in(cast.case_worker).post(
        reverse("reviews:review-open", args=[cast.homicide.pk]),
        {"partnership": "Anytown CSP", "decision": "review", **_day("decided_on", decided)},
    )

    assert response.status_code == 302
    review = DomesticHomicideReview.objects.get(homicide=cast.homicide)
    assert (review.partnership, review.decision, review.decided_on) == ("Anytown CSP", "review", decided)


def test_the_review_page_shows_the_milestones_offers_and_meetings(cast, signed_in, domestic):
    review = _review(cast, chair_name="Dr Invented Chair", chair_appointed_on=TODAY() - timedelta(days=300))
    f.AdvocacyOfferFactory(review=review, recorded_by=cast.case_worker, organisation="hundred_families")
    f.ChairMeetingFactory(review=review, recorded_by=cast.case_worker, attendees="Chair and the victim's sister")

    page = signed_in(cast.case_worker).get(reverse("reviews:review", args=[cast.homicide.pk]))

    html = page.content.decode()
    assert "Domestic Abuse Related Death Review (formerly Domestic Homicide Review)" in html
    assert "Dr Invented Chair, appointed" in html
    assert "Hundred Families" in html
    assert "With Chair and the victim&#x27;s sister" in html
    assert reverse("reviews:review-step", args=[cast.homicide.pk, "completion"]) in html
    assert AccessLog.objects.filter(user=cast.case_worker, homicide=cast.homicide, view_name="reviews:review").exists()


def test_a_step_form_keeps_what_was_typed_and_shows_the_error_summary(cast, signed_in, domestic):
    _review(cast, chair_name="Dr Invented Chair", chair_appointed_on=TODAY() - timedelta(days=300))
    too_early = TODAY() - timedelta(days=350)

    page = signed_in(cast.case_worker).post(
        reverse("reviews:review-step", args=[cast.homicide.pk, "terms"]), _day("terms_shared_on", too_early)
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "govuk-error-summary" in html
    assert "must be on or after the date of the chair" in html
    assert f'value="{too_early.year}"' in html


def test_an_empty_step_shows_the_error_summary(cast, signed_in, domestic):
    _review(cast)

    page = signed_in(cast.case_worker).post(reverse("reviews:review-step", args=[cast.homicide.pk, "completion"]), {})

    assert "Enter the date the review was completed" in page.content.decode()


def test_completing_the_review_through_its_page_lets_the_case_close(cast, signed_in, domestic):
    _review(cast)
    client = signed_in(cast.case_worker)
    close_url = reverse("casework:case-close", args=[cast.person.pk])
    closing = {**_day("closed_on", TODAY()), "reason": "user_led_exit", "open_actions": "cancel", "confirm": "1"}

    refused = client.post(close_url, closing)
    assert "The Domestic Homicide Review is still open: it has not been completed" in refused.content.decode()

    client.post(reverse("reviews:review-step", args=[cast.homicide.pk, "completion"]), _day("completed_on", TODAY()))
    assert client.post(close_url, closing).status_code == 302
    cast.person.refresh_from_db()
    assert cast.person.closed_on == TODAY()


def test_an_offer_and_its_later_answer_through_the_pages(cast, signed_in, domestic):
    review = _review(cast)
    client = signed_in(cast.case_worker)
    offered = TODAY() - timedelta(days=30)

    client.post(
        reverse("reviews:offer-new", args=[cast.homicide.pk]),
        {"organisation": "aafda", "outcome": "no_answer", **_day("offered_on", offered)},
    )
    offer = review.advocacy_offers.get()
    client.post(
        reverse("reviews:offer-answer", args=[offer.pk]),
        {"outcome": "declined", **_day("offer_again_on", TODAY() + timedelta(days=60))},
    )

    offer.refresh_from_db()
    assert (offer.outcome, offer.offer_again_on) == ("declined", TODAY() + timedelta(days=60))


def test_a_meeting_with_the_chair_through_its_page(cast, signed_in, domestic):
    review = _review(cast)

    signed_in(cast.team_leader).post(
        reverse("reviews:meeting-new", args=[cast.homicide.pk]),
        {"attendees": "Chair, mother, case worker", "notes": "Went through the terms", **_day("met_on", TODAY())},
    )

    assert review.chair_meetings.get().recorded_by == cast.team_leader


def test_roles_that_may_not_see_offence_data_get_404_and_no_link(cast, signed_in, domestic):
    _review(cast)
    client = signed_in(cast.support_worker)

    assert client.get(reverse("reviews:review", args=[cast.homicide.pk])).status_code == 404
    html = client.get(reverse("intake:homicide-detail", args=[cast.homicide.pk])).content.decode()
    assert reverse("reviews:review", args=[cast.homicide.pk]) not in html


def test_a_homicide_that_is_not_domestic_has_no_review_page(cast, signed_in):
    assert signed_in(cast.case_worker).get(reverse("reviews:review", args=[cast.homicide.pk])).status_code == 404


def test_the_review_page_takes_a_fixed_number_of_queries(cast, signed_in, domestic, django_assert_num_queries):
    review = _review(cast)
    client = signed_in(cast.case_worker)
    url = reverse("reviews:review", args=[cast.homicide.pk])
    client.get(url)

    with django_assert_num_queries(11):
        client.get(url)
    for _ in range(3):
        f.AdvocacyOfferFactory(review=review, recorded_by=cast.case_worker)
        f.ChairMeetingFactory(review=review, recorded_by=cast.case_worker)
    with django_assert_num_queries(11):
        client.get(url)


# ---- What is due ----------------------------------------------------------------------------------------------


def _dues(user):
    return {str(due.label): due.moment for person in caseload(user) for due in dues(person)}


def test_the_partnerships_decision_is_due_a_month_after_the_homicide(cast, domestic):
    assert _dues(cast.case_worker)["Review: the partnership's decision"] == domestic.date_of_death + timedelta(days=30)

    _review(cast)
    assert "Review: the partnership's decision" not in _dues(cast.case_worker)


def test_the_quality_assurance_outcome_and_the_familys_comments_are_chased(cast, domestic):
    submitted = TODAY() - timedelta(days=10)
    shared = TODAY() - timedelta(days=40)
    _review(
        cast,
        chair_name="Dr Chair",
        chair_appointed_on=TODAY() - timedelta(days=300),
        draft_shared_on=shared,
        qa_submitted_on=submitted,
    )

    due = _dues(cast.case_worker)

    assert due["Review: the quality assurance outcome"] == submitted + timedelta(weeks=8)
    assert due["Review: the family's comments on the draft"] == shared + timedelta(weeks=4)


def test_a_declined_advocacy_offer_is_due_again_until_a_later_offer(cast, domestic):
    review = _review(cast)
    again = TODAY() + timedelta(days=5)
    f.AdvocacyOfferFactory(
        review=review, outcome="declined", offered_on=TODAY() - timedelta(days=20), offer_again_on=again
    )
    assert _dues(cast.case_worker)["Review: offer advocacy again"] == again

    f.AdvocacyOfferFactory(review=review, outcome="accepted", offered_on=TODAY())
    assert "Review: offer advocacy again" not in _dues(cast.case_worker)


def test_nothing_is_due_once_the_review_is_complete(cast, domestic):
    review = _review(cast, completed_on=TODAY())
    f.AdvocacyOfferFactory(
        review=review, outcome="declined", offered_on=TODAY() - timedelta(days=20), offer_again_on=TODAY()
    )

    assert not [label for label in _dues(cast.case_worker) if label.startswith("Review:")]


def test_the_caseload_page_shows_review_dues(cast, signed_in, domestic):
    html = signed_in(cast.case_worker).get(reverse("casework:caseload")).content.decode()

    assert "Review: the partnership&#x27;s decision" in html
