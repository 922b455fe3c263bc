"""The evaluation's tables (Appendix B), computed in the database for any period and any set of regions.

Each table is a fixed, small number of grouped queries (one per kind of record), whatever the amount of data:
figures are counted by PostgreSQL, grouped by region, and only the per-region numbers come back to Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accounts.models import Role, User
from casework.models import BereavedPerson, Contact, ContactKind
from intake.models import ELIGIBLE_OFFENCES, Notification, NotificationSource
from organisation.models import Region
from reporting.suppression import Suppressed

ELIGIBLE = sorted(o.value for o in ELIGIBLE_OFFENCES)
NOT_APPLICABLE = "–"


@dataclass(frozen=True)
class Period:
    """Whole days from `start` to `end`, both included, in UK time."""

    start: date
    end: date
    # The period to compare with, when it is not the same number of days just before (a dashboard's last month).
    compared_with: Period | None = field(default=None, compare=False)

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def ends_before(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def moments(self, field_name: str) -> Q:
        """`field_name` (a date and time) falls within the period."""
        return Q(**{f"{field_name}__gte": self.starts_at, f"{field_name}__lt": self.ends_before})


def default_period(today: date | None = None) -> Period:
    """The last 12 months up to today."""
    today = today or timezone.localdate()
    try:
        start = today.replace(year=today.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28) + timedelta(days=1)
    return Period(start, today)


@dataclass(frozen=True)
class Row:
    """One row of a table: a figure per region and the total, either a count or an average."""

    key: str
    label: str
    values: tuple[int | Decimal | None, ...]
    total: int | Decimal | None
    is_average: bool = False
    # An average's numerator and denominator rows (their keys), which small-number suppression follows.
    parts: tuple[str, str] | tuple[()] = ()

    @property
    def cells(self) -> list[str]:
        return [format_figure(v, self.is_average) for v in (*self.values, self.total)]


@dataclass(frozen=True)
class Table:
    code: str
    title: str
    regions: tuple[Region, ...]
    period: Period
    groups: tuple[tuple[Row, ...], ...]
    # Rows the evaluation's table does not have, shown apart and labelled as such.
    extra_rows: tuple[Row, ...] = field(default=())
    extra_heading: str = ""
    # Set when small numbers are suppressed (reporting/suppression.py): figures under it are not shown.
    suppressed_below: int | None = None

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group] + list(self.extra_rows)

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)


def format_figure(value: int | Decimal | Suppressed | None, is_average: bool = False) -> str:
    if value is None:
        return NOT_APPLICABLE
    if isinstance(value, Suppressed):
        return str(value)
    if is_average:
        return f"{value:,.1f}"
    return f"{value:,}"


def average(numerator: int | Decimal | None, denominator: int | Decimal | None) -> Decimal | None:
    """To one decimal place, half up; None when there is nothing to divide (or nothing to divide by)."""
    if not denominator or numerator is None:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _by_region(rows: Iterable[Mapping[str, Any]], region_key: str) -> dict[int, Mapping[str, Any]]:
    return {row[region_key]: row for row in rows}


def _count_row(key: str, label, regions: tuple[Region, ...], found: dict[int, Mapping[str, Any]], name: str) -> Row:
    values = tuple(found.get(r.pk, {}).get(name, 0) for r in regions)
    return Row(key, str(label), values, sum(values))


def _average_row(key: str, label, numerator: Row, denominator: Row) -> Row:
    values = tuple(average(n, d) for n, d in zip(numerator.values, denominator.values, strict=True))
    return Row(
        key,
        str(label),
        values,
        average(numerator.total, denominator.total),
        is_average=True,
        parts=(numerator.key, denominator.key),
    )


def _regions(regions: QuerySet[Region] | Iterable[Region]) -> tuple[Region, ...]:
    return tuple(regions.order_by("display_order", "name") if isinstance(regions, QuerySet) else regions)


# ---- B1 Notifications and referrals ---------------------------------------------------------------------


def eligible_notifications() -> QuerySet[Notification]:
    """Notifications about an eligible offence (the homicide's offence type once linked, which may be corrected)."""
    return Notification.objects.annotate(
        counted_offence=Coalesce(F("homicide__offence_type"), F("offence_type"))
    ).filter(counted_offence__in=ELIGIBLE)


def b1_notifications_and_referrals(regions, period: Period) -> Table:
    """Table B1: notifications by source, and homicides referred with consent, per region. Three queries."""
    regions = _regions(regions)
    region_ids = [r.pk for r in regions]
    notifications = _by_region(
        eligible_notifications()
        .filter(period.moments("received_at"), region_id__in=region_ids)
        .values("region_id")
        .annotate(
            police=Count("id", filter=Q(source=NotificationSource.POLICE)),
            foreign_office=Count("id", filter=Q(source=NotificationSource.FOREIGN_OFFICE)),
            self_referral=Count("id", filter=Q(source=NotificationSource.SELF_REFERRAL)),
            other_sources=Count("id", filter=Q(source__in=[NotificationSource.MEDIA, NotificationSource.OTHER])),
        )
        .order_by(),
        "region_id",
    )
    # A homicide counts once, in the period of its first consent referral, however many people follow: its
    # referrals in the period with no earlier one (NOT EXISTS, served by the index on people's homicide and
    # referral time), counted by homicide.
    earlier = BereavedPerson.objects.filter(homicide=OuterRef("homicide_id"), referred_at__lt=OuterRef("referred_at"))
    referrals = _by_region(
        BereavedPerson.objects.filter(
            period.moments("referred_at"),
            homicide__region_id__in=region_ids,
            homicide__offence_type__in=ELIGIBLE,
        )
        .filter(~Exists(earlier))
        .values(region_id=F("homicide__region_id"))
        .annotate(consent_referrals=Count("homicide_id", distinct=True))
        .order_by(),
        "region_id",
    )
    return Table(
        code="B1",
        title=str(_("Notifications and referrals")),
        regions=regions,
        period=period,
        groups=(
            (
                _count_row(
                    "police", _("Total number of notifications from the police"), regions, notifications, "police"
                ),
            ),
            (
                _count_row(
                    "foreign_office",
                    _("Total number of notifications from the FCO (Foreign Office)"),
                    regions,
                    notifications,
                    "foreign_office",
                ),
                _count_row(
                    "self_referral",
                    _("Total number of bereaved self-referrals"),
                    regions,
                    notifications,
                    "self_referral",
                ),
            ),
            (
                _count_row(
                    "consent_referrals",
                    _("Total number of consent referrals (homicides)"),
                    regions,
                    referrals,
                    "consent_referrals",
                ),
            ),
        ),
        extra_rows=(
            _count_row(
                "other_sources",
                _("Notifications from other sources (media, other): not in the evaluation's table"),
                regions,
                notifications,
                "other_sources",
            ),
        ),
        extra_heading=str(_("Not in the evaluation's table")),
    )


# ---- B9 Case worker workload ----------------------------------------------------------------------------


def people_supported(period: Period) -> QuerySet[BereavedPerson]:
    """People whose case was open at some time in the period, for an eligible homicide."""
    return BereavedPerson.objects.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.start),
        referred_at__lt=period.ends_before,
        homicide__offence_type__in=ELIGIBLE,
    )


def b9_case_worker_workload(regions, period: Period) -> Table:
    """Table B9: visits and calls, with averages per person supported, per homicide and per case worker.

    Four queries: the regions, the contacts, the people supported (and their homicides), the case workers.
    """
    regions = _regions(regions)
    region_ids = [r.pk for r in regions]
    staff, volunteer = Q(by_volunteer=False), Q(by_volunteer=True)
    contacts = _by_region(
        Contact.objects.in_force()
        .filter(
            period.moments("occurred_at"),
            person__homicide__region_id__in=region_ids,
            person__homicide__offence_type__in=ELIGIBLE,
        )
        .values(region_id=F("person__homicide__region_id"))
        .annotate(
            staff_visits=Count("id", filter=staff & Q(kind=ContactKind.VISIT)),
            volunteer_visits=Count("id", filter=volunteer & Q(kind=ContactKind.VISIT)),
            calls_to_person=Count("id", filter=staff & Q(kind=ContactKind.CALL_TO_PERSON)),
            calls_on_behalf=Count("id", filter=staff & Q(kind=ContactKind.CALL_ON_BEHALF)),
        )
        .order_by(),
        "region_id",
    )
    supported = _by_region(
        people_supported(period)
        .filter(homicide__region_id__in=region_ids)
        .values(region_id=F("homicide__region_id"))
        .annotate(people=Count("id"), homicides=Count("homicide_id", distinct=True))
        .order_by(),
        "region_id",
    )
    workers = _by_region(
        User.objects.filter(role=Role.CASE_WORKER, is_active=True, region_id__in=region_ids)
        .values("region_id")
        .annotate(case_workers=Count("id"))
        .order_by(),
        "region_id",
    )
    people = _count_row("people_supported", _("People supported"), regions, supported, "people")
    homicides = _count_row("homicides_referred", _("Homicides referred"), regions, supported, "homicides")
    case_workers = _count_row("case_workers", _("Case workers"), regions, workers, "case_workers")

    def with_averages(key: str, label, per: StrOrPromise, denominators: tuple[tuple[str, Row], ...]) -> tuple[Row, ...]:
        total = _count_row(key, label, regions, contacts, key)
        labels = {
            "person": _("Average number of %(what)s per person supported"),
            "homicide": _("Average number of %(what)s per homicide referred"),
            "case_worker": _("Average number of %(what)s per case worker"),
        }
        return (total,) + tuple(
            _average_row(f"{key}_per_{name}", labels[name] % {"what": per}, total, row) for name, row in denominators
        )

    all_three = (("person", people), ("homicide", homicides), ("case_worker", case_workers))
    return Table(
        code="B9",
        title=str(_("Case worker workload")),
        regions=regions,
        period=period,
        groups=(
            with_averages("staff_visits", _("Total number of staff visits"), _("visits to service users"), all_three),
            with_averages(
                "volunteer_visits", _("Total number of volunteer visits"), _("volunteer visits"), all_three[:2]
            ),
            with_averages(
                "calls_to_person",
                _("Total number of staff calls to service users"),
                _("calls to service users"),
                all_three,
            ),
            with_averages(
                "calls_on_behalf",
                _("Total number of calls on behalf of service users"),
                _("calls on behalf of service users"),
                all_three,
            ),
        ),
        extra_rows=(people, homicides, case_workers),
        extra_heading=str(_("What the averages are divided by")),
    )
