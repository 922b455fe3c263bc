"""Figures the service does not record itself but reports against: the police's published recorded homicides."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.tracking import tracked


@tracked()
class PoliceRecordedHomicides(models.Model):
    """The homicides one police force recorded in a period, as published (uploaded by the national manager)."""

    police_force = models.ForeignKey(
        "organisation.PoliceForce", on_delete=models.PROTECT, related_name="recorded_homicides"
    )
    period_start = models.DateField(_("first day"))
    period_end = models.DateField(_("last day"))
    homicides = models.PositiveIntegerField(_("homicides recorded by the police"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period_end", "police_force__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["police_force", "period_start", "period_end"], name="one_figure_per_force_and_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="period_in_order"
            ),
        ]
