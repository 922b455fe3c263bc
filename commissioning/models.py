"""Money spent for bereaved people: commissioned services from providers, each region's budget for them, and
Criminal Injuries Compensation (CICA) applications.

A commissioned service, once approved, is also one instance of commissioned support (`casework.SupportGiven`,
table B6): the service links to it, so the evaluation's tables count it once and the money stays here.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.tracking import tracked
from casework.models import NOTES_MAX_LENGTH, BereavedPerson, CaseStage, SupportGiven, SupportType
from organisation.models import Region

MONEY_DIGITS, MONEY_PLACES = 10, 2  # up to £99,999,999.99, in pence


def financial_year_of(day: date) -> int:
    """The financial year (April to March) a day falls in, named by the year it starts: 2026 is April 2026 to
    March 2027."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_bounds(year: int) -> tuple[date, date]:
    return date(year, 4, 1), date(year + 1, 3, 31)


@tracked()
class Provider(models.Model):
    """An organisation the service commissions support from."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    # Through tracked models, so that a service or region added or removed is in the history (pghistory tracks a
    # many-to-many only through a model of its own).
    services = models.ManyToManyField(
        SupportType,
        through="ProviderService",
        related_name="providers",
        verbose_name=_("services offered"),
        limit_choices_to={"commissioned": True},
    )
    regions = models.ManyToManyField(
        Region, through="ProviderRegion", related_name="providers", verbose_name=_("regions covered")
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


@tracked()
class ProviderService(models.Model):
    """A service a provider offers. The table Django made for the many-to-many, adopted as it is."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    support_type = models.ForeignKey(
        SupportType, on_delete=models.CASCADE, db_column="supporttype_id", related_name="+"
    )

    class Meta:
        db_table = "commissioning_provider_services"
        unique_together = [("provider", "support_type")]


@tracked()
class ProviderRegion(models.Model):
    """A region a provider covers. The table Django made for the many-to-many, adopted as it is."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "commissioning_provider_regions"
        unique_together = [("provider", "region")]


@tracked()
class CommissionedService(models.Model):
    """A service bought from a provider for one person, with its agreed and actual cost in pounds."""

    person = models.ForeignKey(BereavedPerson, on_delete=models.CASCADE, related_name="commissioned_services")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="services_commissioned")
    service_type = models.ForeignKey(SupportType, on_delete=models.PROTECT, related_name="+")
    case_stage = models.CharField(_("stage of the case"), max_length=30, choices=CaseStage.choices)
    agreed_on = models.DateField(_("date agreed"))
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    agreed_cost = models.DecimalField(_("agreed cost (£)"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    actual_cost = models.DecimalField(
        _("actual cost (£)"), null=True, blank=True, max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES
    )
    costed_on = models.DateField(_("date the actual cost was known"), null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=NOTES_MAX_LENGTH, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # The instance of commissioned support (table B6) this service is, from its approval.
    support = models.OneToOneField(
        SupportGiven, on_delete=models.PROTECT, null=True, blank=True, related_name="commissioned_service"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-agreed_on", "-id"]
        indexes = [models.Index(fields=["person", "agreed_on"]), models.Index(fields=["agreed_on"])]
        constraints = [
            models.CheckConstraint(name="agreed_cost_not_negative", condition=models.Q(agreed_cost__gte=0)),
            models.CheckConstraint(
                name="actual_cost_not_negative",
                condition=models.Q(actual_cost__isnull=True) | models.Q(actual_cost__gte=0),
            ),
            models.CheckConstraint(
                name="approval_has_who_and_when",
                condition=models.Q(approved_by__isnull=True, approved_at__isnull=True)
                | models.Q(approved_by__isnull=False, approved_at__isnull=False),
            ),
        ]

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


@tracked()
class Budget(models.Model):
    """What a region may spend on commissioned services in one financial year (April to March)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="budgets")
    financial_year = models.PositiveSmallIntegerField(_("financial year (the year it starts)"))
    amount = models.DecimalField(_("budget (£)"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-financial_year", "region"]
        constraints = [
            models.UniqueConstraint(fields=["region", "financial_year"], name="one_budget_per_region_and_year"),
            models.CheckConstraint(name="budget_not_negative", condition=models.Q(amount__gte=0)),
        ]


class CicaStatus(models.TextChoices):
    DRAFTED = "drafted", _("Drafted")
    SUBMITTED = "submitted", _("Submitted")
    FURTHER_INFORMATION = "further_information", _("Further information requested")
    DECISION = "decision", _("Decision made")
    REVIEW = "review", _("Review requested")
    APPEAL = "appeal", _("Appeal")
    PAID = "paid", _("Paid")
    WITHDRAWN = "withdrawn", _("Withdrawn")


@tracked()
class CicaApplication(models.Model):
    """An application to the Criminal Injuries Compensation Authority that the service helped with (table B10)."""

    person = models.ForeignKey(BereavedPerson, on_delete=models.CASCADE, related_name="cica_applications")
    applied_on = models.DateField(_("date applied"))
    helped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("helped by")
    )
    reference = models.CharField(_("CICA reference"), max_length=50, blank=True)
    # The latest of its status changes, kept here for lists; the changes themselves are the dated history.
    status = models.CharField(_("status"), max_length=30, choices=CicaStatus.choices, default=CicaStatus.DRAFTED)
    status_on = models.DateField(_("status since"))
    award_amount = models.DecimalField(
        _("award (£)"), null=True, blank=True, max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES
    )
    award_decided_on = models.DateField(_("date of the award decision"), null=True, blank=True)
    paid_on = models.DateField(_("date paid"), null=True, blank=True)
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_step_on = models.DateField(_("next step due"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-applied_on", "-id"]
        verbose_name = _("CICA application")
        indexes = [models.Index(fields=["person", "applied_on"]), models.Index(fields=["next_step_on"])]
        constraints = [
            models.CheckConstraint(
                name="award_not_negative", condition=models.Q(award_amount__isnull=True) | models.Q(award_amount__gte=0)
            )
        ]


@tracked()
class CicaStatusChange(models.Model):
    """One dated step in an application's life."""

    application = models.ForeignKey(CicaApplication, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=30, choices=CicaStatus.choices)
    changed_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), max_length=NOTES_MAX_LENGTH, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["changed_on", "id"]
