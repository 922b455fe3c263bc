"""M3, length of contact (chapter 5: how long anyone was supported), counting each episode of support.

For a period, per region (team) or case worker, with the previous period beside it, in one query:

- the episodes open at some time in the period, and those of them that ended in it;
- the length of the episodes that ended, in bands (under 3 months, 3 to 6, 6 to 12, 12 to 18, 18 to 24, 24 or more)
  and their median, in days;
- a survival table: the share of episodes still open after 1, 3, 6, 12, 18, 24 and 36 months, by the Kaplan-Meier
  estimator, counting the episodes still open at the end of the period as censored there. Each episode is
  watched from the later of its opening and the period's first day (late entry), to its closing or the end of the
  period: so the estimate describes the period's own experience, and an episode opened long before it counts only
  from the day the period began.

A month is 365.25 / 12 days, rounded: 30, 91, 183, 365, 548, 730 and 1,096 days. An episode is `length` days long
from its opening day to its closing day; "still open after 3 months" means it lasted at least 91 days, and "under
3 months" is fewer than 91 days, so that with no episode censored the survival after 3 months is the share not in
the first band. The survival at a month is shown only when some episode was watched on every day up to it (or it is
already 0): otherwise there is nothing to estimate it from (a dash).

Figures are computed by PostgreSQL; only a row per (period, column) comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models import BereavedPerson, CaseEpisode
from intake.models import Homicide
from reporting.queries import ELIGIBLE, Period
from reporting.tables import AVERAGE, COUNT, Column, ComparedTable, Line, Periods, _setup, _table

# (months, days)
MONTHS = ((1, 30), (3, 91), (6, 183), (12, 365), (18, 548), (24, 730), (36, 1096))
DAYS = dict(MONTHS)
# (key, label, lowest days, highest days or None): each ended episode falls in exactly one band.
BANDS = (
    ("under_3", _("Under 3 months"), 0, DAYS[3]),
    ("from_3_to_6", _("3 months to under 6 months"), DAYS[3], DAYS[6]),
    ("from_6_to_12", _("6 months to under 12 months"), DAYS[6], DAYS[12]),
    ("from_12_to_18", _("12 months to under 18 months"), DAYS[12], DAYS[18]),
    ("from_18_to_24", _("18 months to under 24 months"), DAYS[18], DAYS[24]),
    ("from_24", _("24 months or more"), DAYS[24], None),
)


def _band_sql(low: int, high: int | None) -> str:
    upper = f" AND length < {high}" if high is not None else ""
    return f"COUNT(*) FILTER (WHERE ended AND length >= {low}{upper})"


# One query. `eligible`: the episodes of eligible homicides in the regions, joined once (kept apart from the periods,
# which would otherwise hide from the planner how many there are and make it look each person up one by one).
# `observed`: each episode in the population of each period, once per grouping it is counted in
# (its region, its homicide's lead case worker, and the total), with when it came under watch (`entry`, days after
# opening), when the watch ended (`leave`) and whether it ended by closing. `risk`: per grouping, each day on which
# the number watched changes or an episode ends, with the number watched that day (`n`, a running sum of entries
# and leavings) and the number that ended (`d`). The survival at a month is the product of (1 - d/n) over the days
# before it, as exp(sum(ln(...))); a day on which every episode watched ended makes it 0.
SQL = """
WITH params (p, starts, cut) AS (VALUES (0, %(start0)s::date, %(cut0)s::date), (1, %(start1)s::date, %(cut1)s::date)),
eligible AS MATERIALIZED (
    SELECT h.region_id, h.lead_case_worker_id AS worker_id,
           (e.opened_at AT TIME ZONE 'Europe/London')::date AS opened_on, e.closed_on
    FROM {episode} e
    JOIN {person} b ON b.id = e.person_id
    JOIN {homicide} h ON h.id = b.homicide_id
    WHERE h.offence_type = ANY(%(eligible)s) AND h.region_id = ANY(%(regions)s){workers}
),
episodes AS (
    SELECT params.p, params.starts, params.cut, region_id, worker_id, opened_on, closed_on
    FROM eligible
    JOIN params ON params.starts <= params.cut
    WHERE opened_on <= params.cut AND (closed_on IS NULL OR closed_on >= params.starts)
),
observed AS (
    SELECT p, g.kind, g.key,
           GREATEST(starts - opened_on, 0) AS entry,
           LEAST(COALESCE(closed_on, cut), cut) - opened_on AS leave,
           COALESCE(closed_on <= cut, false) AS ended,
           COALESCE(closed_on, cut) - opened_on AS length
    FROM episodes
    CROSS JOIN LATERAL (VALUES ('region', region_id), ('worker', worker_id), ('total', 0)) AS g (kind, key)
    WHERE COALESCE(closed_on, cut) >= opened_on AND g.kind = ANY(%(kinds)s)
),
changes AS (
    SELECT p, kind, key, entry AS day, 1 AS delta, 0 AS d FROM observed
    UNION ALL SELECT p, kind, key, leave + 1, -1, 0 FROM observed
    UNION ALL SELECT p, kind, key, leave, 0, 1 FROM observed WHERE ended
),
risk AS (
    SELECT p, kind, key, day, d, SUM(delta) OVER (PARTITION BY p, kind, key ORDER BY day) AS n
    FROM (SELECT p, kind, key, day, SUM(delta) AS delta, SUM(d) AS d FROM changes GROUP BY p, kind, key, day) AS days
),
survival AS (
    SELECT p, kind, key, {survival}
    FROM risk GROUP BY p, kind, key
),
counts AS (
    SELECT p, kind, key, COUNT(*) AS open, COUNT(*) FILTER (WHERE ended) AS ended, {bands},
           percentile_cont(0.5) WITHIN GROUP (ORDER BY length) FILTER (WHERE ended) AS median
    FROM observed GROUP BY p, kind, key
)
SELECT counts.*, {survival_columns}
FROM counts LEFT JOIN survival USING (p, kind, key)
"""


KINDS = ("region", "worker", "total")


def _survival_sql(days: int, month: int) -> str:
    """The estimate from the days before `days`, and whether it can be made: some episode was watched on every day
    from the first to that one (a gap leaves nothing to estimate the share ending in it)."""
    return (
        f"CASE WHEN bool_or(d > 0 AND d = n AND day < {days}) THEN 0"
        f" ELSE exp(COALESCE(SUM(ln(1 - d::numeric / n)) FILTER (WHERE d > 0 AND d < n AND day < {days}), 0))"
        f" END AS s{month},"
        f" (MIN(day) = 0 AND COALESCE(bool_and(n > 0) FILTER (WHERE day <= {days}), false)) AS k{month}"
    )


def _query(workers: str = "") -> str:
    return SQL.format(
        workers=workers,
        episode=CaseEpisode._meta.db_table,
        person=BereavedPerson._meta.db_table,
        homicide=Homicide._meta.db_table,
        survival=", ".join(_survival_sql(days, month) for month, days in MONTHS),
        bands=", ".join(f"{_band_sql(low, high)} AS {key}" for key, _label, low, high in BANDS),
        survival_columns=", ".join(f"survival.s{m}, survival.k{m}" for m, _d in MONTHS),
    )


@dataclass(frozen=True)
class Estimate:
    """One grouping's figures for one period."""

    row: dict

    def count(self, name: str) -> int:
        return int(self.row.get(name) or 0)

    @property
    def median(self) -> Decimal | None:
        value = self.row.get("median")
        return None if value is None else _one_place(Decimal(str(value)))

    def open_after(self, month: int) -> Decimal | None:
        """Percentage still open after `month` months; None when there is nothing to estimate it from."""
        survival = self.row.get(f"s{month}")
        if survival is None:
            return None
        survival = Decimal(str(survival))
        if not self.row.get(f"k{month}") and survival != 0:
            return None
        return _one_place(survival * 100)


def _one_place(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _cut(period: Period, today: date) -> date:
    """Episodes still open are censored at the end of the period, or today if it ends later."""
    return min(period.end, today)


def estimates(
    periods: Periods, region_ids: list[int], today: date, kinds: tuple[str, ...] = KINDS
) -> dict[tuple, Estimate]:
    """(period index, kind, key) -> the figures: kind is region, worker or total (only the `kinds` asked for)."""
    params: dict[str, Any] = {
        "kinds": list(kinds),
        "start0": periods[0].start,
        "cut0": _cut(periods[0], today),
        "start1": periods[1].start,
        "cut1": _cut(periods[1], today),
        "eligible": list(ELIGIBLE),
        "regions": list(region_ids),
    }
    workers = periods.workers_sql("h.lead_case_worker_id", params)  # a case worker's own figures: theirs alone
    with connection.cursor() as cursor:
        cursor.execute(_query(workers), params)
        names = [column.name for column in cursor.description]
        rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    return {(row["p"], row["kind"], row["key"]): Estimate(row) for row in rows}


def m3_length_of_contact(columns: tuple[Column, ...], period: Period, today: date | None = None) -> ComparedTable:
    """Episodes open and ended, the ended ones' length in bands and median, and the survival table. One query."""
    today = today or timezone.localdate()
    periods, region_ids, b = _setup(columns, period)
    # Only the groupings the columns show, and the total.
    kinds = (
        *(("region",) if any(c.worker_id is None for c in columns) else ()),
        *(("worker",) if any(c.worker_id is not None for c in columns) else ()),
        "total",
    )
    found = estimates(periods, region_ids, today, kinds)
    empty = Estimate({})

    def figures(index: int, value) -> tuple[tuple, object]:
        def of(kind: str, key: int | None):
            return value(found.get((index, kind, key), empty))

        cells = tuple(
            of("worker", c.worker_id) if c.worker_id is not None else of("region", c.region_id) for c in columns
        )
        return cells, (of("total", 0) if b.show_total else None)

    def line(key: str, label, value, kind: str = COUNT, parts: tuple = ()) -> Line:
        (now, total), (before, previous_total) = figures(0, value), figures(1, value)
        return Line(key, str(label), now, before, total, previous_total, kind=kind, parts=parts)

    open_in = line("episodes_open", _("Episodes of support open at some time in the period"), lambda e: e.count("open"))
    ended = line("episodes_ended", _("Of those, ended in the period"), lambda e: e.count("ended"))
    bands = tuple(line(key, label, lambda e, key=key: e.count(key)) for key, label, _low, _high in BANDS)
    median = line(
        "median_days",
        _("Median length of contact of the episodes that ended, in days"),
        lambda e: e.median,
        AVERAGE,
        ("episodes_ended", "episodes_ended"),
    )
    survival = tuple(
        line(
            f"open_after_{month}",
            _("Percentage of episodes still open after %(months)s months") % {"months": month}
            if month > 1
            else _("Percentage of episodes still open after 1 month"),
            lambda e, month=month: e.open_after(month),
            AVERAGE,
            ("episodes_open", "episodes_open"),
        )
        for month, _days in MONTHS
    )
    return _table(
        "M3",
        _("Length of contact"),
        columns,
        periods,
        b,
        ((open_in, ended), (*bands, median), survival),
    )
