"""Police notifications per force against the homicides each force recorded, as published: the coverage page, and
the national manager's upload of the published figures (a CSV file, stored all or nothing)."""

from __future__ import annotations

import csv
import io
from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from access import policies
from frontend.forms import GovukForm
from organisation.models import PoliceForce
from reporting import actions, xlsx
from reporting.coverage import Coverage, CoverageRow, police_coverage, published_periods
from reporting.suppression import Suppressed
from reporting.views import OUTSIDE, XLSX_TYPE, suppression_note

HEADER = ["police_force", "period_start", "period_end", "homicides"]
MAX_BYTES = 1024 * 1024
MAX_ERRORS = 10


class UploadForm(GovukForm):
    figures = forms.FileField(
        label=_("CSV file of the police's recorded homicides"),
        error_messages={"required": _("Choose a CSV file to upload")},
    )

    def clean_figures(self) -> list[actions.RecordedFigure]:
        upload = self.cleaned_data["figures"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("The file must be smaller than 1 MB"))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The file must be a CSV file saved as UTF-8")) from None
        lines = list(csv.reader(io.StringIO(text)))
        if not lines or [c.strip().lower() for c in lines[0]] != HEADER:
            raise ValidationError(
                _("The first line must be the column names police_force, period_start, period_end, homicides")
            )
        forces = {f.name.lower(): f for f in PoliceForce.objects.all()}
        figures, errors, seen = [], [], set()
        for number, cells in enumerate(lines[1:], start=2):
            if not any(c.strip() for c in cells):
                continue
            problem, figure = _figure(cells, forces)
            if figure is not None and (key := (figure.police_force.pk, figure.period_start, figure.period_end)) in seen:
                problem = _("the same force and period are on an earlier line")
            if problem is not None:
                errors.append(_("Line %(number)s: %(problem)s") % {"number": number, "problem": problem})
                continue
            assert figure is not None  # _figure gives either a problem or a figure
            seen.add(key)
            figures.append(figure)
        if errors:
            extra = len(errors) - MAX_ERRORS
            messages = errors[:MAX_ERRORS]
            if extra > 0:
                messages.append(_("and %(count)s more lines with problems") % {"count": extra})
            raise ValidationError(messages)
        if not figures:
            raise ValidationError(_("The file has no figures in it"))
        return figures


def _figure(cells: list[str], forces: dict) -> tuple[StrOrPromise | None, actions.RecordedFigure | None]:
    if len(cells) != 4:
        return _("give 4 values separated by commas"), None
    name, first_day, last_day, count = (c.strip() for c in cells)
    force = forces.get(name.lower())
    if force is None:
        return _("“%(name)s” is not a police force known to Waypoint") % {"name": name[:100]}, None
    try:
        start, end = date.fromisoformat(first_day), date.fromisoformat(last_day)
    except ValueError:
        return _("give the dates as year-month-day, for example 2026-03-31"), None
    if end < start:
        return _("the last day must be the same as or after the first day"), None
    if not count.isdigit():
        return _("give the number of homicides as a whole number, for example 21"), None
    return None, actions.RecordedFigure(force, start, end, int(count))


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    if not policies.can_record_police_figures(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_bound and form.is_valid():
        stored = actions.record_police_homicides(form.cleaned_data["figures"], by=request.user)
        request.session["police_figures_stored"] = stored
        return redirect("reporting:police-coverage")
    return render(request, "reporting/police_upload.html", {"form": form})


def _csv(coverage: Coverage) -> HttpResponse:
    period = coverage.period
    assert period is not None  # exports are offered only for a period with figures
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="waypoint-police-coverage-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow([str(h) for h in COVERAGE_HEADER])
    for row in coverage.rows:
        writer.writerow(_cells(row, coverage.flag_below))
    if note := suppression_note(coverage.suppressed_below):
        writer.writerow(note)
    return response


COVERAGE_HEADER = [
    _("Police force"),
    _("Region"),
    _("Homicides recorded by the police"),
    _("Homicides the police notified"),
    _("Coverage (%)"),
    _("Notifies much less than it records"),
]


def _cells(row: CoverageRow, flag_below: int) -> list:
    coverage = row["coverage"]
    return [
        row["force"].name,
        row["force"].region.name,
        row["recorded"],
        str(row["notified"]) if isinstance(row["notified"], Suppressed) else row["notified"],
        "" if coverage is None else (str(coverage) if isinstance(coverage, Suppressed) else float(coverage)),
        str(_("Yes, under %(flag)s%%") % {"flag": flag_below}) if row["flagged"] else "",
    ]


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    """Per force with a published figure for the chosen period: police notifications against recorded homicides."""
    if not policies.can_read_reports(request.user):
        raise PermissionDenied
    periods = published_periods()
    chosen = next((p for p in periods if f"{p.start}_{p.end}" == request.GET.get("period")), None)
    chosen = chosen or (periods[0] if periods else None)
    found = police_coverage(request.user, chosen, outside=request.GET.get("audience") == OUTSIDE)
    if chosen is not None and request.GET.get("format") == "csv":
        return _csv(found)
    if chosen is not None and request.GET.get("format") == "xlsx":
        response = HttpResponse(
            xlsx.rows_workbook(
                code="police-coverage",
                title=str(_("Police notifications against police recorded homicides")),
                period=chosen,
                header=[str(h) for h in COVERAGE_HEADER],
                rows=[_cells(row, found.flag_below) for row in found.rows],
                suppressed_below=found.suppressed_below,
            ),
            XLSX_TYPE,
        )
        response["Content-Disposition"] = (
            f'attachment; filename="waypoint-police-coverage-{chosen.start:%Y-%m-%d}-to-{chosen.end:%Y-%m-%d}.xlsx"'
        )
        return response
    stored = request.session.pop("police_figures_stored", None)
    return render(
        request,
        "reporting/police_coverage.html",
        {
            "periods": periods,
            "chosen": chosen,
            "rows": found.rows,
            "flag_below": found.flag_below,
            "suppressed_below": found.suppressed_below,
            "stored": stored,
            "may_upload": policies.can_record_police_figures(request.user),
            "query": f"period={chosen.start}_{chosen.end}" if chosen else "",
        },
    )
