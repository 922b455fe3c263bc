"""Intake: notifications in, one homicide record each, allocation to a lead case worker.

Each action first asks `access.policies.authorize` whether the user may take it (refusing with `NotAllowed`),
then validates, and writes the change and its history context in one transaction; pages, the API and commands all
call these, so they behave the same. The `_`-prefixed functions do the work without the check, for another action
that has made its own (a police referral creates a homicide record, which the police may not do on its own).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pghistory
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from access import policies
from accounts.models import CASE_HOLDING_ROLES, Role, User
from audit.records import length_errors
from intake.models import (
    Allocation,
    Homicide,
    LiaisonKind,
    NoReferralReason,
    Notification,
    NotificationSource,
    PoliceLiaison,
)
from lib.references import format_reference
from organisation.models import PoliceForce, Region
from reviews.models import DomesticHomicideReview, review_name

# Fields copied from a notification to the homicide it creates.
HOMICIDE_FIELDS_FROM_NOTIFICATION = (
    "police_force",
    "victim_first_name",
    "victim_last_name",
    "victim_date_of_birth",
    "date_of_death",
    "place",
    "abroad_country",
    "offence_type",
    "suspect_in_family",
)

DUPLICATE_WINDOW_DAYS = 3

# The fields a submitter gives for a notification (region, reference and submitter are decided here, not given).
NOTIFICATION_FIELDS = (
    "source",
    "received_at",
    "police_force",
    "notifier_name",
    "notifier_role",
    "notifier_organisation",
    "notifier_phone",
    "notifier_email",
    "victim_first_name",
    "victim_last_name",
    "victim_date_of_birth",
    "date_of_death",
    "place",
    "abroad_country",
    "offence_type",
    "suspect_in_family",
    "details",
)


def _next_reference(prefix: str, sequence: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [sequence])
        (number,) = cursor.fetchone()
    return format_reference(prefix, number, timezone.localdate())


def region_for(*, police_force: PoliceForce | None, submitted_by: User, region: Region | None = None) -> Region:
    """A notification belongs to its police force's region; otherwise to the region chosen or the submitter's."""
    if police_force is not None:
        return police_force.region
    if region is not None:
        return region
    if submitted_by.region is not None:
        return submitted_by.region
    raise ValidationError({"police_force": _("Choose the police force, so that the right region is told.")})


def _raise_errors(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _validate_notification(fields: dict) -> None:
    errors = {}
    today = timezone.localdate()
    if fields.get("date_of_death") and fields["date_of_death"] > today:
        errors["date_of_death"] = _("Date of death must be today or in the past")
    dob = fields.get("victim_date_of_birth")
    if dob and dob > today:
        errors["victim_date_of_birth"] = _("Date of birth must be in the past")
    elif dob and fields.get("date_of_death") and dob > fields["date_of_death"]:
        errors["victim_date_of_birth"] = _("Date of birth must be before the date of death")
    received_at = fields.get("received_at")
    if received_at and received_at > timezone.now() + timedelta(minutes=5):
        errors["received_at"] = _("The time received must not be in the future")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_notification(*, by: User, **fields) -> tuple[Notification, bool]:
    """Record a notification. Returns (notification, created); a repeated idempotency key returns the first."""
    policies.authorize("record_notification", by)
    return _record_notification(by=by, **fields)


def _record_notification(
    *,
    by: User,
    source: str,
    received_at=None,
    region: Region | None = None,
    idempotency_key: str = "",
    **fields,
) -> tuple[Notification, bool]:
    if idempotency_key:
        existing = Notification.objects.filter(submitted_by=by, idempotency_key=idempotency_key).first()
        if existing:
            return existing, False
    if by.role == Role.POLICE_REFERRER:
        source = NotificationSource.POLICE
        fields["police_force"] = by.police_force or fields.get("police_force")
    received_at = received_at or timezone.now()
    _validate_notification({**fields, "received_at": received_at})
    with pghistory.context(user=by.pk, action="record_notification"):
        notification = Notification(
            reference=_next_reference("NOT", "intake_notification_reference_seq"),
            source=source,
            received_at=received_at,
            region=region_for(police_force=fields.get("police_force"), submitted_by=by, region=region),
            submitted_by=by,
            idempotency_key=idempotency_key,
            **fields,
        )
        _raise_errors(length_errors(notification))
        notification.full_clean(exclude=["reference", "homicide", "submitted_by", "region"])
        notification.save()
    return notification, True


def find_possible_duplicates(notification: Notification, candidates: QuerySet[Homicide]) -> QuerySet[Homicide]:
    """Homicides that may be the one this notification is about: same victim surname, date near, same force."""
    window = timedelta(days=DUPLICATE_WINDOW_DAYS)
    qs = candidates.filter(
        date_of_death__range=(notification.date_of_death - window, notification.date_of_death + window)
    )
    if notification.victim_last_name:
        qs = qs.annotate(surname=Lower("victim_last_name")).filter(
            surname=notification.victim_last_name.strip().lower()
        )
    elif notification.police_force_id:
        qs = qs.filter(police_force_id=notification.police_force_id)
    else:
        qs = qs.filter(region_id=notification.region_id)
    return qs.select_related("police_force", "lead_case_worker")


@transaction.atomic
def create_homicide(*, notification: Notification, by: User) -> Homicide:
    """Open a new homicide record from a notification and link the notification to it."""
    policies.authorize("create_homicide", by, notification)
    return _create_homicide(notification=notification, by=by)


def _create_homicide(*, notification: Notification, by: User) -> Homicide:
    if notification.homicide_id:
        raise ValidationError(_("This notification is already linked to a homicide."))
    with pghistory.context(user=by.pk, action="create_homicide"):
        homicide = Homicide.objects.create(
            reference=_next_reference("HOM", "intake_homicide_reference_seq"),
            region=notification.region,
            **{field: getattr(notification, field) for field in HOMICIDE_FIELDS_FROM_NOTIFICATION},
        )
        notification.homicide = homicide
        notification.save(update_fields=["homicide"])
    return homicide


@transaction.atomic
def link_notification(*, notification: Notification, homicide: Homicide, by: User) -> Notification:
    """Link a notification to an existing homicide: one homicide, one record."""
    policies.authorize("link_notification", by, notification, homicide)
    return _link_notification(notification=notification, homicide=homicide, by=by)


def _link_notification(*, notification: Notification, homicide: Homicide, by: User) -> Notification:
    if notification.homicide_id and notification.homicide_id != homicide.pk:
        raise ValidationError(_("This notification is already linked to another homicide."))
    with pghistory.context(user=by.pk, action="link_notification"):
        notification.homicide = homicide
        notification.save(update_fields=["homicide"])
    return notification


@transaction.atomic
def allocate(
    *, homicide: Homicide, case_worker: User, by: User, note: str = "", allocated_at: datetime | None = None
) -> Allocation:
    """Make `case_worker` the lead for a homicide from `allocated_at` (now unless given: an allocation recorded
    afterwards keeps its own moment), ending any current allocation then."""
    policies.authorize("allocate", by, homicide)
    if case_worker.role not in CASE_HOLDING_ROLES or not case_worker.is_active:
        raise ValidationError({"case_worker": _("Choose an active case worker or team leader")})
    if case_worker.region_id != homicide.region_id:
        raise ValidationError({"case_worker": _("Choose someone from this homicide's region")})
    homicide = Homicide.objects.select_for_update().get(pk=homicide.pk)
    now = timezone.now()
    allocated_at = allocated_at or now
    current = Allocation.objects.filter(homicide=homicide, ended_at__isnull=True).first()
    if allocated_at > now + timedelta(minutes=5):
        raise ValidationError({"allocated_at": _("The date allocated must be today or in the past")})
    if timezone.localdate(allocated_at) < homicide.date_of_death:
        raise ValidationError(
            {
                "allocated_at": _("The date allocated must be on or after the date of death (%(date)s)")
                % {"date": homicide.date_of_death.strftime("%d/%m/%Y")}
            }
        )
    if current is not None and allocated_at <= current.allocated_at:
        raise ValidationError(
            {
                "allocated_at": _("The date allocated must be after the current allocation (%(date)s)")
                % {"date": timezone.localtime(current.allocated_at).strftime("%d/%m/%Y %H:%M")}
            }
        )
    with pghistory.context(user=by.pk, action="allocate"):
        Allocation.objects.filter(homicide=homicide, ended_at__isnull=True).update(ended_at=allocated_at)
        allocation = Allocation.objects.create(
            homicide=homicide, case_worker=case_worker, allocated_by=by, allocated_at=allocated_at, note=note
        )
        homicide.lead_case_worker = case_worker
        homicide.save(update_fields=["lead_case_worker"])
    return allocation


@transaction.atomic
def record_no_referral_reason(*, homicide: Homicide, reason: str, by: User) -> Homicide:
    """Table B3: why nobody was referred. Refused once someone has been referred."""
    policies.authorize("record_no_referral_reason", by, homicide)
    if reason and homicide.bereaved_people.filter(referred_at__isnull=False).exists():
        raise ValidationError({"no_referral_reason": _("Someone has been referred for this homicide")})
    if reason and reason not in NoReferralReason.values:
        raise ValidationError({"no_referral_reason": _("Choose a reason from the list")})
    with pghistory.context(user=by.pk, action="record_no_referral_reason"):
        homicide.no_referral_reason = reason
        homicide.save(update_fields=["no_referral_reason"])
    return homicide


@transaction.atomic
def update_homicide(*, homicide: Homicide, by: User, **fields) -> Homicide:
    """Change a homicide's details; only the fields given are written.

    The review's completion date is not among them: `reviews.actions` keeps it in step with the review's record.
    """
    policies.authorize("update_homicide", by, homicide)
    if "dhr_completed_on" in fields:
        raise TypeError("update_homicide() does not take dhr_completed_on: record the review's completion instead")
    for name, value in fields.items():
        setattr(homicide, name, value)
    errors = {}
    if homicide.date_of_death and homicide.date_of_death > timezone.localdate():
        errors["date_of_death"] = _("Date of death must be today or in the past")
    if fields.get("is_domestic") is False and DomesticHomicideReview.objects.filter(homicide=homicide).exists():
        errors["is_domestic"] = _("A %(name)s is recorded for this homicide, so it stays domestic") % {
            "name": review_name()
        }
    errors.update(length_errors(homicide))
    if errors:
        raise ValidationError(errors)
    homicide.full_clean(exclude=["reference", "lead_case_worker"])
    with pghistory.context(user=by.pk, action="update_homicide"):
        homicide.save(update_fields=list(fields))
    return homicide


def lead_at(homicide: Homicide, moment: datetime) -> Allocation | None:
    """The allocation that made someone the homicide's lead case worker at `moment` (the allocation history: one
    ends at the moment the next begins, which is then the lead)."""
    return (
        Allocation.objects.filter(homicide=homicide, allocated_at__lte=moment)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=moment))
        .select_related("case_worker")
        .order_by("-allocated_at", "-id")
        .first()
    )


@transaction.atomic
def record_police_liaison(
    *, homicide: Homicide, by: User, kind: str, occurred_at: datetime | None = None, notes: str = ""
) -> PoliceLiaison:
    """Record police liaison on its own moment (now unless given): the SIO told the allocated case worker's name
    (by whoever may allocate, once the homicide has a lead at that moment), or the case worker's contact with the
    FLO. Not in the future, not before the date of death."""
    policies.authorize("record_police_liaison", by, homicide)
    now = timezone.now()
    occurred_at = occurred_at or now
    liaison = PoliceLiaison(homicide=homicide, kind=kind, occurred_at=occurred_at, notes=notes or "", recorded_by=by)
    errors: dict[str, str] = {}
    if kind not in LiaisonKind.values:
        errors["kind"] = _("Select what happened")
    if occurred_at > now + timedelta(minutes=5):
        errors["occurred_at"] = _("The date and time must be today or in the past")
    elif timezone.localdate(occurred_at) < homicide.date_of_death:
        errors["occurred_at"] = _("The date must be on or after the date of death (%(date)s)") % {
            "date": homicide.date_of_death.strftime("%d/%m/%Y")
        }
    if kind == LiaisonKind.SIO_TOLD:
        if not policies.can_tell_sio(by, homicide):
            errors["kind"] = _("Only the team leader records telling the SIO the case worker's name")
        elif "occurred_at" not in errors:
            allocation = lead_at(homicide, occurred_at)
            if allocation is None:
                errors["kind"] = _(
                    "Nobody was the lead case worker on %(moment)s: allocate a case worker before telling the SIO"
                ) % {"moment": timezone.localtime(occurred_at).strftime("%d/%m/%Y %H:%M")}
            else:
                liaison.named_case_worker = allocation.case_worker
    errors.update({name: message for name, message in length_errors(liaison).items() if name not in errors})
    _raise_errors(errors)
    with pghistory.context(user=by.pk, action="record_police_liaison"):
        liaison.save()
    return liaison
