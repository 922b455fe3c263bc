from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.tracking import tracked

# Free text is capped (model, action and page alike).
NOTES_MAX_LENGTH = 5000


class OffenceType(models.TextChoices):
    MURDER = "murder", _("Murder")
    MANSLAUGHTER = "manslaughter", _("Manslaughter")
    INFANTICIDE = "infanticide", _("Infanticide")
    CULPABLE_ROAD_DEATH = "culpable_road_death", _("Culpable road death")
    CORPORATE_MANSLAUGHTER = "corporate_manslaughter", _("Corporate manslaughter")
    SUSPICIOUS_DEATH = "suspicious_death", _("Suspicious death (not yet found to be homicide)")
    ROAD_TRAFFIC_DEATH = "road_traffic_death", _("Road traffic death (not eligible)")


# Counted in the service's figures; the others are recorded but kept apart.
ELIGIBLE_OFFENCES = {OffenceType.MURDER, OffenceType.MANSLAUGHTER, OffenceType.INFANTICIDE}


class NotificationSource(models.TextChoices):
    POLICE = "police", _("Police")
    FOREIGN_OFFICE = "foreign_office", _("Foreign Office")
    SELF_REFERRAL = "self_referral", _("Self-referral by a bereaved person")
    MEDIA = "media", _("Media (spotted by the service)")
    OTHER = "other", _("Other")


class NoReferralReason(models.TextChoices):
    """Table B3: why nobody was referred for a homicide."""

    SIO_NO_ENGAGEMENT = "sio_no_engagement", _("SIO determines no engagement")
    FAMILY_DECLINED = "family_declined", _("Family declined the service")
    NO_NEXT_OF_KIN = "no_next_of_kin", _("No next of kin")
    DECEASED_NOT_IDENTIFIED = "deceased_not_identified", _("Deceased not identified")
    UNKNOWN = "unknown", _("Unknown")


# Whether every case of a homicide is finished: nobody to support (reason recorded), or every referred person's case
# closed. Kept in `Homicide.cases_finished` by the database itself (the triggers below and on casework's people), so
# the list's "open" and "closed" filters read one indexed column instead of looking at every homicide's people.
CASES_FINISHED_SQL = """
    {homicide}.no_referral_reason <> '' OR (
        EXISTS (SELECT 1 FROM casework_bereavedperson p
                WHERE p.homicide_id = {homicide}.id AND p.referred_at IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM casework_bereavedperson p
                        WHERE p.homicide_id = {homicide}.id AND p.referred_at IS NOT NULL AND p.closed_on IS NULL)
    )
"""


@tracked(exclude=["cases_finished"])
class Homicide(models.Model):
    """One homicide, one record: every notification about it links here."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    region = models.ForeignKey("organisation.Region", on_delete=models.PROTECT, related_name="homicides")
    police_force = models.ForeignKey(
        "organisation.PoliceForce", on_delete=models.PROTECT, null=True, blank=True, related_name="homicides"
    )
    victim_first_name = models.CharField(_("victim's first name"), max_length=100, blank=True)
    victim_last_name = models.CharField(_("victim's last name"), max_length=100, blank=True)
    victim_date_of_birth = models.DateField(_("victim's date of birth"), null=True, blank=True)
    date_of_death = models.DateField(_("date of death"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    abroad_country = models.CharField(_("country, if abroad"), max_length=100, blank=True)
    offence_type = models.CharField(_("offence type"), max_length=30, choices=OffenceType.choices)
    is_domestic = models.BooleanField(_("domestic homicide"), default=False)
    dhr_completed_on = models.DateField(_("Domestic Homicide Review completed on"), null=True, blank=True)
    # Criminal offence data: shown only to the roles in access.policies.OFFENCE_DATA_ROLES.
    suspect_in_family = models.BooleanField(_("a family member is a suspect"), default=False)
    investigation_notes = models.TextField(_("investigation notes"), max_length=NOTES_MAX_LENGTH, blank=True)
    lead_case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_homicides",
        verbose_name=_("lead case worker"),
    )
    no_referral_reason = models.CharField(
        _("reason nobody was referred"), max_length=30, choices=NoReferralReason.choices, blank=True
    )
    # Kept by the database (CASES_FINISHED_SQL); not history, since it only restates the people's own records.
    cases_finished = models.BooleanField(_("every case finished"), default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-date_of_death", "-id"]
        triggers = [
            pgtrigger.Trigger(
                name="cases_finished_on_save",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.UpdateOf("no_referral_reason"),
                func=f"NEW.cases_finished := {CASES_FINISHED_SQL.format(homicide='NEW')}; RETURN NEW;",
            )
        ]
        indexes = [
            models.Index(fields=["region", "date_of_death"]),
            # The list filtered by status, in its order, within a region or nationally.
            models.Index(fields=["region", "cases_finished", "date_of_death", "id"], name="homicide_region_status_idx"),
            models.Index(fields=["cases_finished", "date_of_death", "id"], name="homicide_status_order_idx"),
            # The national list's order (the lead case worker's index is the foreign key's own).
            models.Index(fields=["date_of_death", "id"], name="homicide_list_order_idx"),
            GinIndex(OpClass(Upper("victim_first_name"), name="gin_trgm_ops"), name="homicide_first_name_trgm_idx"),
            GinIndex(OpClass(Upper("victim_last_name"), name="gin_trgm_ops"), name="homicide_last_name_trgm_idx"),
            models.Index(models.functions.Lower("victim_last_name"), "date_of_death", name="homicide_duplicate_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.victim_name}"

    @property
    def victim_name(self) -> str:
        return f"{self.victim_first_name} {self.victim_last_name}".strip() or str(_("Unidentified victim"))

    @property
    def is_eligible(self) -> bool:
        return self.offence_type in ELIGIBLE_OFFENCES


@tracked()
class Notification(models.Model):
    """Something told the service a homicide happened, or that someone bereaved wants help."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    source = models.CharField(_("source"), max_length=20, choices=NotificationSource.choices)
    received_at = models.DateTimeField(_("received"))
    region = models.ForeignKey("organisation.Region", on_delete=models.PROTECT, related_name="notifications")
    police_force = models.ForeignKey(
        "organisation.PoliceForce", on_delete=models.PROTECT, null=True, blank=True, related_name="notifications"
    )
    notifier_name = models.CharField(_("notifier's name"), max_length=150)
    notifier_role = models.CharField(_("notifier's role"), max_length=100, blank=True)
    notifier_organisation = models.CharField(_("notifier's organisation"), max_length=150, blank=True)
    notifier_phone = models.CharField(_("notifier's phone"), max_length=40, blank=True)
    notifier_email = models.EmailField(_("notifier's email"), blank=True)
    victim_first_name = models.CharField(_("victim's first name"), max_length=100, blank=True)
    victim_last_name = models.CharField(_("victim's last name"), max_length=100, blank=True)
    victim_date_of_birth = models.DateField(_("victim's date of birth"), null=True, blank=True)
    date_of_death = models.DateField(_("date of death"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    abroad_country = models.CharField(_("country, if abroad"), max_length=100, blank=True)
    offence_type = models.CharField(_("offence type"), max_length=30, choices=OffenceType.choices)
    suspect_in_family = models.BooleanField(_("a family member is a suspect"), default=False)
    details = models.TextField(_("other details"), max_length=NOTES_MAX_LENGTH, blank=True)
    homicide = models.ForeignKey(
        Homicide, on_delete=models.PROTECT, null=True, blank=True, related_name="notifications"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submitted_notifications"
    )
    idempotency_key = models.CharField(max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submitted_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="one_notification_per_idempotency_key",
            )
        ]
        indexes = [
            # The list's order, within a region and nationally.
            models.Index(fields=["region", "received_at", "id"], name="notification_region_order_idx"),
            models.Index(fields=["received_at", "id"], name="notification_order_idx"),
        ]

    def __str__(self) -> str:
        return self.reference


@tracked()
class Allocation(models.Model):
    """Who led a homicide's casework, and when: the allocation history."""

    homicide = models.ForeignKey(Homicide, on_delete=models.CASCADE, related_name="allocations")
    case_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations")
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    allocated_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-allocated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["homicide"], condition=models.Q(ended_at__isnull=True), name="one_current_allocation"
            )
        ]


class LiaisonKind(models.TextChoices):
    """The police liaison of the 24-hour chain (M1): the team leader tells the senior investigating officer the
    allocated case worker's name; the case worker contacts the family liaison officer."""

    SIO_TOLD = "sio_told", _("SIO told the allocated case worker's name")
    FLO_CONTACTED = "flo_contacted", _("Case worker contacted the FLO")


@tracked()
class PoliceLiaison(models.Model):
    """Something done with the police about a homicide, at its own moment (recorded afterwards, it keeps when it
    happened). Not corrected: a record made in error stays in the history."""

    homicide = models.ForeignKey(Homicide, on_delete=models.PROTECT, related_name="police_liaison")
    kind = models.CharField(_("what happened"), max_length=20, choices=LiaisonKind.choices)
    occurred_at = models.DateTimeField(_("date and time"), default=timezone.now)
    # For "SIO told": the lead case worker at that moment (from the allocation history), the name the SIO was given.
    named_case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case worker named"),
    )
    notes = models.TextField(_("notes"), max_length=NOTES_MAX_LENGTH, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # M1 reads each homicide's first record of a kind.
            models.Index(fields=["homicide", "kind", "occurred_at"], name="police_liaison_first_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.homicide_id})"
