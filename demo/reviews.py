"""Demo Domestic Homicide Reviews for the domestic homicides, at rough real rates.

Most domestic homicides get a review (the partnership decides within a month or two; about one in eight decides
not to hold one); a review takes one to three years, so within the demo's months most are at the chair's
appointment or the terms of reference. Specialist advocacy is offered to most families and taken up by about half;
a decline is offered again. Written in bulk: the rules are reviews.actions', and these dates keep them.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from demo import tracked
from intake.models import ELIGIBLE_OFFENCES, Homicide
from reviews.models import AdvocacyOffer, ChairMeeting, DomesticHomicideReview

PARTNERSHIPS = ["Eastbridge", "Millhaven", "Oakhurst Vale", "Thornwick", "Redmere", "Kingsford Cross", "Lowbarrow"]
ORGANISATIONS = (["aafda", "hundred_families", "other"], [55, 30, 15])


def add_reviews(rng: random.Random, today: date) -> None:
    homicides = Homicide.objects.filter(
        is_domestic=True, lead_case_worker__isnull=False, offence_type__in=ELIGIBLE_OFFENCES
    ).order_by("pk")
    reviews, offers, meetings = [], [], []

    def happened(day: date | None) -> date | None:
        return day if day is not None and day <= today else None

    for homicide in homicides:
        death, lead = homicide.date_of_death, homicide.lead_case_worker
        decided = happened(death + timedelta(days=rng.randint(20, 75)))
        if decided is None and rng.random() < 0.5:
            continue  # the partnership has not been in touch yet: no record
        review = DomesticHomicideReview(
            homicide=homicide,
            partnership=f"{rng.choice(PARTNERSHIPS)} Community Safety Partnership",
            opened_by=lead,
        )
        reviews.append(review)
        if decided is None:
            continue  # opened, awaiting the decision
        review.decided_on = decided
        if rng.random() < 0.12:
            review.decision = "no_review"
            continue
        review.decision = "review"
        review.family_told_on = happened(decided + timedelta(days=rng.randint(3, 30)))
        if review.family_told_on:
            review.family_wish = rng.choices(["yes", "undecided", "no"], weights=[65, 20, 15])[0]
        review.chair_appointed_on = happened(decided + timedelta(days=rng.randint(14, 60)))
        if review.chair_appointed_on:
            review.chair_name = f"Independent Chair {rng.randint(1, 40)}"
            review.terms_shared_on = happened(review.chair_appointed_on + timedelta(days=rng.randint(14, 45)))
        # One to three years from the homicide to completion; the draft, QA and publication come in its last months.
        completion = death + timedelta(days=rng.randint(365, 3 * 365))
        draft = completion - timedelta(days=rng.randint(150, 240))
        if review.terms_shared_on and draft > review.terms_shared_on:
            review.draft_shared_on = happened(draft)
        if review.draft_shared_on:
            if review.family_wish == "yes":
                review.family_comments_on = happened(draft + timedelta(days=rng.randint(7, 40)))
                if review.family_comments_on:
                    review.family_comments = "The family asked that the report say how often the police were called."
            review.qa_submitted_on = happened(draft + timedelta(days=rng.randint(45, 70)))
        if review.qa_submitted_on:
            review.qa_outcome_on = happened(review.qa_submitted_on + timedelta(days=rng.randint(40, 100)))
        if review.qa_outcome_on:
            review.published_on = happened(review.qa_outcome_on + timedelta(days=rng.randint(10, 40)))
        if review.published_on:
            review.completed_on = happened(max(completion, review.published_on))

        # Advocacy offered to most families, taken up by about half; a decline is offered again on its date.
        offered = happened((review.family_told_on or decided) + timedelta(days=rng.randint(0, 21)))
        if offered and rng.random() < 0.85:
            for _attempt in range(3):
                organisation = rng.choices(*ORGANISATIONS)[0]
                outcome = rng.choices(["accepted", "declined", "no_answer"], weights=[45, 35, 20])[0]
                offer = AdvocacyOffer(
                    review=review,
                    organisation=organisation,
                    organisation_other="Local domestic abuse advocacy service" if organisation == "other" else "",
                    offered_on=offered,
                    outcome=outcome,
                    recorded_by=lead,
                )
                offers.append(offer)
                if outcome == "accepted":
                    offer.referred_on = happened(offered + timedelta(days=rng.randint(1, 10)))
                    break
                if outcome != "declined":
                    break
                offer.offer_again_on = offered + timedelta(days=rng.randint(60, 120))
                again = happened(offer.offer_again_on)
                if again is None:
                    break
                offered = again
        if review.chair_appointed_on and review.family_wish == "yes":
            met: date | None = review.chair_appointed_on
            for _meeting in range(rng.randint(1, 3)):
                met = happened(met + timedelta(days=rng.randint(10, 90))) if met else None
                if met is None:
                    break
                meetings.append(
                    ChairMeeting(
                        review=review,
                        met_on=met,
                        attendees="The chair, the family and their case worker",
                        recorded_by=lead,
                    )
                )

    tracked.create(reviews, action="seed_demo")
    for offer in offers:
        offer.review_id = offer.review.pk
    for meeting in meetings:
        meeting.review_id = meeting.review.pk
    tracked.create(offers, action="seed_demo")
    tracked.create(meetings, action="seed_demo")
    # Kept in step, as reviews.actions does.
    completed = [Homicide(pk=r.homicide_id, dhr_completed_on=r.completed_on) for r in reviews if r.completed_on]
    tracked.update(completed, ["dhr_completed_on"], action="seed_demo")
