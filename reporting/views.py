"""The report pages: tables B1 and B9 for a period and the regions the user may read, on screen or as CSV."""

from __future__ import annotations

import csv
from collections.abc import Callable

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from access import policies
from frontend.forms import GovukForm
from reporting import queries, xlsx
from reporting.m5 import m5_equality_reach
from reporting.m6 import m6_outcomes_change
from reporting.queries import Period, Table
from reporting.suppression import suppress

LATEST_YEAR = 2100
DATE_HINT = _("Year, month and day, for example 2026-03-31")


class PeriodForm(GovukForm):
    """The period (ISO dates in the query string) and, for national readers, one region or all."""

    start = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text=DATE_HINT,
        error_messages={"invalid": _("Enter the start date as a real date, for example 2026-03-31")},
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text=DATE_HINT,
        error_messages={"invalid": _("Enter the end date as a real date, for example 2026-03-31")},
    )

    def __init__(self, data, *, regions: list, **kwargs):
        super().__init__(data, **kwargs)
        self.regions = regions
        # A team leader reads one region: any `region` in the query string is ignored.
        if len(regions) > 1:
            self.fields["region"] = forms.ChoiceField(
                label=_("Region"),
                required=False,
                choices=[("", _("All regions"))] + [(r.code, r.name) for r in regions],
            )

    def clean(self):
        cleaned = super().clean()
        assert cleaned is not None  # Form.clean returns cleaned_data
        if self.errors:
            return cleaned
        end = cleaned.get("end") or queries.default_period().end
        start = cleaned.get("start") or queries.default_period(end).start
        for name, value in (("start", start), ("end", end)):
            if value.year < 1900:
                self.add_error(name, _("Enter a date after 1900"))
            elif value.year >= LATEST_YEAR:
                # The period's end is counted up to the next midnight, which does not exist after 9999-12-31.
                self.add_error(name, _("Enter a date before %(year)s") % {"year": LATEST_YEAR})
        if start > end:
            self.add_error("end", _("The end date must be the same as or after the start date"))
        if not self.errors:
            cleaned["period"] = Period(start, end)
        return cleaned

    def chosen_regions(self) -> list:
        code = self.cleaned_data.get("region")
        return [r for r in self.regions if r.code == code] if code else self.regions


def _form(request: HttpRequest) -> PeriodForm:
    if not policies.can_read_reports(request.user):
        raise PermissionDenied
    regions = list(policies.report_regions(request.user).order_by("display_order", "name"))
    form = PeriodForm(request.GET, regions=regions)
    if form.is_valid():
        # Show the period actually used, defaults included.
        period = form.cleaned_data["period"]
        data = request.GET.copy()  # the form's data, made changeable
        data["start"], data["end"] = period.start.isoformat(), period.end.isoformat()
        form.data = data
    return form


def _query_string(form: PeriodForm) -> str:
    if form.errors:
        return ""
    period = form.cleaned_data["period"]
    query = f"start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}"
    if form.cleaned_data.get("region"):
        query += f"&region={form.cleaned_data['region']}"
    return query


@login_required
def index(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    context = {
        "form": form,
        "query": _query_string(form),
        "shows_review_report": policies.can_read_review_reports(request.user),
    }
    return render(request, "reporting/index.html", context)


OUTSIDE = "outside"


def suppressed_below(request: HttpRequest) -> int | None:
    """Small numbers are suppressed for this reader, or for an export meant outside the service (`audience`)."""
    return policies.report_suppression_threshold(request.user, outside=request.GET.get("audience") == OUTSIDE)


def suppression_note(below: int | None) -> list[str]:
    """The line an export ends with when small numbers are suppressed."""
    if not below:
        return []
    return [
        str(
            _(
                "Figures from 1 to %(last)s are shown as <%(below)s so that no family can be identified; "
                "so are figures that would reveal them."
            )
            % {"last": below - 1, "below": below}
        )
    ]


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(table, column_names: list[str], *, show_total: bool) -> HttpResponse:
    period = table.period
    response = HttpResponse(xlsx.workbook(table, column_names=column_names, show_total=show_total), XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="waypoint-{table.code.lower()}-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.xlsx"'
    )
    return response


def _csv(table: Table) -> HttpResponse:
    period = table.period
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="waypoint-{table.code.lower()}-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.csv"'
    )
    writer = csv.writer(response)
    show_total = len(table.regions) > 1
    writer.writerow(
        [f"{table.code} {table.title}"] + [r.name for r in table.regions] + ([str(_("Total"))] if show_total else [])
    )
    for row in table.rows:
        values = [*row.values, row.total] if show_total else list(row.values)
        writer.writerow([row.label] + ["" if v is None else str(v) for v in values])
    if note := suppression_note(table.suppressed_below):
        writer.writerow(note)
    return response


def _table_page(request: HttpRequest, build: Callable[..., Table], template: str) -> HttpResponse:
    form = _form(request)
    table = None
    if not form.errors:
        table = build(form.chosen_regions(), form.cleaned_data["period"])
        table = suppress(table, suppressed_below(request), has_total=len(table.regions) > 1)
        if request.GET.get("format") == "csv":
            return _csv(table)
        if request.GET.get("format") == "xlsx":
            return xlsx_response(table, [r.name for r in table.regions], show_total=len(table.regions) > 1)
    return render(
        request,
        template,
        {
            "form": form,
            "table": table,
            "show_total": table is not None and len(table.regions) > 1,
            "query": _query_string(form),
        },
    )


@login_required
def b1(request: HttpRequest) -> HttpResponse:
    return _table_page(request, queries.b1_notifications_and_referrals, "reporting/b1.html")


@login_required
def b9(request: HttpRequest) -> HttpResponse:
    return _table_page(request, queries.b9_case_worker_workload, "reporting/b9.html")


@login_required
def m5(request: HttpRequest) -> HttpResponse:
    return _table_page(request, m5_equality_reach, "reporting/m5.html")


@login_required
def m6(request: HttpRequest) -> HttpResponse:
    return _table_page(request, m6_outcomes_change, "reporting/m6.html")
