"""The justice journey of a homicide: defendants and the events of the criminal process, inquest and deaths abroad.

Shared by everyone bereaved by the homicide. Defendants and events are criminal offence data: shown only where
`access.policies.can_see_offence_data`. Events are never deleted: a mistake is corrected or marked entered in error.
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.records import Correctable
from audit.tracking import tracked
from casework.models import contact_stages_sql
from intake.models import Homicide

NOTES_MAX_LENGTH = 2000


class EventKind(models.TextChoices):
    ARREST = "arrest", _("Arrest")
    CHARGE = "charge", _("Charge")
    FIRST_HEARING = "first_hearing", _("First hearing")
    PLEA_HEARING = "plea_hearing", _("Plea hearing")
    TRIAL_LISTED = "trial_listed", _("Trial listed")
    # The case holder hands the family over to the Witness Service before a trial (its pre-trial visit, support at
    # court): recorded on the day it happened, once a trial is listed; due before each listed trial until then.
    WITNESS_SERVICE_HANDOVER = "witness_service_handover", _("Witness Service hand-over")
    TRIAL_STARTED = "trial_started", _("Trial started")
    TRIAL_ENDED = "trial_ended", _("Trial ended")
    VERDICT = "verdict", _("Verdict")
    SENTENCE = "sentence", _("Sentence")
    APPEAL = "appeal", _("Appeal")
    RETRIAL = "retrial", _("Retrial ordered")
    INQUEST_OPENED = "inquest_opened", _("Inquest opened")
    INQUEST_ADJOURNED = "inquest_adjourned", _("Inquest adjourned")
    INQUEST_RESUMED = "inquest_resumed", _("Inquest resumed")
    INQUEST_CONCLUDED = "inquest_concluded", _("Inquest concluded")
    NO_FURTHER_ACTION = "no_further_action", _("No further action")
    REPATRIATION = "repatriation", _("Repatriation")
    PROCEEDINGS_ABROAD = "proceedings_abroad", _("Proceedings abroad")


# Hearings and trials are recorded when listed, so their date may be ahead; every other event has happened.
LISTED_KINDS = frozenset({EventKind.FIRST_HEARING, EventKind.PLEA_HEARING, EventKind.TRIAL_LISTED})
# Events about one defendant.
PER_DEFENDANT_KINDS = frozenset({EventKind.CHARGE, EventKind.VERDICT})


class VerdictOutcome(models.TextChoices):
    GUILTY = "guilty", _("Guilty as charged")
    GUILTY_LESSER = "guilty_lesser", _("Guilty of a lesser offence")
    NOT_GUILTY = "not_guilty", _("Not guilty")
    NO_VERDICT = "no_verdict", _("Jury could not agree")


@tracked()
class Defendant(models.Model):
    homicide = models.ForeignKey(Homicide, on_delete=models.PROTECT, related_name="defendants")
    name = models.CharField(_("name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=NOTES_MAX_LENGTH, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


@tracked()
class JourneyEvent(Correctable):
    homicide = models.ForeignKey(Homicide, on_delete=models.PROTECT, related_name="journey_events")
    kind = models.CharField(_("what happened"), max_length=30, choices=EventKind.choices)
    occurred_on = models.DateField(_("date"))
    defendant = models.ForeignKey(
        Defendant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="journey_events",
        verbose_name=_("defendant"),
    )
    offence = models.CharField(_("offence charged"), max_length=200, blank=True)
    outcome = models.CharField(_("verdict"), max_length=20, choices=VerdictOutcome.choices, blank=True)
    family_days_attended = models.PositiveSmallIntegerField(_("days the family attended"), null=True, blank=True)
    staff_days_attended = models.PositiveSmallIntegerField(_("days staff attended"), null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=NOTES_MAX_LENGTH, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(Correctable.Meta):
        ordering = ["-occurred_on", "-created_at", "-id"]
        indexes = [models.Index(fields=["homicide", "occurred_on"])]
        triggers = [
            # The stage of each contact of the homicide follows its journey (casework.models.Contact.case_stage).
            pgtrigger.Trigger(
                name="contacts_follow_journey",
                when=pgtrigger.After,
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                func=contact_stages_sql("p.homicide_id IN (NEW.homicide_id, OLD.homicide_id)") + "; RETURN NULL;",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%d/%m/%Y}"

    @property
    def is_listed(self) -> bool:
        return self.kind in LISTED_KINDS
