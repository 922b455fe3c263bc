"""What the commissioning pages read: budget figures computed in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from commissioning.models import Budget, CommissionedService, financial_year_bounds, financial_year_of

ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=12, decimal_places=2))
APPROVED = Q(approved_at__isnull=False)
# Committed: what approved services will cost, their actual cost once known, their agreed cost until then.
FIGURES = {
    "committed": Coalesce(Sum(Coalesce("actual_cost", "agreed_cost"), filter=APPROVED), ZERO),
    "spent": Coalesce(Sum("actual_cost", filter=APPROVED), ZERO),
    "awaiting_approval": Coalesce(Sum("agreed_cost", filter=~APPROVED), ZERO),
    "services": Count("id"),
}


def current_financial_year() -> int:
    return financial_year_of(timezone.localdate())


def financial_year_choices(today: date | None = None) -> list[int]:
    current = financial_year_of(today or timezone.localdate())
    return [current + 1, current, current - 1, current - 2]


def services_in_year(year: int) -> QuerySet[CommissionedService]:
    """Services count against the financial year in which they were agreed."""
    start, end = financial_year_bounds(year)
    return CommissionedService.objects.filter(agreed_on__range=(start, end))


@dataclass
class Figures:
    budget: Decimal | None
    committed: Decimal
    spent: Decimal
    awaiting_approval: Decimal
    services: int

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.committed

    @property
    def over_budget(self) -> bool:
        return self.budget is not None and self.committed > self.budget


def region_figures(regions: QuerySet, year: int) -> list[tuple[object, Figures]]:
    """Budget, committed and spent for each region in one financial year (three queries whatever the count)."""
    regions = list(regions)  # type: ignore[assignment]  # evaluated once: the queries below reuse the list
    budgets = dict(Budget.objects.filter(region__in=regions, financial_year=year).values_list("region_id", "amount"))
    totals: dict[int, dict[str, Any]] = {
        row.pop("person__homicide__region_id"): row  # type: ignore[misc]  # a values() row, a plain dict
        for row in services_in_year(year)
        .filter(person__homicide__region__in=regions)
        .values("person__homicide__region_id")
        .annotate(**FIGURES)
        .order_by()
    }
    empty = {
        "committed": Decimal("0.00"),
        "spent": Decimal("0.00"),
        "awaiting_approval": Decimal("0.00"),
        "services": 0,
    }
    return [(region, Figures(budget=budgets.get(region.pk), **totals.get(region.pk, empty))) for region in regions]


def by_service_type(region, year: int) -> list[dict]:
    """The region's year by type of service: how many, committed and spent."""
    rows: Any = (
        services_in_year(year)
        .filter(person__homicide__region=region)
        .values("service_type__name")
        .annotate(**FIGURES)
        .order_by("service_type__name")
    )
    return list(rows)
