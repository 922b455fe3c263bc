"""Police notifications per force against the homicides each force recorded, as published: one computation for the
coverage page, its CSV and XLSX exports and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypedDict

from django.conf import settings
from django.db.models import Count, Q

from access import policies
from intake.models import NotificationSource
from organisation.models import PoliceForce
from reporting.models import PoliceRecordedHomicides
from reporting.queries import Period, average, eligible_notifications
from reporting.suppression import Suppressed


class CoverageRow(TypedDict):
    """One force's line."""

    force: PoliceForce
    recorded: int
    notified: int | Suppressed
    coverage: Decimal | Suppressed | None
    flagged: bool


@dataclass(frozen=True)
class Coverage:
    period: Period | None
    rows: list[CoverageRow] = field(default_factory=list)
    flag_below: int = 0
    suppressed_below: int | None = None


def published_periods() -> list[Period]:
    """The periods with published figures, latest first."""
    return [
        Period(start, end)
        for start, end in PoliceRecordedHomicides.objects.values_list("period_start", "period_end")
        .distinct()
        .order_by("-period_end", "-period_start")
    ]


def police_coverage(user, period: Period | None, *, outside: bool = False) -> Coverage:
    """Per force of the reader's regions with a published figure for exactly `period`: the homicides its police
    notified against those it recorded. Two queries. A force is flagged when its coverage is under
    `WAYPOINT_COVERAGE_FLAG_BELOW` percent: it notifies much less than it records."""
    below = policies.report_suppression_threshold(user, outside=outside)
    flag_below = settings.WAYPOINT_COVERAGE_FLAG_BELOW
    if period is None:
        return Coverage(None, [], flag_below, below)
    regions = policies.report_regions(user)
    recorded = PoliceRecordedHomicides.objects.filter(
        period_start=period.start, period_end=period.end, police_force__region__in=regions
    ).select_related("police_force", "police_force__region")
    # One homicide definition (murder, manslaughter, infanticide): notifications about the same homicide count once;
    # a notification not yet linked to a homicide counts as one.
    notified = {
        row["police_force_id"]: row["linked"] + row["unlinked"]
        for row in eligible_notifications()
        .filter(period.moments("received_at"), source=NotificationSource.POLICE, police_force__region__in=regions)
        .values("police_force_id")
        .annotate(linked=Count("homicide_id", distinct=True), unlinked=Count("id", filter=Q(homicide__isnull=True)))
        .order_by()
    }
    rows: list[CoverageRow] = []
    for figure in recorded:
        count = notified.get(figure.police_force_id, 0)
        share = average(count * 100, figure.homicides)
        hidden = Suppressed(below) if below and 0 < count < below else None
        rows.append(
            {
                "force": figure.police_force,
                "recorded": figure.homicides,
                "notified": count if hidden is None else hidden,
                "coverage": share if hidden is None else hidden,
                "flagged": share is not None and share < Decimal(flag_below),
            }
        )
    rows.sort(key=lambda r: (r["force"].region.display_order, r["force"].name))
    return Coverage(period, rows, flag_below, below)
