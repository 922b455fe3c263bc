"""Review records for the cross-cutting tests (matrices, access log, API): in each region of the cast, its homicide
marked domestic with a review the partnership decided on, completed (so that its cases may still close), an offer
of advocacy and a meeting with the chair."""

from __future__ import annotations

from django.utils import timezone

from intake.models import Homicide
from tests import factories as f


def add_reviews(cast) -> None:
    for prefix, lead in (("", cast.case_worker), ("other_", cast.south_east_case_worker)):
        homicide = getattr(cast, f"{prefix}homicide")
        Homicide.objects.filter(pk=homicide.pk).update(is_domestic=True, dhr_completed_on=timezone.localdate())
        homicide.refresh_from_db()
        review = f.ReviewFactory(homicide=homicide, opened_by=lead, completed_on=timezone.localdate())
        setattr(cast, f"{prefix}review", review)
        setattr(cast, f"{prefix}advocacy_offer", f.AdvocacyOfferFactory(review=review, recorded_by=lead))
        setattr(cast, f"{prefix}chair_meeting", f.ChairMeetingFactory(review=review, recorded_by=lead))
