"""The dashboard (each reader's own figures as charts with their tables, and its CSV) and the board pack (every
table and measure for a period and region on one printable page)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access import policies
from frontend.forms import GovukForm
from reporting import dashboard as figures
from reporting import dhr, measures, queries, tables, volunteer_deployment
from reporting.dashboard import months
from reporting.m5 import m5_equality_reach
from reporting.m6 import m6_outcomes_change
from reporting.queries import Period
from reporting.suppression import suppress
from reporting.views import _form, _query_string, suppressed_below, suppression_note

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MonthForm(GovukForm):
    month = forms.CharField(
        label=_("Month"),
        required=False,
        help_text=_("Year and month, for example 2026-03. Leave it empty for this month."),
    )

    def __init__(self, data, *, today: date, **kwargs):
        super().__init__(data, **kwargs)
        self.today = today

    def clean_month(self) -> Period:
        text = (self.cleaned_data.get("month") or "").strip()
        if not text:
            return months(self.today)
        found = MONTH.match(text)
        if not found or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1900:
            raise forms.ValidationError(_("Enter the month as a year and month, for example 2026-03"))
        start = date(int(found.group(1)), int(found.group(2)), 1)
        if start > self.today:
            raise forms.ValidationError(_("The month must be this month or in the past"))
        if (start.year, start.month) == (self.today.year, self.today.month):
            return months(self.today)
        next_month = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        return months(next_month - timedelta(days=1))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not policies.can_read_dashboard(request.user):
        raise PermissionDenied
    form = MonthForm(request.GET, today=timezone.localdate())
    sections = []
    period = None
    if form.is_valid():
        period = form.cleaned_data["month"]
        sections = figures.build(request.user, period)
        if request.GET.get("format") == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="waypoint-dashboard-{period.start:%Y-%m}.csv"'
            writer = csv.writer(response)
            for row in figures.as_csv_rows(sections):
                writer.writerow(row)
            if note := suppression_note(policies.report_suppression_threshold(request.user)):
                writer.writerow(note)
            return response
    role = request.user.role  # type: ignore[union-attr]  # login_required: a signed-in user
    return render(
        request,
        "reporting/dashboard.html",
        {
            "form": form,
            "period": period,
            "sections": sections,
            "own": not policies.can_read_reports(request.user),
            "may_read_reports": policies.can_read_reports(request.user),
            "role": role,
            # A team leader of a team too large for a column per worker sees the team's own column alone.
            "per_worker": any(c.worker_id is not None for c in sections[0].table.columns) if sections else False,
            "max_worker_columns": figures.MAX_WORKER_COLUMNS,
            "suppressed_below": policies.report_suppression_threshold(request.user),
            "query": f"month={period.start:%Y-%m}" if period else "",
        },
    )


def _compared_for_the_pack(user) -> dict:
    """The tables and measures with the previous period beside them, in the evaluation's order, then the chapter 5
    measures; the DHR report only for those who may read reviews (offence data)."""
    found = {**tables.TABLES, **measures.MEASURES}
    found["m4"] = (volunteer_deployment.m4_volunteer_deployment, False)
    if policies.can_read_review_reports(user):
        found.update(dhr.REPORTS)
    order = ["b2", "b3", "b4", "b5", "b6", "b7", "b8", "b10", "m1", "m2", "m3", "m4", "m7", "dhr"]
    return {code: found[code][0] for code in order if code in found}


@dataclass(frozen=True)
class Packed:
    """One table of the board pack: compared tables have the previous period beside each figure."""

    code: str
    table: object
    compared: bool
    show_total: bool


@login_required
def board_pack(request: HttpRequest) -> HttpResponse:
    """Every table (B1 to B10) and measure (M1 to M7, and the DHR report for those who may read it) for the period
    and region chosen, labelled for printing."""
    form = _form(request)  # refuses readers without reports
    packed: list[Packed] = []
    if not form.errors:
        regions = form.chosen_regions()
        period = form.cleaned_data["period"]
        below = suppressed_below(request)
        several = len(regions) > 1

        def simple(code: str, table) -> Packed:
            shown = several or code == "m5"  # M5's columns are supported and declined, and their total
            return Packed(code, suppress(table, below, has_total=shown), False, shown)

        packed.append(simple("b1", queries.b1_notifications_and_referrals(regions, period)))
        columns = tables.region_columns(regions)
        for code, builder in _compared_for_the_pack(request.user).items():
            if code == "b10":  # in the evaluation's order
                packed.append(simple("b9", queries.b9_case_worker_workload(regions, period)))
            if code == "m7":  # the measures without a previous period, in their order
                packed.append(simple("m5", m5_equality_reach(regions, period)))
                packed.append(simple("m6", m6_outcomes_change(regions, period)))
            table = builder(columns, period)
            if not policies.can_see_offence_data(request.user):
                table = tables.hide_offence_data(table)
            packed.append(Packed(code, suppress(table, below, has_total=table.show_total), True, table.show_total))
    regions_named = ", ".join(r.name for r in form.chosen_regions()) if not form.errors else ""
    return render(
        request,
        "reporting/board_pack.html",
        {
            "form": form,
            "packed": packed,
            "show_total": not form.errors and len(form.chosen_regions()) > 1,
            "regions_named": regions_named,
            "query": _query_string(form),
        },
    )
