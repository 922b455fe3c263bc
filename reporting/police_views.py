"""Police notifications per force against the homicides each force recorded, as published: the coverage page, and
the national manager's upload of the published figures (a CSV file, stored all or nothing)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import TypedDict

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from access import policies
from intake.models import NotificationSource
from organisation.models import PoliceForce
from reporting import actions
from reporting.models import PoliceRecordedHomicides
from reporting.queries import Period, average, eligible_notifications
from reporting.suppression import Suppressed

HEADER = ["police_force", "period_start", "period_end", "homicides"]
MAX_BYTES = 1024 * 1024
MAX_ERRORS = 10


class UploadForm(forms.Form):
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


class CoverageRow(TypedDict):
    """One force's line on the coverage page."""

    force: PoliceForce
    recorded: int
    notified: int | Suppressed
    coverage: Decimal | Suppressed | None
    flagged: bool


def _periods() -> list[Period]:
    return [
        Period(start, end)
        for start, end in PoliceRecordedHomicides.objects.values_list("period_start", "period_end")
        .distinct()
        .order_by("-period_end", "-period_start")
    ]


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    """Per force with a published figure for the chosen period: police notifications against recorded homicides."""
    if not policies.can_read_reports(request.user):
        raise PermissionDenied
    periods = _periods()
    chosen = next((p for p in periods if f"{p.start}_{p.end}" == request.GET.get("period")), None)
    chosen = chosen or (periods[0] if periods else None)
    rows: list[CoverageRow] = []
    below = policies.report_suppression_threshold(request.user)
    flag_below = settings.WAYPOINT_COVERAGE_FLAG_BELOW
    if chosen is not None:
        regions = policies.report_regions(request.user)
        recorded = PoliceRecordedHomicides.objects.filter(
            period_start=chosen.start, period_end=chosen.end, police_force__region__in=regions
        ).select_related("police_force", "police_force__region")
        # One homicide definition (murder, manslaughter, infanticide): notifications about the same homicide
        # count once; a notification not yet linked to a homicide counts as one.
        notified = {
            row["police_force_id"]: row["linked"] + row["unlinked"]
            for row in eligible_notifications()
            .filter(chosen.moments("received_at"), source=NotificationSource.POLICE, police_force__region__in=regions)
            .values("police_force_id")
            .annotate(linked=Count("homicide_id", distinct=True), unlinked=Count("id", filter=Q(homicide__isnull=True)))
            .order_by()
        }
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
    stored = request.session.pop("police_figures_stored", None)
    return render(
        request,
        "reporting/police_coverage.html",
        {
            "periods": periods,
            "chosen": chosen,
            "rows": rows,
            "flag_below": flag_below,
            "suppressed_below": below,
            "stored": stored,
            "may_upload": policies.can_record_police_figures(request.user),
        },
    )
