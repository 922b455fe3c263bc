"""The dashboard: a few figures from the report tables and measures, for the reader's own scope, as charts with
their tables.

It is built from a registry (`DASHBOARD`): each entry names a table or measure (a builder of `tables.TABLES`,
`measures.MEASURES` or `DASHBOARD_ONLY`) and the rows of it to show, so a new measure joins the dashboard with one
line. Every entry is computed by its own builder in its fixed few queries, for the same columns and months.

Whose figures: a case worker's own (the homicides they lead); a team leader's team and each of its case-holding
staff; the national manager's every region and the total; an analyst's every region, small numbers suppressed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from access import policies
from casework.models import Contact, ContactKind
from reporting import measures, tables
from reporting.queries import ELIGIBLE, Period
from reporting.suppression import Suppressed, suppress
from reporting.tables import Column, ComparedTable, Line, _grouped, _setup, _table


def staff_contacts(columns: tuple[Column, ...], period: Period) -> ComparedTable:
    """Visits and calls by staff and visits by volunteers, per region and lead case worker (B9's counts, per case
    worker). One query."""
    periods, region_ids, b = _setup(columns, period)
    current, earlier = periods
    staff = Q(by_volunteer=False)
    found = _grouped(
        Contact.objects.in_force().filter(
            occurred_at__gte=earlier.starts_at,
            occurred_at__lt=current.ends_before,
            person__homicide__offence_type__in=ELIGIBLE,
            person__homicide__region_id__in=region_ids,
        ),
        "person__homicide__region_id",
        "person__homicide__lead_case_worker_id",
        periods,
        visits=lambda p: Count("id", filter=p.moments("occurred_at") & staff & Q(kind=ContactKind.VISIT)),
        calls=lambda p: Count("id", filter=p.moments("occurred_at") & staff & Q(kind=ContactKind.CALL_TO_PERSON)),
        on_behalf=lambda p: Count("id", filter=p.moments("occurred_at") & staff & Q(kind=ContactKind.CALL_ON_BEHALF)),
        volunteer_visits=lambda p: Count(
            "id", filter=p.moments("occurred_at") & Q(by_volunteer=True, kind=ContactKind.VISIT)
        ),
    )
    return _table(
        "contacts",
        _("Contacts"),
        columns,
        periods,
        b,
        (
            (
                b.count("visits", _("Staff visits"), found),
                b.count("calls", _("Staff calls to service users"), found),
                b.count("on_behalf", _("Calls on behalf of service users"), found),
                b.count("volunteer_visits", _("Volunteer visits"), found),
            ),
        ),
    )


DASHBOARD_ONLY: dict[str, Callable[[tuple[Column, ...], Period], ComparedTable]] = {"contacts": staff_contacts}


@dataclass(frozen=True)
class Entry:
    """One section of the dashboard: a table or measure, and the keys of the rows it shows."""

    code: str
    title: StrOrPromise
    rows: tuple[str, ...]
    link: str = ""  # the report page with the whole table, for readers of the reports


# The dashboard, in order. Other measures join with one line each.
DASHBOARD: list[Entry] = [
    Entry("b8", _("Caseload"), ("people_supported", "consent_referrals"), "reporting:b8"),
    Entry("contacts", _("Contacts"), ("visits", "calls", "on_behalf", "volunteer_visits")),
    Entry("b4", _("Needs assessments"), ("assessments", "positive"), "reporting:b4"),
    Entry("b5", _("Support given directly"), ("total",), "reporting:b5"),
    Entry("b6", _("Commissioned support"), ("total",), "reporting:b6"),
    Entry("b7", _("Cases closed"), ("closed",), "reporting:b7"),
    Entry(
        "m1",
        _("The 24-hour chain"),
        ("allocated_share", "sio_told_share", "flo_contacted_share", "contacted_share"),
        "reporting:m1",
    ),
    Entry("m2", _("Declines"), ("declines", "taken_up"), "reporting:m2"),
    Entry("m3", _("Length of contact"), ("episodes_open", "median_days", "open_after_12"), "reporting:m3"),
    Entry("b10", _("CICA applications"), ("applications",), "reporting:b10"),
]


def builders() -> dict[str, Callable[[tuple[Column, ...], Period], ComparedTable]]:
    return {
        **{code: build for code, (build, _w) in {**tables.TABLES, **measures.MEASURES}.items()},
        **DASHBOARD_ONLY,
    }


def months(today: date) -> Period:
    """This month so far, compared with the whole of last month."""
    start = today.replace(day=1)
    last_end = start - timedelta(days=1)
    return Period(start, today, compared_with=Period(last_end.replace(day=1), last_end))


# A team leader's dashboard has a column for each of the team's case-holding staff up to this many; a larger team
# has its own column alone (a chart of hundreds of bars helps nobody), and each worker's figures are in the reports.
MAX_WORKER_COLUMNS = 12


def columns_for(user) -> tuple[Column, ...]:
    """The reader's own figures, their team's and its workers' (or the team's alone, if it is large), or every
    region's."""
    if policies.can_read_reports(user):
        regions = list(policies.report_regions(user).order_by("display_order", "name"))
        if len(regions) == 1:
            workers = list(policies.report_workers(user).order_by("full_name", "id")[: MAX_WORKER_COLUMNS + 1])
            if len(workers) <= MAX_WORKER_COLUMNS:
                return tables.worker_columns(workers, regions[0])
        return tables.region_columns(regions)
    # A case worker: the homicides they lead, in their region.
    return (
        Column(
            f"worker-{user.pk}",
            user.full_name,
            region_id=user.region_id,
            worker_id=user.pk,
            case_worker_ids=frozenset({user.pk}),
        ),
    )


# ---- Charts ------------------------------------------------------------------------------------------------

CHART_WIDTH, LABEL_WIDTH, BAR_AREA, BAR_HEIGHT, GAP = 640, 200, 340, 14, 12


@dataclass(frozen=True)
class Bar:
    y: int
    width: int
    text: str
    previous: bool


@dataclass(frozen=True)
class ChartGroup:
    label: str
    y: int
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart of one row: for each column, this period's bar above the previous period's."""

    title: str
    height: int
    groups: tuple[ChartGroup, ...]
    label_width: int = LABEL_WIDTH
    width: int = CHART_WIDTH

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + 6


def _number(value) -> float | None:
    if isinstance(value, Suppressed) or value is None:
        return None
    if isinstance(value, tuple):
        return None
    return float(value)


def chart(row: Line, columns: tuple[Column, ...], show_total: bool) -> Chart:
    names = [c.name for c in columns] + ([str(_("Total"))] if show_total else [])
    nows = list(row.values) + ([row.total] if show_total else [])
    befores = list(row.previous) + ([row.previous_total] if show_total else [])
    # The total would dwarf its columns: the scale is the largest column's.
    scale = max([n for v in (*row.values, *row.previous) if (n := _number(v)) is not None] + [1.0])
    groups, y = [], GAP
    for name, now, before in zip(names, nows, befores, strict=True):
        bars = []
        for offset, (value, previous) in enumerate(((now, False), (before, True))):
            number = _number(value)
            width = 0 if number is None else min(BAR_AREA, round(BAR_AREA * number / scale))
            bars.append(Bar(y + 18 + offset * (BAR_HEIGHT + 2), width, row._format(value), previous))
        groups.append(ChartGroup(name[:32], y + 12, tuple(bars)))
        y += 18 + 2 * (BAR_HEIGHT + 2) + GAP
    return Chart(row.label, y, tuple(groups))


@dataclass(frozen=True)
class Section:
    entry: Entry
    table: ComparedTable
    rows: tuple[Line, ...]
    charts: tuple[Chart, ...]


def build(user, period: Period) -> list[Section]:
    """Every entry of the registry for the reader's columns, suppressed and without offence data as their role says."""
    columns = columns_for(user)
    below = policies.report_suppression_threshold(user)
    found = builders()
    sections = []
    for entry in DASHBOARD:
        table = found[entry.code](columns, period)
        if not policies.can_see_offence_data(user):
            table = tables.hide_offence_data(table)
        table = suppress(table, below, has_total=table.show_total)
        rows = tuple(table.row(key) for key in entry.rows)
        charts = tuple(chart(r, table.columns, table.show_total) for r in rows if r.kind != tables.RANGE)
        sections.append(Section(entry, table, rows, charts))
    return sections


def as_csv_rows(sections: list[Section]) -> list[list[str]]:
    """The dashboard's figures, each row labelled with its section, for the CSV export."""
    out: list[list[str]] = []
    for section in sections:
        table = section.table
        names = [c.name for c in table.columns] + ([str(_("Total"))] if table.show_total else [])
        header = [str(section.entry.title)]
        for name in names:
            header += [f"{name} {table.period.start:%Y-%m-%d} to {table.period.end:%Y-%m-%d}"]
            header += [f"{name} {table.previous_period.start:%Y-%m-%d} to {table.previous_period.end:%Y-%m-%d}"]
        out.append(header)
        for row in section.rows:
            pairs = list(zip((*row.values, row.total), (*row.previous, row.previous_total), strict=True))
            if not table.show_total:
                pairs = pairs[:-1]
            out.append([row.label] + [row.raw(v) for pair in pairs for v in pair])
        out.append([])
    return out
