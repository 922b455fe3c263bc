"""Domestic Homicide Review reads: a homicide's review as one user may see it, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from access import policies
from intake.models import Homicide
from reviews.models import AdvocacyOffer, ChairMeeting, DomesticHomicideReview, open_review_reason


@dataclass
class ReviewPage:
    homicide: Homicide
    review: DomesticHomicideReview | None
    offers: list[AdvocacyOffer] = field(default_factory=list)
    meetings: list[ChairMeeting] = field(default_factory=list)

    @property
    def open_reason(self) -> str | None:
        return open_review_reason(self.homicide, self.review)


def review_page(user, homicide: Homicide) -> ReviewPage:
    """Three queries: the review, its offers, its meetings (none of the last two without a review)."""
    review = policies.homicide_reviews(user).filter(homicide=homicide).first()
    if review is None:
        return ReviewPage(homicide, None)
    review.homicide = homicide
    return ReviewPage(
        homicide,
        review,
        offers=list(policies.advocacy_offers(user).filter(review=review).select_related("recorded_by")),
        meetings=list(policies.chair_meetings(user).filter(review=review).select_related("recorded_by")),
    )
