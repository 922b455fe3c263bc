"""Volunteers' deployment: when and where each volunteer can help, and the updates case workers send them.

The task itself (`casework.VolunteerAssignment`) and the volunteer's visits and calls (`casework.Contact` with
`by_volunteer`) stay in casework, where every other task and contact lives.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.tracking import tracked
from casework.models import VolunteerAssignment


class Weekday(models.TextChoices):
    MONDAY = "mon", _("Monday")
    TUESDAY = "tue", _("Tuesday")
    WEDNESDAY = "wed", _("Wednesday")
    THURSDAY = "thu", _("Thursday")
    FRIDAY = "fri", _("Friday")
    SATURDAY = "sat", _("Saturday")
    SUNDAY = "sun", _("Sunday")


@tracked()
class VolunteerProfile(models.Model):
    """When and where a volunteer can help, so that a case worker can find one (the evaluation's case workers
    avoided volunteers whose part-time availability they could not see)."""

    volunteer = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="volunteer_profile"
    )
    available_days = ArrayField(
        models.CharField(max_length=3, choices=Weekday.choices),
        verbose_name=_("days usually available"),
        default=list,
        blank=True,
    )
    availability_notes = models.CharField(_("availability notes"), max_length=500, blank=True)
    not_available_until = models.DateField(_("not available until"), null=True, blank=True)
    area_notes = models.CharField(_("area and travel"), max_length=500, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("volunteer profile")

    def __str__(self) -> str:
        return f"Profile of {self.volunteer_id}"

    def is_available_on(self, day) -> bool:
        return self.not_available_until is None or self.not_available_until <= day

    def get_available_days_display(self) -> list[str]:
        labels = dict(Weekday.choices)
        return [str(labels[day]) for day in Weekday.values if day in self.available_days]


@tracked()
class VolunteerUpdate(models.Model):
    """News about the case a case worker sends to the volunteer of one task (the evaluation's volunteers felt
    uninformed). The volunteer reads the updates of their own current tasks; the case holder reads them all."""

    assignment = models.ForeignKey(VolunteerAssignment, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("update"))
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["assignment", "sent_at"])]
