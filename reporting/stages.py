"""M7, support per stage of the case: the "typical support package" (per bereaved person) and the "typical case
worker work package" (per homicide) that chapter 5 of the evaluation asks for, as means and medians per stage.

Which stage a record belongs to:
- a needs assessment and an instance of support carry the stage the case worker recorded with them;
- a contact (visit or call) has the stage of the case on the contact's day (UK time), derived from the homicide's
  justice events as `justice.queries.current_stage` derives today's (the latest criminal-justice event on or before
  that day sets it, unless an inquest was sitting; with no event, investigation) and kept on the contact by the
  database (`casework.models.Contact.case_stage`), so this report reads it rather than working it out for every
  contact. A Domestic Homicide Review is not a justice event, so a contact is never counted at that stage.

Two queries whatever the amount of data: one computes, for both periods and every stage, the counts, means and
medians per region, per lead case worker (only the groupings the columns show) and in total at once (GROUPING
SETS over per-person and per-homicide sums, the records counted per person before anything is joined to them);
the other counts support by type per stage, per region and lead case worker.
"""

from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.utils.translation import gettext_lazy as _

from casework.models import CaseStage
from reporting.queries import ELIGIBLE, Period, average
from reporting.tables import AVERAGE, Column, ComparedTable, Line, _setup, _table

# Each person's records of both periods, counted per stage and period (0: the period, 1: the previous one) before
# anything is joined to them: the raw records are many (a million contacts at 100 times the service's volume), the
# (person, stage, period) groups a fifth of that, so the people and homicides are joined to the groups only.
_RECORDS = """
WITH per_person AS (
    SELECT r.period, r.stage, h.region_id, h.lead_case_worker_id AS worker_id, r.person_id, p.homicide_id,
           r.contacts, r.staff_minutes, r.assessments, r.support
    FROM (
        SELECT person_id, stage, period, sum(contacts) AS contacts, sum(staff_minutes) AS staff_minutes,
               sum(assessments) AS assessments, sum(support) AS support
        FROM (
            SELECT c.person_id, c.case_stage AS stage,
                   CASE WHEN c.occurred_at >= %(starts_at)s THEN 0 ELSE 1 END AS period,
                   1 AS contacts, CASE WHEN c.by_volunteer THEN 0 ELSE c.duration_minutes END AS staff_minutes,
                   0 AS assessments, 0 AS support
            FROM casework_contact c
            WHERE c.occurred_at >= %(earlier_starts_at)s AND c.occurred_at < %(ends_before)s AND NOT c.entered_in_error
            UNION ALL
            SELECT a.person_id, a.case_stage, CASE WHEN a.assessed_on >= %(start)s THEN 0 ELSE 1 END, 0, 0, 1, 0
            FROM casework_needsassessment a
            WHERE a.assessed_on >= %(earlier_start)s AND a.assessed_on <= %(end)s AND NOT a.entered_in_error
            UNION ALL
            SELECT g.person_id, g.case_stage, CASE WHEN g.given_on >= %(start)s THEN 0 ELSE 1 END, 0, 0, 0, 1
            FROM casework_supportgiven g
            WHERE g.given_on >= %(earlier_start)s AND g.given_on <= %(end)s AND NOT g.entered_in_error
        ) AS records
        GROUP BY person_id, stage, period
    ) AS r
    JOIN casework_bereavedperson p ON p.id = r.person_id
    JOIN intake_homicide h ON h.id = p.homicide_id
    WHERE h.offence_type = ANY(%(eligible)s) AND h.region_id = ANY(%(regions)s)
),
per_homicide AS (
    SELECT period, stage, region_id, worker_id, homicide_id,
           sum(contacts)::bigint AS contacts, sum(staff_minutes)::bigint AS staff_minutes,
           sum(support)::bigint AS support
    FROM per_person GROUP BY period, stage, region_id, worker_id, homicide_id
)
"""

_STATS = """
SELECT 'person' AS level, period, stage, {region} AS region_id, {worker} AS worker_id,
       {no_region} AS no_region, {no_worker} AS no_worker,
       count(*) AS units, sum(contacts) AS contacts, sum(assessments) AS assessments, sum(support) AS support,
       0 AS staff_minutes,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY contacts) AS median_contacts,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY assessments) AS median_assessments,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY support) AS median_support,
       0 AS median_staff_minutes
FROM per_person
GROUP BY GROUPING SETS ({sets})
UNION ALL
SELECT 'homicide', period, stage, {region}, {worker}, {no_region}, {no_worker},
       count(*), sum(contacts), 0, sum(support), sum(staff_minutes),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY contacts), 0,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY support),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY staff_minutes)
FROM per_homicide
GROUP BY GROUPING SETS ({sets})
"""

# Support by type per stage, counted over ids per region and lead case worker (as far as the columns ask) before
# the groupings are added up (as in _STATS), so that the counting can run in parallel; the
# types' names are joined to the counts.
_SUPPORT_TYPES = """
SELECT s.period, s.stage, s.region_id, s.worker_id, s.no_region, s.no_worker,
       t.code, t.name, t.commissioned, t.display_order, s.support
FROM (
    SELECT period, stage, {region} AS region_id, {worker} AS worker_id, support_type_id,
           {no_region} AS no_region, {no_worker} AS no_worker, sum(support)::bigint AS support
    FROM (
        SELECT CASE WHEN g.given_on >= %(start)s THEN 0 ELSE 1 END AS period, g.case_stage AS stage,
               {h_region} AS region_id, {h_worker} AS worker_id, g.support_type_id, count(*) AS support
        FROM casework_supportgiven g
        JOIN casework_bereavedperson p ON p.id = g.person_id
        JOIN intake_homicide h ON h.id = p.homicide_id
        WHERE g.given_on >= %(earlier_start)s AND g.given_on <= %(end)s AND NOT g.entered_in_error
          AND h.offence_type = ANY(%(eligible)s) AND h.region_id = ANY(%(regions)s)
        GROUP BY 1, 2, 3, 4, 5
    ) AS given
    GROUP BY GROUPING SETS ({type_sets})
) AS s
JOIN casework_supporttype t ON t.id = s.support_type_id
"""


def _fetch(sql: str, params: dict) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c.name for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _one_place(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _scope(column: Column | None) -> tuple:
    if column is None:
        return ("total",)
    if column.worker_id is not None:
        return ("worker", column.worker_id)
    return ("region", column.region_id)


def _row_scope(row: dict[str, Any]) -> tuple:
    """The grouping a row of a GROUPING SETS query counts: a region, a lead case worker, or the total."""
    if row["no_region"] and row["no_worker"]:
        return ("total",)
    if row["no_worker"]:
        return ("region", row["region_id"])
    return ("worker", row["worker_id"])


STAGE_LABELS = {stage.value: stage.label for stage in CaseStage}


def m7_support_per_stage(columns: tuple[Column, ...], period: Period) -> ComparedTable:
    """Contacts, assessments and support per stage of the case, per person and per homicide. Two queries."""
    periods, region_ids, b = _setup(columns, period)
    current, earlier = periods
    params: dict[str, Any] = {
        "earlier_starts_at": earlier.starts_at,
        "starts_at": current.starts_at,
        "ends_before": current.ends_before,
        "earlier_start": earlier.start,
        "start": current.start,
        "end": current.end,
        "eligible": ELIGIBLE,
        "regions": region_ids,
    }
    # Only the groupings the columns show, and the total (which also decides whether a type of support is listed).
    # (Fixed SQL text chosen here; every value is a parameter.)
    groupings = [
        *(["region_id"] if any(c.worker_id is None for c in columns) else []),
        *(["worker_id"] if any(c.worker_id is not None for c in columns) else []),
    ]
    shape = {
        "no_region": "GROUPING(region_id)" if "region_id" in groupings else "1",
        "no_worker": "GROUPING(worker_id)" if "worker_id" in groupings else "1",
        "region": "region_id" if "region_id" in groupings else "NULL",
        "worker": "worker_id" if "worker_id" in groupings else "NULL",
        "h_region": "h.region_id" if "region_id" in groupings else "NULL",
        "h_worker": "h.lead_case_worker_id" if "worker_id" in groupings else "NULL",
    }
    sets = ", ".join(f"(period, stage, {g})" for g in groupings) + ", (period, stage)"
    type_sets = ", ".join(f"(period, stage, {g}, support_type_id)" for g in groupings)
    type_sets += ", (period, stage, support_type_id)"
    stats: dict[tuple, dict[str, Any]] = {}
    for row in _fetch(_RECORDS + _STATS.format(sets=sets, **shape), params):
        stats[(row["level"], row["period"], row["stage"], _row_scope(row))] = row
    by_type: dict[tuple, int] = {}
    types: dict[str, tuple] = {}
    for row in _fetch(_SUPPORT_TYPES.format(type_sets=type_sets, **shape), params):
        types[row["code"]] = (row["commissioned"], row["display_order"], row["name"])
        by_type[(row["period"], row["stage"], row["code"], _row_scope(row))] = row["support"]

    scopes = [_scope(c) for c in columns]

    def line(key, label, figure, kind="count", parts: tuple = ()) -> Line:
        """`figure(index, scope)` for each column and the total, in both periods."""
        values = [tuple(figure(i, s) for s in scopes) for i in (0, 1)]
        totals = [figure(i, ("total",)) for i in (0, 1)] if b.show_total else [None, None]
        return Line(key, str(label), values[0], values[1], totals[0], totals[1], kind=kind, parts=parts)

    def stat(level: str, stage: str, name: str):
        def figure(index: int, scope: tuple):
            found = stats.get((level, index, stage, scope))
            return int(found[name] or 0) if found else 0

        return figure

    def mean(level: str, stage: str, name: str, *, per_hour: bool = False):
        def figure(index: int, scope: tuple):
            found = stats.get((level, index, stage, scope))
            if not found:
                return None
            total = Decimal(found[name] or 0) / 60 if per_hour else found[name]
            return average(total, found["units"])

        return figure

    def median(level: str, stage: str, name: str, *, per_hour: bool = False):
        def figure(index: int, scope: tuple):
            found = stats.get((level, index, stage, scope))
            if not found:
                return None
            value = found[f"median_{name}"]
            return _one_place(value / 60 if per_hour else value)

        return figure

    groups = []
    for stage in CaseStage:
        s, name = stage.value, STAGE_LABELS[stage.value]
        people, homicides = f"{s}_people", f"{s}_homicides"
        rows = [
            line(
                people,
                _("%(stage)s: people with a contact, assessment or support") % {"stage": name},
                stat("person", s, "units"),
            ),
            line(homicides, _("%(stage)s: homicides of those people") % {"stage": name}, stat("homicide", s, "units")),
            line(
                f"{s}_contacts",
                _("%(stage)s: contacts (visits and calls)") % {"stage": name},
                stat("person", s, "contacts"),
            ),
            line(
                f"{s}_assessments",
                _("%(stage)s: needs assessments") % {"stage": name},
                stat("person", s, "assessments"),
            ),
            line(f"{s}_support", _("%(stage)s: instances of support") % {"stage": name}, stat("person", s, "support")),
        ]
        for code, (_commissioned, _order, type_name) in sorted(types.items(), key=lambda t: t[1]):
            counts = [by_type.get((i, s, code, scope), 0) for i in (0, 1) for scope in (*scopes, ("total",))]
            if any(counts):
                rows.append(
                    line(
                        f"{s}_type_{code}",
                        _("%(stage)s: of which %(type)s") % {"stage": name, "type": type_name},
                        lambda i, scope, code=code, s=s: by_type.get((i, s, code, scope), 0),
                    )
                )
        for what, label in (
            ("contacts", _("contacts")),
            ("assessments", _("needs assessments")),
            ("support", _("instances of support")),
        ):
            parts = (f"{s}_{what}", people)
            rows.append(
                line(
                    f"{s}_{what}_mean_per_person",
                    _("%(stage)s: mean %(what)s per person") % {"stage": name, "what": label},
                    mean("person", s, what),
                    AVERAGE,
                    parts,
                )
            )
            rows.append(
                line(
                    f"{s}_{what}_median_per_person",
                    _("%(stage)s: median %(what)s per person") % {"stage": name, "what": label},
                    median("person", s, what),
                    AVERAGE,
                    parts,
                )
            )
        for what, label, per_hour in (
            ("contacts", _("contacts"), False),
            ("staff_minutes", _("hours of staff contact"), True),
            ("support", _("instances of support"), False),
        ):
            parts = (f"{s}_{what}", homicides)
            rows.append(
                line(
                    f"{s}_{what}_mean_per_homicide",
                    _("%(stage)s: mean %(what)s per homicide") % {"stage": name, "what": label},
                    mean("homicide", s, what, per_hour=per_hour),
                    AVERAGE,
                    parts,
                )
            )
            rows.append(
                line(
                    f"{s}_{what}_median_per_homicide",
                    _("%(stage)s: median %(what)s per homicide") % {"stage": name, "what": label},
                    median("homicide", s, what, per_hour=per_hour),
                    AVERAGE,
                    parts,
                )
            )
        groups.append(tuple(rows))
    table = _table("M7", _("Support per stage of the case"), columns, periods, b, groups)
    # Only a domestic homicide reaches a Domestic Homicide Review: whether a homicide is domestic is offence data.
    return dataclasses.replace(table, offence_data_prefixes=(f"{CaseStage.DOMESTIC_HOMICIDE_REVIEW.value}_",))
