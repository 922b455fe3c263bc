"""Tables B2 to B8 of the evaluation, per region (team) or per case worker, with the previous period beside them.

Each table is a fixed, small number of grouped queries whatever the amount of data. Every query counts the
period and the previous period of the same length at once (one filtered aggregate per period) and groups by the
homicide's region and lead case worker, so that only a row per (region, case worker) comes back: the region,
worker and total columns are sums of those rows, and the ranges per case worker are read from them.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Count, DurationField, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from casework.models import AgeGroup, AssessmentNeed, BereavedPerson, NeedsAssessment, SupportGiven, SupportType
from commissioning.models import CicaApplication, CicaStatus, CicaStatusChange
from intake.models import Homicide, NoReferralReason, Notification
from organisation.models import Region
from reporting.queries import ELIGIBLE, NOT_APPLICABLE, Period, average, format_figure

COUNT, AVERAGE, RANGE = "count", "average", "range"


def previous_period(period: Period) -> Period:
    """The period of the same number of days that ends the day before `period` starts (or the one it names)."""
    if period.compared_with is not None:
        return period.compared_with
    days = (period.end - period.start).days + 1
    return Period(period.start - timedelta(days=days), period.start - timedelta(days=1))


@dataclass(frozen=True)
class Column:
    """A region (team), or one case worker: the rows whose homicide is in the region or led by the worker."""

    key: str
    name: str
    region_id: int | None = None
    worker_id: int | None = None
    # The case workers an average "per case worker" divides by, and whose figures give the range.
    case_worker_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Line:
    """One row: per column (and in total) the figure for the period and for the previous period."""

    key: str
    label: str
    values: tuple
    previous: tuple
    total: Any = None  # a count, an average or a (low, high) range, as `kind` says
    previous_total: Any = None
    kind: str = COUNT
    # An average's numerator and denominator rows (their keys), which small-number suppression follows.
    parts: tuple[str, str] | tuple[()] = ()

    def _format(self, value) -> str:
        if self.kind == RANGE:
            return (
                NOT_APPLICABLE if value is None else str(_("%(low)s to %(high)s") % {"low": value[0], "high": value[1]})
            )
        return format_figure(value, is_average=self.kind == AVERAGE)

    @property
    def cells(self) -> list[tuple[str, str]]:
        """(this period, previous period) for each column, then the total."""
        return [
            (self._format(now), self._format(before))
            for now, before in zip((*self.values, self.total), (*self.previous, self.previous_total), strict=True)
        ]

    def raw(self, value) -> str:
        """The figure as written in a CSV file."""
        if value is None:
            return ""
        if self.kind == RANGE:
            return f"{value[0]} to {value[1]}"
        return str(value)


@dataclass(frozen=True)
class ComparedTable:
    code: str
    title: str
    columns: tuple[Column, ...]
    period: Period
    previous_period: Period
    groups: tuple[tuple[Line, ...], ...]
    show_total: bool
    extra_rows: tuple[Line, ...] = field(default=())
    extra_heading: str = ""
    # Set when small numbers are suppressed (reporting/suppression.py): figures under it are not shown.
    suppressed_below: int | None = None
    # Rows (by key prefix) that tell criminal offence data apart, such as a stage only domestic homicides reach:
    # left out for readers who may not see it (`hide_offence_data`).
    offence_data_prefixes: tuple[str, ...] = ()
    offence_data_hidden: bool = False

    @property
    def rows(self) -> list[Line]:
        return [row for group in self.groups for row in group] + list(self.extra_rows)

    def row(self, key: str) -> Line:
        return next(r for r in self.rows if r.key == key)


def hide_offence_data(table: ComparedTable) -> ComparedTable:
    """The table without the rows that only criminal offence data could give (for readers who may not see it)."""
    if not table.offence_data_prefixes:
        return table

    def kept(rows) -> tuple[Line, ...]:
        return tuple(r for r in rows if not r.key.startswith(table.offence_data_prefixes))

    return dataclasses.replace(
        table,
        groups=tuple(g for g in (kept(group) for group in table.groups) if g),
        extra_rows=kept(table.extra_rows),
        offence_data_hidden=True,
    )


# ---- The columns ----------------------------------------------------------------------------------------


def region_columns(regions: Iterable[Region]) -> tuple[Column, ...]:
    """One column per region; one query for the active case workers of all of them (B9's definition)."""
    regions = list(regions)
    workers: dict[int, set[int]] = {r.pk: set() for r in regions}
    for worker in User.objects.filter(role=Role.CASE_WORKER, is_active=True, region_id__in=list(workers)).values(
        "id", "region_id"
    ):
        workers[worker["region_id"]].add(worker["id"])
    return tuple(Column(r.code, r.name, region_id=r.pk, case_worker_ids=frozenset(workers[r.pk])) for r in regions)


def worker_columns(workers: User | Iterable[User], team: Region) -> tuple[Column, ...]:
    """One case worker (or each of several) beside their team (region), for supervision."""
    workers = [workers] if isinstance(workers, User) else list(workers)
    own = tuple(
        Column(f"worker-{w.pk}", w.full_name, worker_id=w.pk, case_worker_ids=frozenset({w.pk})) for w in workers
    )
    return (*own, *region_columns([team]))


# ---- Counting -------------------------------------------------------------------------------------------


class Found:
    """The rows one grouped query returned, for the period (index 0) and the previous period (index 1)."""

    def __init__(self, rows: Iterable[dict]):
        self.rows = list(rows)
        self._totals: dict[tuple[str, str, int], dict[int | None, int]] = {}

    def sum(self, column: Column | None, name: str, index: int) -> int:
        if column is None:
            return sum(r[f"{name}_{index}"] or 0 for r in self.rows)
        if column.worker_id is not None:
            return self.per_worker(column.worker_id, name, index)
        return self._summed("by_region", name, index).get(column.region_id, 0)

    def per_worker(self, worker_id: int, name: str, index: int) -> int:
        return self._summed("by_worker", name, index).get(worker_id, 0)

    def _summed(self, by: str, name: str, index: int) -> dict[int | None, int]:
        # Summed per worker (or region) once, not once per column: a team of hundreds of case workers at scale has
        # a column each, and a national range asks for every case worker.
        totals = self._totals.get((by, name, index))
        if totals is None:
            totals = self._totals[(by, name, index)] = defaultdict(int)
            for r in self.rows:
                totals[r[by]] += r[f"{name}_{index}"] or 0
        return totals


def _both(periods: Sequence[Period], name: str, build: Callable[[Period], object]) -> dict:
    """An aggregate for each period: `name_0` for the period, `name_1` for the previous one."""
    return {f"{name}_{i}": build(p) for i, p in enumerate(periods)}


class Periods(tuple):
    """The period and the one before it, and, when every column is one case worker's (a case worker's own
    figures), those workers: the queries then read their records alone rather than their whole region's."""

    worker_ids: frozenset[int] | None

    def __new__(cls, current: Period, earlier: Period, worker_ids: frozenset[int] | None = None):
        periods = super().__new__(cls, (current, earlier))
        periods.worker_ids = worker_ids
        return periods

    def __getnewargs__(self):  # copying and pickling make it again with its workers
        return (*self, self.worker_ids)

    def workers_sql(self, column: str, params: dict[str, Any]) -> str:
        """For a hand-written query: the condition on `column` (a lead case worker's id) that narrows it to the
        workers, its parameter added to `params`; nothing when the columns are not all workers'."""
        if self.worker_ids is None:
            return ""
        params["workers"] = sorted(self.worker_ids)
        return f" AND {column} = ANY(%(workers)s)"


def _grouped(
    queryset, region_path: str, worker_path: str, periods: Periods, **measures: Callable[[Period], object]
) -> Found:
    annotations = {}
    for name, build in measures.items():
        annotations.update(_both(periods, name, build))
    if periods.worker_ids is not None:
        # Only the workers' rows count in a worker's column (`Found.sum`), and there is no total to count the rest in.
        queryset = queryset.filter(**{f"{worker_path}__in": sorted(periods.worker_ids)})
    return Found(queryset.values(by_region=F(region_path), by_worker=F(worker_path)).annotate(**annotations).order_by())


class Builder:
    """Makes the lines of one table from what the queries found, for a set of columns and two periods."""

    def __init__(self, columns: tuple[Column, ...], show_total: bool):
        self.columns = columns
        self.show_total = show_total

    def count(self, key: str, label, found: Found, name: str | None = None) -> Line:
        name = name or key
        values = [tuple(found.sum(c, name, i) for c in self.columns) for i in (0, 1)]
        totals = [found.sum(None, name, i) for i in (0, 1)] if self.show_total else [None, None]
        return Line(key, str(label), values[0], values[1], totals[0], totals[1])

    def case_workers(self) -> Line:
        values = tuple(len(c.case_worker_ids) for c in self.columns)
        total = len(frozenset().union(*(c.case_worker_ids for c in self.columns))) if self.show_total else None
        return Line("case_workers", str(_("Case workers")), values, values, total, total)

    def average(self, key: str, label, numerator: Line, denominator: Line) -> Line:
        def divide(ns, ds):
            return tuple(average(n, d) for n, d in zip(ns, ds, strict=True))

        return Line(
            key,
            str(label),
            divide(numerator.values, denominator.values),
            divide(numerator.previous, denominator.previous),
            average(numerator.total, denominator.total) if self.show_total else None,
            average(numerator.previous_total, denominator.previous_total) if self.show_total else None,
            kind=AVERAGE,
            parts=(numerator.key, denominator.key),
        )

    def range(self, key: str, label, found: Found, name: str) -> Line:
        """Lowest to highest figure among the column's case workers (a worker with none counts 0)."""

        def span(worker_ids, index):
            figures = [found.per_worker(w, name, index) for w in worker_ids]
            return (min(figures), max(figures)) if figures else None

        everyone = frozenset().union(*(c.case_worker_ids for c in self.columns))
        return Line(
            key,
            str(label),
            tuple(span(c.case_worker_ids, 0) for c in self.columns),
            tuple(span(c.case_worker_ids, 1) for c in self.columns),
            span(everyone, 0) if self.show_total else None,
            span(everyone, 1) if self.show_total else None,
            kind=RANGE,
        )


def _open_in(period: Period, prefix: str = "") -> Q:
    """A person's case was open at some time in the period (B9's people supported)."""
    return Q(**{f"{prefix}referred_at__lt": period.ends_before}) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gte": period.start})
    )


def _supported(periods, region_ids) -> Found:
    """People supported and their homicides, per region and lead case worker: one query."""
    current, earlier = periods
    return _grouped(
        BereavedPerson.objects.filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=earlier.start),
            referred_at__lt=current.ends_before,
            homicide__offence_type__in=ELIGIBLE,
            homicide__region_id__in=region_ids,
        ),
        "homicide__region_id",
        "homicide__lead_case_worker_id",
        periods,
        people=lambda p: Count("id", filter=_open_in(p)),
        homicides=lambda p: Count("homicide_id", distinct=True, filter=_open_in(p)),
    )


def _setup(columns: tuple[Column, ...], period: Period):
    worker_ids = [c.worker_id for c in columns]
    workers_only = bool(columns) and None not in worker_ids
    periods = Periods(
        period, previous_period(period), frozenset(w for w in worker_ids if w is not None) if workers_only else None
    )
    region_ids = sorted({c.region_id for c in columns if c.region_id is not None})
    show_total = all(c.worker_id is None for c in columns) and len(columns) > 1
    return periods, region_ids, Builder(columns, show_total)


def _table(code, title, columns, periods, builder, groups, extra_rows=(), extra_heading="") -> ComparedTable:
    return ComparedTable(
        code=code,
        title=str(title),
        columns=columns,
        period=periods[0],
        previous_period=periods[1],
        groups=tuple(tuple(g) for g in groups),
        show_total=builder.show_total,
        extra_rows=tuple(extra_rows),
        extra_heading=str(extra_heading or _("What the averages are divided by")),
    )


# ---- B2 People referred per homicide --------------------------------------------------------------------


def b2_people_referred(columns: tuple[Column, ...], period: Period) -> ComparedTable:
    """Adults and children referred with consent in the period, and per homicide. One query."""
    periods, region_ids, b = _setup(columns, period)
    current, earlier = periods
    found = _grouped(
        BereavedPerson.objects.filter(
            referred_at__gte=earlier.starts_at,
            referred_at__lt=current.ends_before,
            homicide__offence_type__in=ELIGIBLE,
            homicide__region_id__in=region_ids,
        ),
        "homicide__region_id",
        "homicide__lead_case_worker_id",
        periods,
        adults=lambda p: Count("id", filter=p.moments("referred_at") & Q(age_group=AgeGroup.ADULT)),
        children=lambda p: Count("id", filter=p.moments("referred_at") & Q(age_group=AgeGroup.CHILD)),
        people=lambda p: Count("id", filter=p.moments("referred_at")),
        homicides=lambda p: Count("homicide_id", distinct=True, filter=p.moments("referred_at")),
    )
    adults = b.count("adults", _("Number of bereaved adults referred"), found)
    children = b.count("children", _("Number of bereaved children referred"), found)
    people = b.count("people", _("Total number of people supported"), found)
    homicides = b.count("homicides", _("Homicides with someone referred in the period"), found)
    return _table(
        "B2",
        _("Number of people referred per homicide"),
        columns,
        periods,
        b,
        (
            (adults, children, people),
            (
                b.average(
                    "adults_per_homicide", _("Average number of adults referred per homicide"), adults, homicides
                ),
                b.average(
                    "children_per_homicide", _("Average number of children referred per homicide"), children, homicides
                ),
                b.average(
                    "people_per_homicide", _("Average number of people referred per homicide"), people, homicides
                ),
            ),
        ),
        extra_rows=(homicides,),
    )


# ---- B3 Reasons for homicide not being referred ---------------------------------------------------------


def b3_reasons_not_referred(columns: tuple[Column, ...], period: Period) -> ComparedTable:
    """Homicides with a reason nobody was referred, by reason, counted when the service first heard. One query."""
    periods, region_ids, b = _setup(columns, period)
    current, earlier = periods
    first_heard = Notification.objects.filter(homicide=OuterRef("pk")).order_by("received_at").values("received_at")[:1]
    referred = BereavedPerson.objects.filter(homicide=OuterRef("pk"), referred_at__isnull=False)
    homicides = (
        Homicide.objects.filter(region_id__in=region_ids, offence_type__in=ELIGIBLE)
        .exclude(no_referral_reason="")
        .exclude(Exists(referred))
        .annotate(heard_at=Coalesce(Subquery(first_heard), F("created_at")))
        .filter(heard_at__gte=earlier.starts_at, heard_at__lt=current.ends_before)
    )
    measures: dict[str, Callable[..., Count]] = {
        reason.value: (
            lambda p, reason=reason: Count("id", filter=p.moments("heard_at") & Q(no_referral_reason=reason))
        )
        for reason in NoReferralReason
    }
    measures["not_referred"] = lambda p: Count("id", filter=p.moments("heard_at"))
    found = _grouped(homicides, "region_id", "lead_case_worker_id", periods, **measures)
    labels = {
        NoReferralReason.SIO_NO_ENGAGEMENT: _("SIO determines no engagement"),
        NoReferralReason.FAMILY_DECLINED: _("Family decline VS services"),
        NoReferralReason.NO_NEXT_OF_KIN: _("No next of kin"),
        NoReferralReason.DECEASED_NOT_IDENTIFIED: _("Deceased not identified"),
        NoReferralReason.UNKNOWN: _("Unknown"),
    }
    return _table(
        "B3",
        _("Reasons for homicide not being referred"),
        columns,
        periods,
        b,
        (
            tuple(b.count(reason.value, labels[reason], found) for reason in NoReferralReason),
            (b.count("not_referred", _("Total number of homicides not referred"), found),),
        ),
    )


# ---- B4 Needs assessments -------------------------------------------------------------------------------


def b4_needs_assessments(columns: tuple[Column, ...], period: Period) -> ComparedTable:
    """Assessments carried out and positive, per person supported, homicide and case worker. Two queries."""
    periods, region_ids, b = _setup(columns, period)
    current, earlier = periods
    assessments = (
        NeedsAssessment.objects.in_force()
        .filter(
            assessed_on__gte=earlier.start,
            assessed_on__lte=current.end,
            person__homicide__offence_type__in=ELIGIBLE,
            person__homicide__region_id__in=region_ids,
        )
        .annotate(positive=Exists(AssessmentNeed.objects.filter(assessment=OuterRef("pk"))))
    )

    def within(p: Period) -> Q:
        return Q(assessed_on__gte=p.start, assessed_on__lte=p.end)

    found = _grouped(
        assessments,
        "person__homicide__region_id",
        "person__homicide__lead_case_worker_id",
        periods,
        assessments=lambda p: Count("id", filter=within(p)),
        positive=lambda p: Count("id", filter=within(p) & Q(positive=True)),
    )
    supported = _supported(periods, region_ids)
    carried_out = b.count("assessments", _("Number of needs assessments carried out"), found)
    people = b.count("people_supported", _("People supported"), supported, "people")
    homicides = b.count("homicides_referred", _("Homicides referred"), supported, "homicides")
    case_workers = b.case_workers()
    return _table(
        "B4",
        _("Needs assessments"),
        columns,
        periods,
        b,
        (
            (carried_out, b.count("positive", _("Number of positive needs assessments"), found)),
            (
                b.average(
                    "per_person", _("Average number of needs assessments per person supported"), carried_out, people
                ),
                b.average(
                    "per_homicide",
                    _("Average number of needs assessments per homicide referred"),
                    carried_out,
                    homicides,
                ),
                b.average(
                    "per_case_worker",
                    _("Average number of needs assessments per case worker"),
                    carried_out,
                    case_workers,
                ),
            ),
        ),
        extra_rows=(people, homicides, case_workers),
    )


# ---- B5 and B6 Support provision ------------------------------------------------------------------------


def _support(columns, period, *, commissioned: bool, code: str, title) -> ComparedTable:
    """Instances of support by type, per person supported and per homicide referred. Three queries."""
    periods, region_ids, b = _setup(columns, period)
    current, earlier = periods
    every_type = list(SupportType.objects.filter(commissioned=commissioned).order_by("display_order", "name"))
    # The evaluation's rows: a finer type (a kind of financial assistance) is counted in its broader type's row.
    types = [t for t in every_type if t.counted_as_id is None]
    counted_in: dict[int, list[int]] = {t.pk: [t.pk] for t in types}
    for finer in every_type:
        if finer.counted_as_id in counted_in:
            counted_in[finer.counted_as_id].append(finer.pk)

    def within(p: Period) -> Q:
        return Q(given_on__gte=p.start, given_on__lte=p.end)

    measures: dict[str, Callable[..., Count]] = {
        f"type{t.pk}": (lambda p, t=t: Count("id", filter=within(p) & Q(support_type_id__in=counted_in[t.pk])))
        for t in types
    }
    measures["support"] = lambda p: Count("id", filter=within(p))
    found = _grouped(
        SupportGiven.objects.in_force().filter(
            given_on__gte=earlier.start,
            given_on__lte=current.end,
            support_type__commissioned=commissioned,
            person__homicide__offence_type__in=ELIGIBLE,
            person__homicide__region_id__in=region_ids,
        ),
        "person__homicide__region_id",
        "person__homicide__lead_case_worker_id",
        periods,
        **measures,
    )
    supported = _supported(periods, region_ids)
    total = b.count("total", _("Total"), found, "support")
    people = b.count("people_supported", _("People supported"), supported, "people")
    homicides = b.count("homicides_referred", _("Homicides referred"), supported, "homicides")
    return _table(
        code,
        title,
        columns,
        periods,
        b,
        (
            tuple(b.count(t.code, t.name, found, f"type{t.pk}") for t in types),
            (total,),
            (
                b.average("per_person", _("Average amount of support provided per person supported"), total, people),
                b.average(
                    "per_homicide", _("Average amount of support provided per homicide referred"), total, homicides
                ),
            ),
        ),
        extra_rows=(people, homicides),
    )


def b5_direct_support(columns: tuple[Column, ...], period: Period) -> ComparedTable:
    return _support(columns, period, commissioned=False, code="B5", title=_("Non-commissioned support provision"))


def b6_commissioned_support(columns: tuple[Column, ...], period: Period) -> ComparedTable:
    return _support(columns, period, commissioned=True, code="B6", title=_("Commissioned support provision"))


# ---- B7 Exiting the service -----------------------------------------------------------------------------


def b7_cases_closed(columns: tuple[Column, ...], period: Period) -> ComparedTable:
    """People's cases closed in the period, per case worker with the range, and their length of contact. One query."""
    periods, region_ids, b = _setup(columns, period)
    current, earlier = periods

    def within(p: Period) -> Q:
        return Q(closed_on__gte=p.start, closed_on__lte=p.end)

    closed = BereavedPerson.objects.filter(
        closed_on__gte=earlier.start,
        closed_on__lte=current.end,
        referred_at__isnull=False,
        homicide__offence_type__in=ELIGIBLE,
        homicide__region_id__in=region_ids,
    ).annotate(length=F("closed_on") - TruncDate("referred_at"))
    found = _grouped(
        closed,
        "homicide__region_id",
        "homicide__lead_case_worker_id",
        periods,
        closed=lambda p: Count("id", filter=within(p)),
        homicides=lambda p: Count("homicide_id", distinct=True, filter=within(p)),
        days=lambda p: Sum("length", filter=within(p), output_field=DurationField()),
    )
    # Durations come back as timedeltas: whole days.
    for row in found.rows:
        for i in (0, 1):
            row[f"days_{i}"] = row[f"days_{i}"].days if row[f"days_{i}"] is not None else 0
    cases = b.count("closed", _("Total number of client cases closed"), found)
    case_workers = b.case_workers()
    days = b.count("days", _("Days of contact of the cases closed, added up"), found)
    return _table(
        "B7",
        _("Exiting the Homicide Service"),
        columns,
        periods,
        b,
        (
            (
                cases,
                b.average(
                    "per_case_worker", _("Average number of client cases closed per case worker"), cases, case_workers
                ),
                b.range("range", _("Range of number of client cases closed per case worker"), found, "closed"),
            ),
        ),
        extra_rows=(
            b.count("homicides", _("Homicides with a client case closed"), found),
            b.average("average_days", _("Average length of contact of the cases closed, in days"), days, cases),
            case_workers,
        ),
        extra_heading=_("Not in the evaluation's table"),
    )


# ---- B8 Case worker caseload ----------------------------------------------------------------------------


def b8_caseload(columns: tuple[Column, ...], period: Period) -> ComparedTable:
    """Homicides referred and people supported, per case worker with the range. Two queries."""
    periods, region_ids, b = _setup(columns, period)
    current, earlier = periods
    # A homicide counts in the period of its first consent referral: referrals with no earlier one in the same
    # family (NOT EXISTS, served by the index on people's homicide and referral time), as B1 counts them. A
    # correlated "first referral" subquery per homicide cost 1.2 s at 100 times the volume.
    earlier_referral = BereavedPerson.objects.filter(
        homicide=OuterRef("homicide_id"), referred_at__lt=OuterRef("referred_at")
    )
    referred = _grouped(
        BereavedPerson.objects.filter(
            referred_at__gte=earlier.starts_at,
            referred_at__lt=current.ends_before,
            homicide__region_id__in=region_ids,
            homicide__offence_type__in=ELIGIBLE,
        ).filter(~Exists(earlier_referral)),
        "homicide__region_id",
        "homicide__lead_case_worker_id",
        periods,
        homicides=lambda p: Count("homicide_id", filter=p.moments("referred_at"), distinct=True),
    )
    supported = _supported(periods, region_ids)
    homicides = b.count("consent_referrals", _("Total number of consent referrals"), referred, "homicides")
    people = b.count("people_supported", _("Total number of people supported"), supported, "people")
    case_workers = b.case_workers()
    return _table(
        "B8",
        _("Case worker caseload"),
        columns,
        periods,
        b,
        (
            (
                homicides,
                b.average(
                    "homicides_per_case_worker",
                    _("Average number of homicides referred per case worker"),
                    homicides,
                    case_workers,
                ),
                b.range(
                    "homicides_range",
                    _("Range of number of homicides allocated per case worker"),
                    referred,
                    "homicides",
                ),
            ),
            (
                people,
                b.average(
                    "people_per_case_worker",
                    _("Average number of people supported per case worker"),
                    people,
                    case_workers,
                ),
                b.range("people_range", _("Range of number of people supported per case worker"), supported, "people"),
            ),
        ),
        extra_rows=(case_workers,),
    )


# ---- B10 CICA applications ------------------------------------------------------------------------------

# An application is submitted on the first day it reached a status other than drafted or withdrawn: it was sent
# to the CICA then, whether recorded as "submitted" or (when the submission was not recorded) as a later step.
NOT_SUBMITTED = [CicaStatus.DRAFTED, CicaStatus.WITHDRAWN]


def _first_change(*, statuses: Sequence[str] | None = None, excluding: Sequence[str] | None = None) -> Subquery:
    changes = CicaStatusChange.objects.filter(application=OuterRef("pk"))
    if statuses is not None:
        changes = changes.filter(status__in=statuses)
    if excluding is not None:
        changes = changes.exclude(status__in=excluding)
    return Subquery(changes.order_by("changed_on", "id").values("changed_on")[:1])


def b10_cica_applications(columns: tuple[Column, ...], period: Period) -> ComparedTable:
    """CICA applications submitted in the period, per homicide referred and per case worker; their later steps
    below the table. Two queries."""
    periods, region_ids, b = _setup(columns, period)
    current, earlier = periods

    def within(field_name: str, p: Period) -> Q:
        return Q(**{f"{field_name}__gte": p.start, f"{field_name}__lte": p.end})

    applications = CicaApplication.objects.filter(
        person__homicide__offence_type__in=ELIGIBLE,
        person__homicide__region_id__in=region_ids,
        applied_on__lte=current.end,
    ).annotate(
        submitted_on=_first_change(excluding=NOT_SUBMITTED),
        decided_on=_first_change(statuses=[CicaStatus.DECISION]),
        withdrawn_on=_first_change(statuses=[CicaStatus.WITHDRAWN]),
    )
    both = Period(earlier.start, current.end)
    applications = applications.filter(
        within("applied_on", both)
        | within("submitted_on", both)
        | within("decided_on", both)
        | within("withdrawn_on", both)
        | within("paid_on", both)
    )
    found = _grouped(
        applications,
        "person__homicide__region_id",
        "person__homicide__lead_case_worker_id",
        periods,
        applications=lambda p: Count("id", filter=within("submitted_on", p)),
        people=lambda p: Count("person_id", distinct=True, filter=within("submitted_on", p)),
        # Begun in the period and not yet sent by its last day (or withdrawn before it was ever sent).
        not_submitted=lambda p: Count(
            "id", filter=within("applied_on", p) & (Q(submitted_on__isnull=True) | Q(submitted_on__gt=p.end))
        ),
        decisions=lambda p: Count("id", filter=within("decided_on", p)),
        awards=lambda p: Count("id", filter=within("decided_on", p) & Q(award_amount__gt=0)),
        paid=lambda p: Count("id", filter=within("paid_on", p)),
        withdrawn=lambda p: Count("id", filter=within("withdrawn_on", p)),
    )
    supported = _supported(periods, region_ids)
    submitted = b.count("applications", _("Total number of CICA applications"), found)
    homicides = b.count("homicides_referred", _("Homicides referred"), supported, "homicides")
    case_workers = b.case_workers()
    return _table(
        "B10",
        _("CICA applications"),
        columns,
        periods,
        b,
        (
            (
                submitted,
                b.average(
                    "per_homicide", _("Average number of CICA applications per homicide referred"), submitted, homicides
                ),
                b.average(
                    "per_case_worker", _("Average number of CICA applications per case worker"), submitted, case_workers
                ),
            ),
        ),
        extra_rows=(
            b.count("people", _("People with an application submitted"), found),
            b.count("not_submitted", _("Applications begun and not submitted by the end of the period"), found),
            b.count("decisions", _("Applications decided (first decision)"), found),
            b.count("awards", _("Of those, with an award"), found),
            b.count("paid", _("Applications paid"), found),
            b.count("withdrawn", _("Applications withdrawn"), found),
            homicides,
            case_workers,
        ),
        extra_heading=_("Not in the evaluation's table, and what the averages are divided by"),
    )


TABLES: dict[str, tuple[Callable[[tuple[Column, ...], Period], ComparedTable], bool]] = {
    # code: (build, whether a single case worker's figures make sense)
    "b2": (b2_people_referred, False),
    "b3": (b3_reasons_not_referred, False),
    "b4": (b4_needs_assessments, True),
    "b5": (b5_direct_support, True),
    "b6": (b6_commissioned_support, True),
    "b7": (b7_cases_closed, True),
    "b8": (b8_caseload, True),
    "b10": (b10_cica_applications, True),
}
