"""Commissioned services, budgets and CICA applications: every change, with its rules.

As in casework, each action first asks `access.policies.authorize`, then validates, then writes the change and its
history context in one transaction. Pages, the API and the demo seeder call these and never decide again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access import policies
from accounts.models import Role, User
from audit.records import length_errors
from casework.models import BereavedPerson, SupportGiven, SupportType
from commissioning.models import (
    Budget,
    CicaApplication,
    CicaStatus,
    CicaStatusChange,
    CommissionedService,
    Provider,
)
from organisation.models import Region

# Statuses after which an application changes no more.
FINAL_CICA_STATUSES = {CicaStatus.PAID, CicaStatus.WITHDRAWN}
# Who may be named as having helped with a CICA application: the person's regional team, volunteers included.
CICA_HELPER_ROLES = {Role.TEAM_LEADER, Role.CASE_WORKER, Role.SUPPORT_WORKER, Role.VOLUNTEER}
EARLIEST_FINANCIAL_YEAR = 2000


def approval_limit() -> Decimal:
    """Agreed costs above this need a team leader's (or the national manager's) approval."""
    return Decimal(str(settings.WAYPOINT_COMMISSIONING_APPROVAL_LIMIT))


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _not_in_future(value: date | None, field: str, label: str) -> dict:
    if value is not None and value > timezone.localdate():
        return {field: _("%(label)s must not be in the future") % {"label": label}}
    return {}


def _not_before_death(value: date | None, person: BereavedPerson, field: str, label: str) -> dict:
    died = person.homicide.date_of_death
    if value is not None and value < died:
        return {
            field: _("%(label)s must be on or after the date of death (%(date)s)")
            % {"label": label, "date": died.strftime("%d/%m/%Y")}
        }
    return {}


def _money(value, field: str, label: str, errors: dict) -> Decimal | None:
    """A sum in pounds and pence, not negative; a message in `errors` otherwise."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        errors[field] = _("Enter %(label)s in pounds, such as 350.00") % {"label": label}
        return None
    if (
        not amount.is_finite()
        or amount < 0
        or amount >= Decimal("100000000")
        or amount != amount.quantize(Decimal("0.01"))
    ):
        errors[field] = _("Enter %(label)s in pounds, such as 350.00") % {"label": label}
        return None
    return amount


def _require_open(person: BereavedPerson) -> None:
    if person.closed_on is not None:
        raise ValidationError(_("This person's case is closed. To record more work, reopen the case first."))


# ---- Providers --------------------------------------------------------------------------------------------


def _validate_provider(provider: Provider, services: Iterable[SupportType], regions: Iterable[Region]) -> None:
    errors: dict[str, Any] = {}
    if not services:
        errors["services"] = _("Select at least one service the provider offers")
    elif any(not service.commissioned for service in services):
        errors["services"] = _("Select only commissioned services")
    if not regions:
        errors["regions"] = _("Select at least one region the provider covers")
    try:
        provider.full_clean()
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    _raise(errors)


@transaction.atomic
def add_provider(
    *,
    by: User,
    name: str,
    services: Iterable[SupportType],
    regions: Iterable[Region],
    contact_name: str = "",
    phone: str = "",
    email: str = "",
    is_active: bool = True,
) -> Provider:
    policies.authorize("add_provider", by)
    services, regions = list(services), list(regions)
    provider = Provider(name=name.strip(), contact_name=contact_name, phone=phone, email=email, is_active=is_active)
    _validate_provider(provider, services, regions)
    with pghistory.context(user=by.pk, action="add_provider"):
        provider.save()
        provider.services.set(services)
        provider.regions.set(regions)
    return provider


@transaction.atomic
def update_provider(
    *,
    provider: Provider,
    by: User,
    name: str,
    services: Iterable[SupportType],
    regions: Iterable[Region],
    contact_name: str = "",
    phone: str = "",
    email: str = "",
    is_active: bool = True,
) -> Provider:
    """Change a provider. Services already commissioned keep their provider, even one no longer active."""
    policies.authorize("update_provider", by, provider)
    services, regions = list(services), list(regions)
    provider.name, provider.contact_name, provider.phone, provider.email = name.strip(), contact_name, phone, email
    provider.is_active = is_active
    _validate_provider(provider, services, regions)
    with pghistory.context(user=by.pk, action="update_provider"):
        provider.save()
        provider.services.set(services)
        provider.regions.set(regions)
    return provider


# ---- Commissioned services --------------------------------------------------------------------------------


def _approve(service: CommissionedService, by: User) -> None:
    """Approve, and record the service as one instance of commissioned support (table B6) in the same step."""
    service.approved_by = by
    service.approved_at = timezone.now()
    service.support = SupportGiven.objects.create(
        person=service.person,
        support_type=service.service_type,
        given_on=service.agreed_on,
        case_stage=service.case_stage,
        notes=_("Commissioned from %(provider)s") % {"provider": service.provider.name},
        recorded_by=service.recorded_by,
    )


@transaction.atomic
def commission_service(
    *,
    person: BereavedPerson,
    by: User,
    provider: Provider,
    service_type: SupportType,
    case_stage: str,
    agreed_on: date,
    starts_on: date,
    agreed_cost,
    ends_on: date | None = None,
    notes: str = "",
) -> CommissionedService:
    """Record a service commissioned for a person.

    At or below the approval limit, whoever records it approves it. Above it, a team leader of the person's region
    or the national manager approves it as they record it; anyone else's waits for `approve_service`.
    """
    policies.authorize("commission_service", by, person)
    _require_open(person)
    errors = {
        **_not_in_future(agreed_on, "agreed_on", _("The date agreed")),
        **_not_before_death(agreed_on, person, "agreed_on", _("The date agreed")),
        **_not_before_death(starts_on, person, "starts_on", _("The start date")),
    }
    if ends_on is not None and starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("The end date must be on or after the start date")
    cost = _money(agreed_cost, "agreed_cost", _("the agreed cost"), errors)
    if not service_type.commissioned or not service_type.is_active:
        errors["service_type"] = _("Choose a commissioned service that is in use")
    elif not provider.is_active:
        errors["provider"] = _("This provider is no longer active")
    elif not provider.services.filter(pk=service_type.pk).exists():
        errors["provider"] = _("This provider does not offer %(service)s") % {"service": service_type.name}
    elif not provider.regions.filter(pk=person.homicide.region_id).exists():
        errors["provider"] = _("This provider does not cover %(region)s") % {"region": person.homicide.region.name}
    _raise(errors)
    assert cost is not None  # refused by _raise above when missing
    service = CommissionedService(
        person=person,
        provider=provider,
        service_type=service_type,
        case_stage=case_stage,
        agreed_on=agreed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        agreed_cost=cost,
        notes=notes,
        recorded_by=by,
    )
    _raise(length_errors(service))
    service.full_clean(exclude=["person", "provider", "service_type", "recorded_by"])
    with pghistory.context(user=by.pk, action="commission_service"):
        if cost <= approval_limit() or policies.may("approve_service", by, service):
            _approve(service, by)
        service.save()
    return service


@transaction.atomic
def approve_service(*, service: CommissionedService, by: User) -> CommissionedService:
    """A team leader of the region (or the national manager) approves a service above the limit."""
    policies.authorize("approve_service", by, service)
    if service.is_approved:
        raise ValidationError(_("This service has already been approved"))
    with pghistory.context(user=by.pk, action="approve_service"):
        _approve(service, by)
        service.save(update_fields=["approved_by", "approved_at", "support"])
    return service


@transaction.atomic
def record_actual_cost(
    *, service: CommissionedService, by: User, actual_cost, costed_on: date | None = None
) -> CommissionedService:
    """What the service really cost, once the invoice is in; it may be corrected later (the history keeps both)."""
    policies.authorize("record_actual_cost", by, service)
    if not service.is_approved:
        raise ValidationError(_("The service must be approved before its actual cost is recorded"))
    costed_on = costed_on or timezone.localdate()
    errors = _not_in_future(costed_on, "costed_on", _("The date the cost was known"))
    if costed_on < service.agreed_on:
        errors["costed_on"] = _("The date the cost was known must be on or after the date agreed (%(date)s)") % {
            "date": service.agreed_on.strftime("%d/%m/%Y")
        }
    cost = _money(actual_cost, "actual_cost", _("the actual cost"), errors)
    _raise(errors)
    with pghistory.context(user=by.pk, action="record_actual_cost"):
        service.actual_cost = cost
        service.costed_on = costed_on
        service.save(update_fields=["actual_cost", "costed_on"])
    return service


# ---- Budgets ----------------------------------------------------------------------------------------------


@transaction.atomic
def set_budget(*, region: Region, financial_year: int, amount, by: User) -> Budget:
    """Set (or change) a region's budget for commissioned services in one financial year."""
    policies.authorize("set_budget", by, region)
    errors: dict[str, Any] = {}
    latest = timezone.localdate().year + 5
    if not isinstance(financial_year, int) or not EARLIEST_FINANCIAL_YEAR <= financial_year <= latest:
        errors["financial_year"] = _("Enter a financial year from %(first)s to %(last)s") % {
            "first": EARLIEST_FINANCIAL_YEAR,
            "last": latest,
        }
    value = _money(amount, "amount", _("the budget"), errors)
    _raise(errors)
    assert value is not None  # refused by _raise above when missing
    with pghistory.context(user=by.pk, action="set_budget"):
        budget, _created = Budget.objects.update_or_create(
            region=region,
            financial_year=financial_year,
            defaults={"amount": value, "set_by": by, "set_at": timezone.now()},
        )
    return budget


# ---- CICA applications ------------------------------------------------------------------------------------


def _next_step_errors(next_step: str, next_step_on: date | None, after: date) -> dict:
    if next_step_on is not None and next_step_on < after:
        return {
            "next_step_on": _("The next step must be due on or after %(date)s") % {"date": after.strftime("%d/%m/%Y")}
        }
    if next_step_on is not None and not next_step.strip():
        return {"next_step": _("Say what the next step is")}
    return {}


@transaction.atomic
def record_cica_application(
    *,
    person: BereavedPerson,
    by: User,
    applied_on: date,
    helped_by: User,
    status: str = CicaStatus.SUBMITTED,
    reference: str = "",
    next_step: str = "",
    next_step_on: date | None = None,
) -> CicaApplication:
    """An application for criminal injuries compensation, begun (drafted) or sent (submitted) on `applied_on`."""
    policies.authorize("record_cica_application", by, person)
    _require_open(person)
    errors = {
        **_not_in_future(applied_on, "applied_on", _("The date applied")),
        **_not_before_death(applied_on, person, "applied_on", _("The date applied")),
    }
    if status not in {CicaStatus.DRAFTED, CicaStatus.SUBMITTED}:
        errors["status"] = _("A new application is drafted or submitted")
    helper_ok = helped_by.is_active and (
        helped_by.role == Role.NATIONAL_MANAGER
        or (helped_by.role in CICA_HELPER_ROLES and helped_by.region_id == person.homicide.region_id)
    )
    if not helper_ok:
        errors["helped_by"] = _("Choose an active member of this region's team")
    if applied_on is not None:
        errors.update(_next_step_errors(next_step, next_step_on, applied_on))
    _raise(errors)
    application = CicaApplication(
        person=person,
        applied_on=applied_on,
        helped_by=helped_by,
        reference=reference,
        status=status,
        status_on=applied_on,
        next_step=next_step.strip(),
        next_step_on=next_step_on,
        recorded_by=by,
    )
    _raise(length_errors(application))
    application.full_clean(exclude=["person", "helped_by", "recorded_by"])
    with pghistory.context(user=by.pk, action="record_cica_application"):
        application.save()
        CicaStatusChange.objects.create(application=application, status=status, changed_on=applied_on, recorded_by=by)
    return application


@transaction.atomic
def record_cica_status(
    *,
    application: CicaApplication,
    by: User,
    status: str,
    changed_on: date,
    notes: str = "",
    award_amount=None,
    next_step: str = "",
    next_step_on: date | None = None,
) -> CicaStatusChange:
    """The application moves on: a dated status change, with the award at a decision and the payment when paid.

    A paid or withdrawn application is finished. The next step (a reminder in the case holder's "What is due")
    is replaced by the one given, and cleared when the application is finished.
    """
    policies.authorize("record_cica_status", by, application)
    if application.status in FINAL_CICA_STATUSES:
        raise ValidationError(_("This application is finished (paid or withdrawn)"))
    errors = _not_in_future(changed_on, "changed_on", _("The date of the change"))
    if status not in CicaStatus.values or status == CicaStatus.DRAFTED:
        errors["status"] = _("Select the application's new status")
    if changed_on is not None and changed_on < application.status_on:
        errors["changed_on"] = _("The date must be on or after the last change (%(date)s)") % {
            "date": application.status_on.strftime("%d/%m/%Y")
        }
    amount = None
    if award_amount not in (None, ""):
        amount = _money(award_amount, "award_amount", _("the award"), errors)
    if status == CicaStatus.DECISION and award_amount in (None, ""):
        errors["award_amount"] = _("Enter the award in pounds (0 for no award)")
    if status == CicaStatus.PAID and amount is None and application.award_amount is None:
        errors["award_amount"] = _("Enter the amount paid")
    if status in FINAL_CICA_STATUSES:
        next_step, next_step_on = "", None
    if changed_on is not None:
        errors.update(_next_step_errors(next_step, next_step_on, changed_on))
    errors.update(length_errors(CicaStatusChange(notes=notes or "")))
    _raise(errors)
    with pghistory.context(user=by.pk, action="record_cica_status"):
        change = CicaStatusChange.objects.create(
            application=application, status=status, changed_on=changed_on, notes=notes, recorded_by=by
        )
        application.status, application.status_on = status, changed_on
        if amount is not None:
            application.award_amount = amount
        if status == CicaStatus.DECISION:
            application.award_decided_on = changed_on
        if status == CicaStatus.PAID:
            application.paid_on = changed_on
        application.next_step, application.next_step_on = next_step.strip(), next_step_on
        application.save()
    return change
