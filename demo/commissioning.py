"""Demo money: invented providers, each region's budgets, a cost record for every commissioned support the casework
history holds, and CICA applications for about one referred person in eight. Deterministic for a seed and day."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pghistory
from django.utils import timezone

from accounts.models import User
from casework.models import BereavedPerson, SupportGiven, SupportType
from commissioning.actions import approval_limit
from commissioning.models import (
    Budget,
    CicaApplication,
    CicaStatus,
    CicaStatusChange,
    CommissionedService,
    Provider,
    financial_year_of,
)
from demo import tracked
from organisation.models import Region

PROVIDER_NAMES = [
    "Invented Locks and Doors Ltd",
    "Made-up Childminders Network",
    "Fictional Language Line",
    "Imaginary Counselling Collective",
    "Pretend Cleaning Services",
    "Sample Peer Support Trust",
    "Example Community Transport",
    "Placeholder Removals",
    "Notional Glass and Glazing",
]
# Typical agreed costs in pounds, by commissioned type (low, high).
COST_RANGE = {
    "security-locks": (90, 450),
    "childcare": (120, 900),
    "interpreting": (60, 400),
    "counselling": (300, 1800),
    "repairs-cleaning": (150, 1200),
    "specialist-support": (200, 1500),
    "transport": (30, 250),
    "removals": (400, 1600),
    "glazing": (80, 600),
}
CICA_SHARE = 0.12


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(11, 0)))


def _providers(rng: random.Random, types: list[SupportType], regions: list[Region]) -> list[Provider]:
    providers = []
    for i, name in enumerate(PROVIDER_NAMES):
        provider = Provider.objects.create(name=name, contact_name="Demo Contact", phone=f"0300 000 {1000 + i}")
        provider.services.set([types[i % len(types)], *rng.sample(types, 1)])
        provider.regions.set(rng.sample(regions, rng.randint(2, len(regions))))
        providers.append(provider)
    # One that offers everything everywhere, so that every commissioned support has a provider to come from.
    national = Provider.objects.create(name="Invented National Support Partnership", contact_name="Demo Contact")
    national.services.set(types)
    national.regions.set(regions)
    return [*providers, national]


def generate_money(users: dict[str, User], *, seed: int, today: date, team_leaders: dict[int, User]) -> None:
    rng = random.Random(seed * 31 + 8)  # its own stream: the casework history is unchanged by it
    nina = next(user for user in users.values() if user.role == "national_manager")
    types = list(SupportType.objects.filter(commissioned=True, is_active=True).order_by("display_order"))
    regions = list(Region.objects.order_by("display_order", "pk"))
    with pghistory.context(user=nina.pk, action="seed_demo"):
        providers = _providers(rng, types, regions)
        offered = {
            (provider.pk, service.pk, region.pk)
            for provider in providers
            for service in provider.services.all()
            for region in provider.regions.all()
        }
        year = financial_year_of(today)
        Budget.objects.bulk_create(
            Budget(region=region, financial_year=fy, amount=Decimal(rng.randrange(20_000, 45_000, 500)), set_by=nina)
            for region in regions
            for fy in (year - 1, year)
        )

        services = []
        supports = SupportGiven.objects.filter(support_type__commissioned=True, commissioned_service__isnull=True)
        for support in supports.select_related("person__homicide", "support_type").order_by("pk"):
            region_id = support.person.homicide.region_id
            choices = [p for p in providers if (p.pk, support.support_type_id, region_id) in offered]
            low, high = COST_RANGE.get(support.support_type.code, (100, 800))
            cost = Decimal(rng.randint(low, high))
            approver = support.recorded_by if cost <= approval_limit() else team_leaders[region_id]
            costed = (today - support.given_on).days > 30 and rng.random() < 0.75
            services.append(
                CommissionedService(
                    person=support.person,
                    provider=rng.choice(choices),
                    service_type=support.support_type,
                    case_stage=support.case_stage,
                    agreed_on=support.given_on,
                    starts_on=min(support.given_on + timedelta(days=rng.randint(0, 7)), today),
                    agreed_cost=cost,
                    actual_cost=(cost * Decimal(rng.uniform(0.85, 1.1))).quantize(Decimal("0.01")) if costed else None,
                    costed_on=min(support.given_on + timedelta(days=rng.randint(14, 30)), today) if costed else None,
                    recorded_by=support.recorded_by,
                    approved_by=approver,
                    approved_at=_moment(support.given_on),
                    support=support,
                )
            )
        tracked.create(services, user=nina.pk, action="seed_demo")

        applications: list[tuple[CicaApplication, list[CicaStatusChange]]] = []
        for person in (
            BereavedPerson.objects.filter(referred_at__isnull=False, homicide__lead_case_worker__isnull=False)
            .select_related("homicide__lead_case_worker")
            .order_by("pk")
        ):
            if rng.random() >= CICA_SHARE:
                continue
            applied = timezone.localdate(person.referred_at) + timedelta(days=rng.randint(20, 90))
            if applied >= today or (person.closed_on is not None and applied > person.closed_on):
                continue
            applications.append(_cica(rng, person, applied, today))
        tracked.create([application for application, _changes in applications], user=nina.pk, action="seed_demo")
        for application, changes in applications:
            for change in changes:
                change.application = application
        tracked.create(
            [change for _application, changes in applications for change in changes], user=nina.pk, action="seed_demo"
        )


def _cica(
    rng: random.Random, person: BereavedPerson, applied: date, today: date
) -> tuple[CicaApplication, list[CicaStatusChange]]:
    holder = person.homicide.lead_case_worker
    assert holder is not None  # only allocated homicides' people are given applications
    path = [CicaStatus.SUBMITTED]
    for step in (CicaStatus.FURTHER_INFORMATION, CicaStatus.DECISION, CicaStatus.PAID):
        if rng.random() < 0.55:
            path.append(step)
        elif step != CicaStatus.FURTHER_INFORMATION:
            break
    days, day = [], applied
    for _ in path:
        days.append(day)
        day = day + timedelta(days=rng.randint(20, 70))
    path = [status for status, when in zip(path, days, strict=True) if when <= today]
    days = days[: len(path)]
    award = Decimal(rng.choice([0, 2500, 5500, 11000])) if CicaStatus.DECISION in path else None
    open_ = path[-1] not in {CicaStatus.PAID, CicaStatus.WITHDRAWN}
    application = CicaApplication(
        person=person,
        applied_on=applied,
        helped_by=holder,
        status=path[-1],
        status_on=days[-1],
        award_amount=award,
        award_decided_on=days[path.index(CicaStatus.DECISION)] if award is not None else None,
        paid_on=days[-1] if path[-1] == CicaStatus.PAID else None,
        next_step="Chase the decision" if open_ else "",
        next_step_on=days[-1] + timedelta(days=28) if open_ else None,
        recorded_by=holder,
    )
    changes = [
        CicaStatusChange(status=status, changed_on=when, recorded_by=holder)
        for status, when in zip(path, days, strict=True)
    ]
    return application, changes
