"""Commissioning records for the test cast: a provider covering both regions, and for each side's person an
approved service and a CICA application; a budget for London this financial year. Synthetic throughout."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from casework.models import SupportType
from commissioning.models import (
    Budget,
    CicaApplication,
    CicaStatus,
    CicaStatusChange,
    CommissionedService,
    Provider,
    financial_year_of,
)


def provider(regions, codes=("security-locks", "counselling"), **fields) -> Provider:
    made = Provider.objects.create(**{"name": f"Invented Provider {Provider.objects.count() + 1}", **fields})
    made.services.set(SupportType.objects.filter(code__in=codes))
    made.regions.set(regions)
    return made


def service(person, provider_obj, by, *, cost="300.00", approved=True, **fields) -> CommissionedService:
    today = timezone.localdate()
    values = {
        "person": person,
        "provider": provider_obj,
        "service_type": SupportType.objects.get(code="security-locks"),
        "case_stage": "pre_trial",
        "agreed_on": today - timedelta(days=10),
        "starts_on": today - timedelta(days=5),
        "agreed_cost": Decimal(cost),
        "recorded_by": by,
        **fields,
    }
    if approved:
        values.update(approved_by=by, approved_at=timezone.now())
    return CommissionedService.objects.create(**values)


def cica(person, by, **fields) -> CicaApplication:
    applied_on = fields.pop("applied_on", timezone.localdate() - timedelta(days=20))
    application = CicaApplication.objects.create(
        person=person,
        applied_on=applied_on,
        helped_by=by,
        status=CicaStatus.SUBMITTED,
        status_on=applied_on,
        recorded_by=by,
        **fields,
    )
    CicaStatusChange.objects.create(
        application=application, status=CicaStatus.SUBMITTED, changed_on=applied_on, recorded_by=by
    )
    return application


def add_commissioning(c) -> None:
    """Add the commissioning records to a cast built by `conftest.make_cast`."""
    c.provider = provider([c.london, c.south_east])
    c.service = service(c.person, c.provider, c.case_worker)
    c.other_service = service(c.other_person, c.provider, c.south_east_case_worker)
    c.cica = cica(c.person, c.case_worker)
    c.other_cica = cica(c.other_person, c.south_east_case_worker)
    c.budget = Budget.objects.create(
        region=c.london,
        financial_year=financial_year_of(timezone.localdate()),
        amount=Decimal("10000.00"),
        set_by=c.national_manager,
    )


def waiting_service(c) -> CommissionedService:
    """A new service for the cast's London person, above the approval limit and not yet approved."""
    return service(c.person, c.provider, c.case_worker, cost="900.00", approved=False)
