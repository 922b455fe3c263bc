"""Domestic Homicide Review actions: opening a homicide's review record, recording its steps, offers of specialist
advocacy to the family (and their outcome), and meetings with the review's chair.

Each first asks `access.policies.authorize`, then validates (every rule is here), then writes the change with its
history context in one transaction. Pages and the API call these, so each rule holds for both. The review's
completion is kept in step on `Homicide.dhr_completed_on`, which only these actions write.
"""

from __future__ import annotations

from datetime import date

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from access import policies
from accounts.models import User
from intake.models import Homicide
from reviews.models import (
    MILESTONES,
    TEXT_MAX_LENGTH,
    AdvocacyOffer,
    AdvocacyOrganisation,
    ChairMeeting,
    DomesticHomicideReview,
    FamilyWish,
    OfferOutcome,
    ReviewDecision,
    review_name,
)

# The fields of a review that its steps record (`update_review`).
REVIEW_FIELDS = (
    "partnership",
    "decision",
    "decided_on",
    "chair_name",
    "chair_appointed_on",
    "family_told_on",
    "family_wish",
    "terms_shared_on",
    "draft_shared_on",
    "family_comments_on",
    "family_comments",
    "qa_submitted_on",
    "qa_outcome_on",
    "published_on",
    "completed_on",
)
TEXT_FIELDS = {"partnership", "decision", "chair_name", "family_wish", "family_comments"}
OFFER_UPDATE_FIELDS = ("outcome", "referred_on", "offer_again_on", "notes")
LABELS = dict(MILESTONES)
# Each milestone may not come before these (when they are recorded); the first one named must be recorded first.
# Completion comes after every other milestone recorded.
AFTER: dict[str, tuple[str, ...]] = {
    "chair_appointed_on": ("decided_on",),
    "family_told_on": ("decided_on",),
    "terms_shared_on": ("chair_appointed_on",),
    "draft_shared_on": ("chair_appointed_on", "terms_shared_on"),
    "family_comments_on": ("draft_shared_on",),
    "qa_submitted_on": ("draft_shared_on",),
    "qa_outcome_on": ("qa_submitted_on",),
    "published_on": ("qa_outcome_on",),
    "completed_on": tuple(name for name, _label in MILESTONES if name != "completed_on"),
}
NEEDS_FIRST = {name: after[0] for name, after in AFTER.items() if name not in {"completed_on"}}


def _date_text(value: date) -> str:
    return date_format(value, "j F Y")


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _text_errors(errors: dict, values: dict[str, tuple[str, str, int]]) -> None:
    """`values`: field -> (text, how a sentence names it, the most characters)."""
    for name, (text, label, most) in values.items():
        if len(text) > most and name not in errors:
            errors[name] = _("%(label)s must be %(n)s characters or fewer") % {"label": label, "n": f"{most:,}"}


def _date_errors(errors: dict, homicide: Homicide, name: str, value: date | None, label: str) -> None:
    """A date of something that happened: today or in the past, and not before the homicide."""
    if value is None or name in errors:
        return
    if value > timezone.localdate():
        errors[name] = _("The date of %(label)s must be today or in the past") % {"label": label}
    elif value < homicide.date_of_death:
        errors[name] = _("The date of %(label)s must be on or after the date of death (%(date)s)") % {
            "label": label,
            "date": _date_text(homicide.date_of_death),
        }


def _validate_review(review: DomesticHomicideReview) -> None:
    """The rules every review keeps, whichever step was recorded: dates that happened, after the homicide, in order."""
    homicide = review.homicide
    errors: dict[str, str] = {}
    review.partnership = review.partnership.strip()
    review.chair_name = review.chair_name.strip()
    review.family_comments = review.family_comments.strip()
    _text_errors(
        errors,
        {
            "partnership": (review.partnership, _("The partnership's name"), 200),
            "chair_name": (review.chair_name, _("The chair's name"), 200),
            "family_comments": (review.family_comments, _("The family's comments"), TEXT_MAX_LENGTH),
        },
    )
    if review.decision not in ("", *ReviewDecision.values):
        errors["decision"] = _("Select whether the partnership decided to hold a review")
    if review.family_wish not in ("", *FamilyWish.values):
        errors["family_wish"] = _("Select whether the family wants to take part")
    for name, label in MILESTONES:
        _date_errors(errors, homicide, name, getattr(review, name), str(label))

    # The decision: what, when and by which partnership, together.
    if review.decision and review.decided_on is None:
        errors.setdefault("decided_on", _("Enter the date of the partnership's decision"))
    if review.decided_on and not review.decision:
        errors.setdefault("decision", _("Select whether the partnership decided to hold a review"))
    if (review.decision or review.decided_on) and not review.partnership:
        errors.setdefault("partnership", _("Enter the name of the Community Safety Partnership"))
    if review.chair_name and review.chair_appointed_on is None:
        errors.setdefault("chair_appointed_on", _("Enter the date the chair was appointed"))
    if review.chair_appointed_on and not review.chair_name:
        errors.setdefault("chair_name", _("Enter the chair's name"))
    if review.family_wish and review.family_told_on is None:
        errors.setdefault("family_told_on", _("Enter the date the family was told of the review"))
    if review.family_comments and review.family_comments_on is None:
        errors.setdefault("family_comments_on", _("Enter the date of the family's comments"))

    # Every step after the decision belongs to a review the partnership decided to hold, in order.
    for name, after in AFTER.items():
        value = getattr(review, name)
        if value is None or name in errors:
            continue
        label = LABELS[name]
        if review.decision != ReviewDecision.REVIEW:
            errors[name] = _("Record the partnership's decision to hold a review before %(label)s") % {"label": label}
            continue
        first = NEEDS_FIRST.get(name)
        if first and getattr(review, first) is None:
            errors[name] = _("Record %(first)s before %(label)s") % {"first": LABELS[first], "label": label}
            continue
        for earlier in after:
            earlier_on = getattr(review, earlier)
            if earlier_on is not None and value < earlier_on:
                errors[name] = _("The date of %(label)s must be on or after the date of %(earlier)s (%(date)s)") % {
                    "label": label,
                    "earlier": LABELS[earlier],
                    "date": _date_text(earlier_on),
                }
                break
    _raise(errors)


@transaction.atomic
def open_review(
    *,
    homicide: Homicide,
    by: User,
    partnership: str = "",
    decision: str = "",
    decided_on: date | None = None,
) -> DomesticHomicideReview:
    """Open the record of a domestic homicide's review: the partnership that holds it, and its decision when known
    (dated)."""
    policies.authorize("open_review", by, homicide)
    homicide = Homicide.objects.select_for_update().get(pk=homicide.pk)
    if not homicide.is_domestic:
        raise ValidationError(
            {"__all__": _("A %(name)s is held only after a domestic homicide") % {"name": review_name()}}
        )
    if DomesticHomicideReview.objects.filter(homicide=homicide).exists():
        raise ValidationError({"__all__": _("This homicide already has a %(name)s record") % {"name": review_name()}})
    if not (partnership or "").strip():
        # The record begins with who holds the review; its decision may come later.
        raise ValidationError({"partnership": _("Enter the name of the Community Safety Partnership")})
    review = DomesticHomicideReview(
        homicide=homicide,
        partnership=partnership or "",
        decision=decision or "",
        decided_on=decided_on,
        opened_by=by,
    )
    _validate_review(review)
    with pghistory.context(user=by.pk, action="open_review"):
        review.save()
    return review


@transaction.atomic
def update_review(*, review: DomesticHomicideReview, by: User, **fields) -> DomesticHomicideReview:
    """Record a step of the review (or correct one): only the fields given change; the whole record must then keep
    every rule. The history keeps each version."""
    policies.authorize("update_review", by, review)
    unknown = set(fields) - set(REVIEW_FIELDS)
    if unknown:
        raise TypeError(f"update_review() got unexpected fields {sorted(unknown)}")
    review = DomesticHomicideReview.objects.select_for_update().select_related("homicide").get(pk=review.pk)
    for name, value in fields.items():
        setattr(review, name, "" if value is None and name in TEXT_FIELDS else value)
    _validate_review(review)
    with pghistory.context(user=by.pk, action="update_review"):
        review.save(update_fields=list(fields) or None)
        homicide = review.homicide
        if homicide.dhr_completed_on != review.completed_on:
            homicide.dhr_completed_on = review.completed_on
            homicide.save(update_fields=["dhr_completed_on"])
    return review


def _validate_offer(offer: AdvocacyOffer) -> None:
    homicide = offer.review.homicide
    errors: dict[str, str] = {}
    offer.organisation_other = (offer.organisation_other or "").strip()
    offer.notes = (offer.notes or "").strip()
    if offer.organisation not in AdvocacyOrganisation.values:
        errors["organisation"] = _("Select the advocacy service offered")
    elif offer.organisation == AdvocacyOrganisation.OTHER and not offer.organisation_other:
        errors["organisation_other"] = _("Enter the name of the other advocacy service")
    if offer.organisation != AdvocacyOrganisation.OTHER:
        offer.organisation_other = ""
    _text_errors(
        errors,
        {
            "organisation_other": (offer.organisation_other, _("The name of the service"), 200),
            "notes": (offer.notes, _("Notes"), TEXT_MAX_LENGTH),
        },
    )
    if offer.offered_on is None:
        errors["offered_on"] = _("Enter the date advocacy was offered")
    else:
        _date_errors(errors, homicide, "offered_on", offer.offered_on, _("the offer"))
    if offer.outcome not in OfferOutcome.values:
        errors["outcome"] = _("Select the outcome of the offer")
    # As with consent, a decline is offered again on a date; a referral follows only an acceptance.
    if offer.outcome != OfferOutcome.ACCEPTED:
        offer.referred_on = None
    elif offer.referred_on is not None:
        _date_errors(errors, homicide, "referred_on", offer.referred_on, _("the referral"))
        if "referred_on" not in errors and offer.offered_on and offer.referred_on < offer.offered_on:
            errors["referred_on"] = _("The date of the referral must be on or after the date offered")
    if offer.outcome != OfferOutcome.DECLINED:
        offer.offer_again_on = None
    elif offer.offer_again_on is None:
        errors["offer_again_on"] = _("Enter a date to offer advocacy again")
    elif offer.offered_on and offer.offer_again_on <= offer.offered_on:
        errors["offer_again_on"] = _("The date to offer again must be after the date offered")
    _raise(errors)


@transaction.atomic
def record_advocacy_offer(
    *,
    review: DomesticHomicideReview,
    by: User,
    organisation: str,
    offered_on: date | None,
    outcome: str,
    organisation_other: str = "",
    referred_on: date | None = None,
    offer_again_on: date | None = None,
    notes: str = "",
) -> AdvocacyOffer:
    """An offer of specialist advocacy (AAFDA, Hundred Families, another) to the family, on its own date."""
    policies.authorize("record_advocacy_offer", by, review)
    offer = AdvocacyOffer(
        review=review,
        organisation=organisation,
        organisation_other=organisation_other or "",
        offered_on=offered_on,  # type: ignore[misc]  # a missing date is refused by the checks below
        outcome=outcome,
        referred_on=referred_on,
        offer_again_on=offer_again_on,
        notes=notes or "",
        recorded_by=by,
    )
    _validate_offer(offer)
    with pghistory.context(user=by.pk, action="record_advocacy_offer"):
        offer.save()
    return offer


@transaction.atomic
def update_advocacy_offer(*, offer: AdvocacyOffer, by: User, **fields) -> AdvocacyOffer:
    """The family's answer to an offer, its referral or the date to offer again, when they come later."""
    policies.authorize("update_advocacy_offer", by, offer)
    unknown = set(fields) - set(OFFER_UPDATE_FIELDS)
    if unknown:
        raise TypeError(f"update_advocacy_offer() got unexpected fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(offer, name, "" if value is None and name in {"outcome", "notes"} else value)
    _validate_offer(offer)
    with pghistory.context(user=by.pk, action="update_advocacy_offer"):
        offer.save()
    return offer


@transaction.atomic
def record_chair_meeting(
    *, review: DomesticHomicideReview, by: User, met_on: date | None, attendees: str, notes: str = ""
) -> ChairMeeting:
    """A meeting with the review's chair, on its own date: who attended and what was said."""
    policies.authorize("record_chair_meeting", by, review)
    meeting = ChairMeeting(
        review=review,
        met_on=met_on,  # type: ignore[misc]  # a missing date is refused by the checks below
        attendees=(attendees or "").strip(),
        notes=(notes or "").strip(),
        recorded_by=by,
    )
    errors: dict[str, str] = {}
    if not meeting.attendees:
        errors["attendees"] = _("Enter who attended the meeting")
    _text_errors(
        errors,
        {
            "attendees": (meeting.attendees, _("Who attended"), 500),
            "notes": (meeting.notes, _("Notes"), TEXT_MAX_LENGTH),
        },
    )
    if review.decision != ReviewDecision.REVIEW:
        errors["__all__"] = _("Record the partnership's decision to hold a review before a meeting with its chair")
    if met_on is None:
        errors["met_on"] = _("Enter the date of the meeting")
    else:
        _date_errors(errors, review.homicide, "met_on", met_on, _("the meeting"))
        if "met_on" not in errors and review.chair_appointed_on and met_on < review.chair_appointed_on:
            errors["met_on"] = _("The date of the meeting must be on or after the chair was appointed (%(date)s)") % {
                "date": _date_text(review.chair_appointed_on)
            }
    _raise(errors)
    with pghistory.context(user=by.pk, action="record_chair_meeting"):
        meeting.save()
    return meeting
