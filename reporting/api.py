"""The read-only report API: every table (B1 to B9) and measure (M1, M2, M4) as JSON, for the pages' readers.

Rows, columns and figures have stable keys (row keys, region codes, `worker-<id>`), never labels, so that a
caller's code survives a change of wording. Who may read which regions and case workers is decided by
`access.policies`, as for the pages; small numbers are suppressed for the same readers.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import cast

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from access import policies
from organisation.models import Region
from reporting import coverage, dhr, queries, tables, volunteer_deployment
from reporting.m5 import m5_equality_reach
from reporting.m6 import m6_outcomes_change
from reporting.queries import Period
from reporting.suppression import Suppressed, suppress
from reporting.table_views import TABLES

EVERY_WORKER = "every"
OUTSIDE = "outside"
# code: (build, whether it is a table of tables.py, whether a case worker's figures make sense)
REPORTS: dict[str, tuple[Callable[..., queries.Table | tables.ComparedTable], bool, bool]] = {
    "b1": (queries.b1_notifications_and_referrals, False, False),
    **{code: (build, True, per_worker) for code, (build, per_worker) in TABLES.items()},
    "b9": (queries.b9_case_worker_workload, False, False),
    "m4": (volunteer_deployment.m4_volunteer_deployment, True, True),
    "m5": (m5_equality_reach, False, False),
    "m6": (m6_outcomes_change, False, False),
}
# Reports whose own columns are other people than case workers: who may be shown, and their columns.
PER_PERSON = {"m4": (policies.report_volunteers, volunteer_deployment.volunteer_columns)}


class ReportQuery(serializers.Serializer):
    """The period, region and case worker asked for, checked against what the reader may read."""

    start = serializers.DateField(required=False, help_text="First day of the period (default: a year before end).")
    end = serializers.DateField(required=False, help_text="Last day of the period (default: today).")
    region = serializers.CharField(required=False, help_text="A region code; all the reader's regions if left out.")
    worker = serializers.CharField(
        required=False,
        help_text="B4 to B8, M1 and M2, for team leaders and the national manager: a case worker's id (their figures "
        "beside their team), or `every` (each case worker of `region` beside it). M4: a volunteer's id, or `every`.",
    )
    audience = serializers.ChoiceField(
        choices=[("inside", "inside"), (OUTSIDE, OUTSIDE)],
        required=False,
        help_text="`outside`: figures to share outside the service, with small numbers suppressed.",
    )

    def validate(self, data):
        regions, workers, per_worker = (self.context[k] for k in ("regions", "workers", "per_worker"))
        errors = {}
        end = data.get("end") or queries.default_period().end
        start = data.get("start") or queries.default_period(end).start
        for name, value in (("start", start), ("end", end)):
            if value.year < 1900:
                errors[name] = ["Enter a date after 1900."]
        if start > end:
            errors["end"] = ["The end date must be the same as or after the start date."]
        data["period"] = Period(start, end)
        code = data.get("region")
        if code is not None:
            chosen = [r for r in regions if r.code == code]
            if not chosen:
                errors["region"] = ["Give the code of a region whose figures you may read."]
            data["regions"] = chosen
        else:
            data["regions"] = regions
        choice = data.get("worker")
        if choice is not None:
            if not per_worker:
                errors["worker"] = ["This table has no figures per case worker."]
            elif choice == EVERY_WORKER:
                if len(data["regions"]) != 1:
                    errors["worker"] = ["Give a region to see each of its case workers."]
            elif choice not in workers:
                errors["worker"] = ["Give the id of a case worker whose figures you may read."]
        if errors:
            raise serializers.ValidationError(errors)
        return data


def _columns(data: dict, workers: dict, make: Callable = tables.worker_columns) -> tuple[tables.Column, ...]:
    choice = data.get("worker")
    if choice == EVERY_WORKER:
        team = data["regions"][0]
        return make([w for w in workers.values() if w.region_id == team.pk], team)
    if choice is not None:
        worker = workers[choice]
        return make(worker, worker.region)
    return tables.region_columns(data["regions"])


def _figure(value):
    """A figure as JSON: a number, null (nothing to divide by), a range, or "<5" (suppressed)."""
    if isinstance(value, Suppressed):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, tuple):
        low, high = (_figure(v) for v in value)
        return {"low": low, "high": high}
    return value


def _period(period: Period | None) -> dict | None:
    return None if period is None else {"start": period.start.isoformat(), "end": period.end.isoformat()}


def as_json(table, compared: bool, show_total: bool) -> dict:
    if compared:
        columns = [
            {"key": c.key, "name": c.name, "region": c.key if c.worker_id is None else None, "worker": c.worker_id}
            for c in table.columns
        ]
    else:
        # M5's columns are the people supported and the people who declined, not regions.
        columns = [
            {"key": r.code, "name": r.name, "region": r.code if isinstance(r, Region) else None, "worker": None}
            for r in table.regions
        ]
    keys = [c["key"] for c in columns] + (["total"] if show_total else [])
    if show_total:
        columns.append({"key": "total", "name": "Total", "region": None, "worker": None})

    def figures(values, total) -> dict:
        return dict(zip(keys, (_figure(v) for v in (*values, total)), strict=False))

    rows = []
    placed = [(True, row) for group in table.groups for row in group] + [(False, row) for row in table.extra_rows]
    for in_table, row in placed:
        kind = getattr(row, "kind", "average" if getattr(row, "is_average", False) else "count")
        rows.append(
            {
                "key": row.key,
                "label": row.label,
                "kind": kind,
                "in_evaluation_table": in_table,
                "values": figures(row.values, row.total),
                "previous_values": figures(row.previous, row.previous_total) if compared else None,
            }
        )
    return {
        "table": table.code,
        "title": table.title,
        "period": _period(table.period),
        "previous_period": _period(table.previous_period) if compared else None,
        "suppressed_below": table.suppressed_below,
        "columns": columns,
        "rows": rows,
    }


class ColumnSchema(serializers.Serializer):
    key = serializers.CharField(
        help_text="A region code, `worker-<id>`, or `total`; in M5, `supported` or `declined` (and `total`)."
    )
    name = serializers.CharField()
    region = serializers.CharField(allow_null=True)
    worker = serializers.IntegerField(allow_null=True, help_text="The case worker's id, in a case worker's column.")


class RowSchema(serializers.Serializer):
    key = serializers.CharField(help_text="Stable key of the row.")
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field, taken off the class; the stubs see Field.label
    kind = serializers.ChoiceField(choices=["count", "average", "range"])
    in_evaluation_table = serializers.BooleanField(help_text="False for the rows shown below the evaluation's table.")
    values = serializers.DictField(
        child=serializers.JSONField(),
        help_text='Per column key: a number; null when there is nothing to divide by; {"low", "high"} for a range; '
        '"<5" when a small number is suppressed.',
    )
    previous_values = serializers.DictField(
        child=serializers.JSONField(), allow_null=True, help_text="The previous period (B2 to B8)."
    )


class PeriodSchema(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class ReportSchema(serializers.Serializer):
    table = serializers.CharField()
    title = serializers.CharField()
    period = PeriodSchema()
    previous_period = PeriodSchema(allow_null=True)
    suppressed_below = serializers.IntegerField(allow_null=True)
    columns = ColumnSchema(many=True)
    rows = RowSchema(many=True)


def _view(code: str):
    build, compared, per_worker = REPORTS[code]

    @extend_schema(
        operation_id=f"reports_{code}",
        summary=f"Table {code.upper()} for a period, one region or all"
        + (f", or {'volunteers' if code in PER_PERSON else 'case workers'} beside their team" if per_worker else ""),
        tags=["reports"],
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE),
            OpenApiParameter("end", OpenApiTypes.DATE),
            OpenApiParameter("region", OpenApiTypes.STR),
            *([OpenApiParameter("worker", OpenApiTypes.STR)] if per_worker else []),
            OpenApiParameter("audience", OpenApiTypes.STR, enum=["inside", OUTSIDE]),
        ],
        responses={
            200: ReportSchema,
            400: OpenApiResponse(
                description="A period, region, worker or audience this report cannot take: a message for each"
            ),
            403: OpenApiResponse(description="Your role does not read reports"),
        },
    )
    @api_view(["GET"])
    def report(request: Request) -> Response:
        if not policies.can_read_reports(request.user):
            raise PermissionDenied
        if code in dhr.OFFENCE_DATA_REPORTS and not policies.can_read_review_reports(request.user):
            raise PermissionDenied
        regions = list(policies.report_regions(request.user).order_by("display_order", "name"))
        workers = {}
        who, make_columns = PER_PERSON.get(code, (policies.report_workers, tables.worker_columns))
        if per_worker:
            workers = {str(w.pk): w for w in who(request.user).select_related("region").order_by("full_name", "id")}
        query = ReportQuery(
            data=request.query_params, context={"regions": regions, "workers": workers, "per_worker": per_worker}
        )
        query.is_valid(raise_exception=True)
        data = query.validated_data
        table: queries.Table | tables.ComparedTable
        if compared:
            table = cast(tables.ComparedTable, build(_columns(data, workers, make_columns), data["period"]))
            if not policies.can_see_offence_data(request.user):
                table = tables.hide_offence_data(table)
            show_total = table.show_total
        else:
            table = cast(queries.Table, build(data["regions"], data["period"]))
            show_total = len(table.regions) > 1
        below = policies.report_suppression_threshold(request.user, outside=data.get("audience") == OUTSIDE)
        table = suppress(table, below, has_total=show_total)
        return Response(as_json(table, compared, show_total))

    report.__name__ = f"report_{code}"  # type: ignore[attr-defined]  # api_view returns a function; drf-stubs' AsView omits __name__
    return report


views = {code: _view(code) for code in REPORTS}


# ---- Police coverage ------------------------------------------------------------------------------------


class CoverageQuery(serializers.Serializer):
    start = serializers.DateField(required=False, help_text="First day of a period with published figures.")
    end = serializers.DateField(required=False, help_text="Last day of that period (default: the latest period).")
    audience = serializers.ChoiceField(
        choices=[("inside", "inside"), (OUTSIDE, OUTSIDE)],
        required=False,
        help_text="`outside`: figures to share outside the service, with small numbers suppressed.",
    )

    def validate(self, data):
        periods = self.context["periods"]
        if "start" in data or "end" in data:
            chosen = next((p for p in periods if (p.start, p.end) == (data.get("start"), data.get("end"))), None)
            if chosen is None:
                raise serializers.ValidationError(
                    {"end": ["Give the first and last day of a period with published figures."]}
                )
            data["period"] = chosen
        else:
            data["period"] = periods[0] if periods else None
        return data


class CoverageRowSchema(serializers.Serializer):
    police_force = serializers.CharField()
    region = serializers.CharField(help_text="The force's region code.")
    recorded = serializers.IntegerField(help_text="Homicides the police recorded, as published.")
    notified = serializers.JSONField(help_text='Homicides the police notified: a number, or "<5" when suppressed.')
    coverage = serializers.JSONField(
        help_text='Notified as a percentage of recorded, to one decimal place; null when none were recorded; "<5" '
        "when suppressed."
    )
    flagged = serializers.BooleanField(help_text="Coverage under `flag_below`: the force notifies much less.")


class CoverageSchema(serializers.Serializer):
    table = serializers.CharField()
    title = serializers.CharField()
    period = PeriodSchema(allow_null=True)
    periods = PeriodSchema(many=True, help_text="Every period with published figures, latest first.")
    flag_below = serializers.IntegerField()
    suppressed_below = serializers.IntegerField(allow_null=True)
    rows = CoverageRowSchema(many=True)


@extend_schema(
    operation_id="reports_police_coverage",
    summary="Police coverage table: each force's notifications against the homicides it recorded",
    tags=["reports"],
    parameters=[
        OpenApiParameter("start", OpenApiTypes.DATE),
        OpenApiParameter("end", OpenApiTypes.DATE),
        OpenApiParameter("audience", OpenApiTypes.STR, enum=["inside", OUTSIDE]),
    ],
    responses={
        200: CoverageSchema,
        400: OpenApiResponse(description="A period without published figures, or an unknown audience"),
        403: OpenApiResponse(description="Your role does not read reports"),
    },
)
@api_view(["GET"])
def police_coverage(request: Request) -> Response:
    if not policies.can_read_reports(request.user):
        raise PermissionDenied
    periods = coverage.published_periods()
    query = CoverageQuery(data=request.query_params, context={"periods": periods})
    query.is_valid(raise_exception=True)
    data = query.validated_data
    found = coverage.police_coverage(request.user, data["period"], outside=data.get("audience") == OUTSIDE)
    return Response(
        {
            "table": "police-coverage",
            "title": "Police notifications against police recorded homicides",
            "period": _period(found.period),
            "periods": [_period(p) for p in periods],
            "flag_below": found.flag_below,
            "suppressed_below": found.suppressed_below,
            "rows": [
                {
                    "police_force": row["force"].name,
                    "region": row["force"].region.code,
                    "recorded": row["recorded"],
                    "notified": _figure(row["notified"]),
                    "coverage": _figure(row["coverage"]),
                    "flagged": row["flagged"],
                }
                for row in found.rows
            ],
        }
    )


views["police-coverage"] = police_coverage
