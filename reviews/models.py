"""Domestic Homicide Reviews (being renamed Domestic Abuse Related Death Reviews): one record per domestic
homicide, the specialist advocacy offered to the family and the case worker's meetings with the review's chair.

A review is about a criminal offence and the family: shown only where `access.policies.can_see_offence_data`.
Whether a domestic homicide's review is still open (which keeps its cases open) is decided here, once
(`open_review_reason`), for closure, the caseload and the pages alike.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from audit.tracking import tracked
from intake.models import Homicide

TEXT_MAX_LENGTH = 2000


class ReviewDecision(models.TextChoices):
    REVIEW = "review", _("Hold a review")
    NO_REVIEW = "no_review", _("Not hold a review")


class FamilyWish(models.TextChoices):
    YES = "yes", _("Wants to take part")
    NO = "no", _("Does not want to take part")
    UNDECIDED = "undecided", _("Undecided")


class AdvocacyOrganisation(models.TextChoices):
    AAFDA = "aafda", _("Advocacy After Fatal Domestic Abuse (AAFDA)")
    HUNDRED_FAMILIES = "hundred_families", _("Hundred Families")
    OTHER = "other", _("Another specialist advocacy service")


class OfferOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    NO_ANSWER = "no_answer", _("No answer yet")


# The milestones of a review, in their usual order: (field, how a sentence names it). The pages' summary, the
# rules of order (reviews.actions) and the report (reporting.dhr) read this one list.
MILESTONES: tuple[tuple[str, StrOrPromise], ...] = (
    ("decided_on", _("the partnership's decision")),
    ("chair_appointed_on", _("the chair's appointment")),
    ("family_told_on", _("the family being told of the review")),
    ("terms_shared_on", _("the terms of reference being shared")),
    ("draft_shared_on", _("the draft report being shared with the family")),
    ("family_comments_on", _("the family's comments on the draft")),
    ("qa_submitted_on", _("submission to the Home Office quality assurance panel")),
    ("qa_outcome_on", _("the quality assurance outcome")),
    ("published_on", _("publication")),
    ("completed_on", _("completion")),
)
MILESTONE_FIELDS = tuple(name for name, _label in MILESTONES)

# What is due, shown in the case holder's "What is due" (casework.queries): the partnership should decide within a
# month of hearing of the homicide; the Home Office panel's outcome is chased after eight weeks; the family's
# comments on the draft after four; a declined advocacy offer on its own "offer again" date.
DECISION_DUE_AFTER = timedelta(days=30)
QA_OUTCOME_DUE_AFTER = timedelta(weeks=8)
FAMILY_COMMENTS_DUE_AFTER = timedelta(weeks=4)


def review_name() -> str:
    """How sentences name the review (settings.WAYPOINT_DHR_NAME: the guidance is renaming it)."""
    return settings.WAYPOINT_DHR_NAME


@tracked()
class DomesticHomicideReview(models.Model):
    """The review a Community Safety Partnership holds (or decides not to hold) after a domestic homicide."""

    homicide = models.OneToOneField(Homicide, on_delete=models.PROTECT, related_name="dhr")
    partnership = models.CharField(_("Community Safety Partnership"), max_length=200, blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=ReviewDecision.choices, blank=True)
    decided_on = models.DateField(_("date of the decision"), null=True, blank=True)
    chair_name = models.CharField(_("chair's name"), max_length=200, blank=True)
    chair_appointed_on = models.DateField(_("date the chair was appointed"), null=True, blank=True)
    family_told_on = models.DateField(_("date the family was told of the review"), null=True, blank=True)
    family_wish = models.CharField(
        _("the family's wish to take part"), max_length=20, choices=FamilyWish.choices, blank=True
    )
    terms_shared_on = models.DateField(_("date the terms of reference were shared"), null=True, blank=True)
    draft_shared_on = models.DateField(_("date the draft report was shared with the family"), null=True, blank=True)
    family_comments_on = models.DateField(_("date of the family's comments"), null=True, blank=True)
    family_comments = models.TextField(_("the family's comments"), max_length=TEXT_MAX_LENGTH, blank=True)
    qa_submitted_on = models.DateField(_("date submitted for Home Office quality assurance"), null=True, blank=True)
    qa_outcome_on = models.DateField(_("date of the quality assurance outcome"), null=True, blank=True)
    published_on = models.DateField(_("date of publication"), null=True, blank=True)
    completed_on = models.DateField(_("date the review was completed"), null=True, blank=True)
    # Empty only on the reviews moved from the homicide's former completion date (migration 0002).
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("Domestic Homicide Review")
        constraints = [
            models.CheckConstraint(
                name="dhr_completion_needs_a_review",
                condition=models.Q(completed_on__isnull=True) | models.Q(decision="review"),
            ),
        ]

    def __str__(self) -> str:
        return f"{review_name()}: {self.homicide.reference}"

    @property
    def is_open(self) -> bool:
        return self.decision != ReviewDecision.NO_REVIEW and self.completed_on is None

    @property
    def status(self) -> str:
        if self.decision == ReviewDecision.NO_REVIEW:
            return gettext("No review: the partnership decided not to hold one")
        if self.completed_on:
            return gettext("Complete")
        if not self.decision:
            return gettext("Awaiting the partnership's decision")
        return gettext("In progress")

    def milestones(self) -> list[tuple[str, str, date | None]]:
        """(field, label, date) of each milestone, in order."""
        return [(name, str(label), getattr(self, name)) for name, label in MILESTONES]


def open_review_reason(homicide: Homicide, review: DomesticHomicideReview | None) -> str | None:
    """Why the homicide's review keeps its cases open, or None if it does not (not domestic; complete; the
    partnership decided not to hold one). `review` is the homicide's record, if any (the caller fetched it)."""
    if not homicide.is_domestic:
        return None
    if review is None or not review.decision:
        return gettext("the partnership has not yet decided whether to hold one")
    if not review.is_open:
        return None
    return gettext("it has not been completed")


def review_of(homicide: Homicide) -> DomesticHomicideReview | None:
    return DomesticHomicideReview.objects.filter(homicide=homicide).first()


@tracked()
class AdvocacyOffer(models.Model):
    """An offer of specialist advocacy to the family; a decline may be offered again later (`offer_again_on`)."""

    review = models.ForeignKey(DomesticHomicideReview, on_delete=models.PROTECT, related_name="advocacy_offers")
    organisation = models.CharField(_("organisation"), max_length=30, choices=AdvocacyOrganisation.choices)
    organisation_other = models.CharField(_("name of the other service"), max_length=200, blank=True)
    offered_on = models.DateField(_("date offered"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=OfferOutcome.choices)
    referred_on = models.DateField(_("date referred"), null=True, blank=True)
    offer_again_on = models.DateField(_("date to offer again"), null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=TEXT_MAX_LENGTH, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-offered_on", "-id"]
        indexes = [models.Index(fields=["review", "offered_on"])]

    def __str__(self) -> str:
        return f"{self.organisation_name} {self.offered_on:%d/%m/%Y}"

    @property
    def organisation_name(self) -> str:
        if self.organisation == AdvocacyOrganisation.OTHER and self.organisation_other:
            return self.organisation_other
        return str(self.get_organisation_display())


@tracked()
class ChairMeeting(models.Model):
    """A meeting with the review's chair (the case worker with the family, or keeping in touch for them)."""

    review = models.ForeignKey(DomesticHomicideReview, on_delete=models.PROTECT, related_name="chair_meetings")
    met_on = models.DateField(_("date of the meeting"))
    attendees = models.CharField(_("who attended"), max_length=500)
    notes = models.TextField(_("notes"), max_length=TEXT_MAX_LENGTH, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-met_on", "-id"]
        indexes = [models.Index(fields=["review", "met_on"])]

    def __str__(self) -> str:
        return f"{self.met_on:%d/%m/%Y}"
