"""Risk and safeguarding reads: a person's current risk (for the header, the caseload and the people API) and
their risk checks and concerns, each in one query, from `access.policies`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from access import policies
from accounts.models import User
from casework.models import BereavedPerson
from safeguarding.models import RiskCheck, RiskLevel, SafeguardingConcern

# A risk check's review shows in "What is due" from this many days ahead (and while overdue).
REVIEW_DUE_DAYS_AHEAD = 14


def current_risk_annotations(*fields: str, person_ref: str = "pk") -> dict[str, Subquery]:
    """Annotations for a queryset of people: each of `fields` of their current (newest) risk check, as
    `risk_<field>` (`risk_level` stays `risk_level`), None where they have none. Subqueries, so no extra query.

    Only the visit-safety fields (`access.policies.VISIT_SAFETY_FIELDS`) are ever read this way: whoever sees the
    person may see them."""
    assert set(fields) <= set(policies.VISIT_SAFETY_FIELDS), fields
    newest = RiskCheck.objects.filter(person=OuterRef(person_ref)).order_by("-checked_on", "-id")
    return {
        (field if field.startswith("risk_") else f"risk_{field}"): Subquery(newest.values(field)[:1])
        for field in fields
    }


@dataclass
class VisitSafety:
    """A person's current risk level and agreed safety measures: what anyone visiting them needs."""

    risk_level: str | None
    safety_measures: str = ""
    checked_on: date | None = None
    review_by: date | None = None

    @property
    def review_overdue(self) -> bool:
        return self.review_by is not None and self.review_by < timezone.localdate()

    @property
    def risk_level_label(self) -> str:
        return str(RiskLevel(self.risk_level).label) if self.risk_level else ""


def visit_safety(person: Any) -> VisitSafety:
    """The current risk of a person annotated with `current_risk_annotations(*VISIT_SAFETY_FIELDS)` (no query)."""
    return VisitSafety(
        risk_level=person.risk_level,
        safety_measures=person.risk_safety_measures or "",
        checked_on=person.risk_checked_on,
        review_by=person.risk_review_by,
    )


def with_current_risk(people: QuerySet[BereavedPerson]) -> QuerySet[BereavedPerson]:
    """People (from `access.policies`) with their current risk check's visit-safety fields, in the same query."""
    return people.annotate(**current_risk_annotations(*policies.VISIT_SAFETY_FIELDS))


def risk_checks(user: User, person: BereavedPerson) -> list[RiskCheck]:
    """Every risk check of the person, newest (the current one) first."""
    return list(
        policies.visible(user, RiskCheck)
        .filter(person=person)
        .select_related("recorded_by")
        .order_by("-checked_on", "-id")
    )


def concerns(user: User, person: BereavedPerson) -> list[SafeguardingConcern]:
    return list(
        policies.visible(user, SafeguardingConcern)
        .filter(person=person)
        .select_related("recorded_by")
        .order_by("-raised_on", "-id")
    )


def review_due_from() -> date:
    """Reviews due by this day show in "What is due"."""
    return timezone.localdate() + timedelta(days=REVIEW_DUE_DAYS_AHEAD)
