"""The review's API under its homicide: read, open, record steps, offers and meetings; the same rules and refusals
as the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
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


def _url(cast, name="dhr") -> str:
    return reverse(f"api:homicide-review-{name}", args=[cast.homicide.pk])


def test_opening_and_recording_steps_each_on_its_own_date(cast, api_as, domestic):
    api = api_as(cast.case_worker)
    decided = domestic.date_of_death + timedelta(days=20)

    opened = api.post(
        _url(cast), {"partnership": "Anytown CSP", "decision": "review", "decided_on": decided.isoformat()}
    )
    step = api.patch(
        _url(cast),
        {"chair_name": "Dr Invented Chair", "chair_appointed_on": (decided + timedelta(days=10)).isoformat()},
    )
    read = api.get(_url(cast))

    assert opened.status_code == 201, opened.content
    assert step.status_code == 200, step.content
    assert read.json()["chair_name"] == "Dr Invented Chair"
    assert read.json()["decided_on"] == decided.isoformat()
    assert read.json()["is_open"] is True
    assert AccessLog.objects.filter(user=cast.case_worker, homicide=domestic).exists()


def test_the_actions_rules_come_back_as_field_messages(cast, api_as, domestic):
    f.ReviewFactory(homicide=domestic, opened_by=cast.case_worker)

    again = api_as(cast.case_worker).post(_url(cast), {})
    early = api_as(cast.case_worker).patch(_url(cast), {"completed_on": (domestic.date_of_death).isoformat()})

    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["This homicide already has a Domestic Homicide Review record"]}
    assert early.status_code == 400
    assert list(early.json()) == ["completed_on"]


def test_a_homicide_that_is_not_domestic_has_no_review_endpoint(cast, api_as):
    assert api_as(cast.case_worker).get(_url(cast)).status_code == 404
    assert api_as(cast.case_worker).post(_url(cast), {}).status_code == 404


def test_a_domestic_homicide_without_a_review_reads_as_404_until_opened(cast, api_as, domestic):
    assert api_as(cast.case_worker).get(_url(cast)).status_code == 404


def test_offers_and_meetings_nested_under_the_review(cast, api_as, domestic):
    review = f.ReviewFactory(homicide=domestic, opened_by=cast.case_worker)
    api = api_as(cast.case_worker)
    offered = TODAY() - timedelta(days=10)

    offer = api.post(
        _url(cast, "advocacy-offers"),
        {
            "organisation": "aafda",
            "offered_on": offered.isoformat(),
            "outcome": "declined",
            "offer_again_on": (TODAY() + timedelta(days=30)).isoformat(),
        },
    )
    answer = api.patch(
        reverse("api:advocacy-offer-detail", args=[offer.json()["id"]]),
        {"outcome": "accepted", "referred_on": TODAY().isoformat()},
    )
    meeting = api.post(
        _url(cast, "chair-meetings"), {"met_on": TODAY().isoformat(), "attendees": "Chair, sister, case worker"}
    )

    assert offer.status_code == 201, offer.content
    assert answer.status_code == 200, answer.content
    assert answer.json()["offer_again_on"] is None and answer.json()["referred_on"] == TODAY().isoformat()
    assert meeting.status_code == 201, meeting.content
    assert [row["id"] for row in api.get(_url(cast, "advocacy-offers")).json()["results"]] == [offer.json()["id"]]
    assert len(api.get(_url(cast, "chair-meetings")).json()["results"]) == 1
    assert review.chair_meetings.count() == 1


def test_a_role_that_may_not_see_offence_data_gets_404(cast, api_as, domestic):
    review = f.ReviewFactory(homicide=domestic, opened_by=cast.case_worker)
    offer = f.AdvocacyOfferFactory(review=review)
    api = api_as(cast.support_worker)

    assert api.get(_url(cast)).status_code == 404
    assert api.get(_url(cast, "advocacy-offers")).status_code == 404
    assert api.patch(reverse("api:advocacy-offer-detail", args=[offer.pk]), {"outcome": "declined"}).status_code == 404
    assert DomesticHomicideReview.objects.get().decision == "review"
