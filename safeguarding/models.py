"""Risk and safeguarding: the lone-working risk check for visiting a bereaved person, and safeguarding concerns
(child or adult) with their referral to another agency and its outcome.

Every risk check is kept: the newest (by the date it was made) is the person's current one, and each new check
supersedes it. The records are casework held by offence-data roles only (`access.policies.risk_checks`): a check
says whether the suspect or their family is in contact with the person. Whoever visits (a volunteer included) sees
the current level and the agreed safety measures alone (`access.policies.visit_safety`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.tracking import tracked
from casework.models import NOTES_MAX_LENGTH, BereavedPerson


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class SuspectContact(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_KNOWN = "not_known", _("Not known")


@tracked()
class RiskCheck(models.Model):
    """A lone-working risk check before visiting a person, made on its own date and reviewed by another."""

    person = models.ForeignKey(BereavedPerson, on_delete=models.CASCADE, related_name="risk_checks")
    address_risks = models.TextField(_("known risks at the address"), max_length=NOTES_MAX_LENGTH, blank=True)
    suspect_contact = models.CharField(
        _("suspect or suspect's family in contact with the person"), max_length=20, choices=SuspectContact.choices
    )
    other_risks = models.TextField(_("other risks"), max_length=NOTES_MAX_LENGTH, blank=True)
    safety_measures = models.TextField(_("agreed safety measures"), max_length=NOTES_MAX_LENGTH, blank=True)
    risk_level = models.CharField(_("overall risk level"), max_length=10, choices=RiskLevel.choices)
    checked_on = models.DateField(_("date of the check"))
    review_by = models.DateField(_("review by"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-checked_on", "-id"]
        indexes = [
            # The current check of a person (the newest), for the person's header, the caseload and the API.
            models.Index(fields=["person", "-checked_on", "-id"], name="risk_check_current_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="risk_review_after_check", condition=models.Q(review_by__gt=models.F("checked_on"))
            )
        ]


class ConcernAbout(models.TextChoices):
    PERSON = "person", _("The person")
    CHILD = "child", _("A child in the family")


class ConcernKind(models.TextChoices):
    CHILD = "child", _("Child safeguarding")
    ADULT = "adult", _("Adult safeguarding")


class ReferredTo(models.TextChoices):
    CHILDRENS_SERVICES = "childrens_services", _("Local authority children's services")
    ADULT_SOCIAL_CARE = "adult_social_care", _("Adult social care")
    POLICE = "police", _("Police")
    OTHER = "other", _("Other")


@tracked()
class SafeguardingConcern(models.Model):
    """A concern for the safety of the person or of a child in their family, its referral and its outcome."""

    person = models.ForeignKey(BereavedPerson, on_delete=models.CASCADE, related_name="safeguarding_concerns")
    # Set by the action: a concern about a child (a named child, or the person when a child) is child safeguarding.
    kind = models.CharField(_("type of concern"), max_length=10, choices=ConcernKind.choices, editable=False)
    about = models.CharField(_("about whom"), max_length=10, choices=ConcernAbout.choices)
    # A child in the family who is on the service's records, or the name of one who is not.
    child = models.ForeignKey(
        BereavedPerson, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("child")
    )
    child_name = models.CharField(_("name of the child"), max_length=200, blank=True)
    description = models.TextField(_("the concern"), max_length=NOTES_MAX_LENGTH)
    raised_on = models.DateField(_("date raised"))
    referred_to = models.CharField(_("referred to"), max_length=30, choices=ReferredTo.choices, blank=True)
    referred_to_other = models.CharField(_("other agency"), max_length=200, blank=True)
    referred_on = models.DateField(_("date referred"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), max_length=NOTES_MAX_LENGTH, blank=True)
    outcome_on = models.DateField(_("date of the outcome"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-raised_on", "-id"]
        indexes = [models.Index(fields=["person", "raised_on"])]
        constraints = [
            models.CheckConstraint(
                name="referral_has_agency_and_date",
                condition=models.Q(referred_to="", referred_on__isnull=True)
                | (~models.Q(referred_to="") & models.Q(referred_on__isnull=False)),
            ),
            models.CheckConstraint(
                name="concern_outcome_has_date",
                condition=models.Q(outcome="", outcome_on__isnull=True)
                | (~models.Q(outcome="") & models.Q(outcome_on__isnull=False)),
            ),
        ]

    @property
    def about_label(self) -> str:
        # The action keeps the child's name here, a child on the records included.
        return self.child_name if self.about == ConcernAbout.CHILD else str(ConcernAbout.PERSON.label)

    @property
    def referred_to_label(self) -> str:
        if self.referred_to == ReferredTo.OTHER and self.referred_to_other:
            return self.referred_to_other
        return self.get_referred_to_display()
