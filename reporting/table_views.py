"""The pages of tables B2 to B8: a period, one region (team) or all, or one case worker beside their team,
each figure with the previous period's beside it; on screen or as CSV."""

from __future__ import annotations

import csv

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from access import policies
from reporting import measures, tables
from reporting.suppression import suppress
from reporting.tables import ComparedTable
from reporting.views import PeriodForm, _form, suppressed_below, suppression_note, xlsx_response

EVERY_WORKER = "every"
# Tables B2 to B8 and the chapter 5 measures built the same way.
TABLES = {**tables.TABLES, **measures.MEASURES}


class TableForm(PeriodForm):
    """The period and region, and for supervisors one case worker (whose team then gives the region)."""

    def __init__(self, data, *, regions: list, workers: list | None = None, **kwargs):
        super().__init__(data, regions=regions, **kwargs)
        self.workers = {str(w.pk): w for w in workers or ()}
        # Analysts have no worker field: any `worker` in the query string is ignored, as `region` is for leaders.
        if self.workers:
            national = len(regions) > 1
            self.fields["worker"] = forms.ChoiceField(
                label=_("Case worker"),
                required=False,
                choices=[("", _("The whole team")), (EVERY_WORKER, _("Every case worker, side by side"))]
                + [
                    (pk, f"{w.full_name} ({w.region.name})" if national else w.full_name)
                    for pk, w in self.workers.items()
                ],
                error_messages={"invalid_choice": _("Choose a case worker from the list")},
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("worker") == EVERY_WORKER and len(self.chosen_regions()) != 1:
            self.add_error("worker", _("Choose a region to see each of its case workers"))
        return cleaned

    def columns(self) -> tuple[tables.Column, ...]:
        choice = self.cleaned_data.get("worker") or ""
        if choice == EVERY_WORKER:
            team = self.chosen_regions()[0]
            return tables.worker_columns([w for w in self.workers.values() if w.region_id == team.pk], team)
        worker = self.workers.get(choice)
        if worker is not None:
            return tables.worker_columns(worker, worker.region)
        return tables.region_columns(self.chosen_regions())


def _table_form(request: HttpRequest, per_worker: bool) -> TableForm:
    form = _form(request)  # refuses readers without reports, and fills in the default period
    workers = []
    if per_worker:
        workers = list(policies.report_workers(request.user).select_related("region").order_by("full_name", "id"))
    table_form = TableForm(form.data, regions=form.regions, workers=workers)
    table_form.is_valid()
    return table_form


def _query_string(form: TableForm) -> str:
    if form.errors:
        return ""
    period = form.cleaned_data["period"]
    query = f"start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}"
    for name in ("region", "worker"):
        if form.cleaned_data.get(name):
            query += f"&{name}={form.cleaned_data[name]}"
    return query


def _csv(table: ComparedTable) -> HttpResponse:
    now, before = table.period, table.previous_period
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="waypoint-{table.code.lower()}-{now.start:%Y-%m-%d}-to-{now.end:%Y-%m-%d}.csv"'
    )
    names = [c.name for c in table.columns] + ([str(_("Total"))] if table.show_total else [])
    header = [f"{table.code} {table.title}"]
    for name in names:
        header += [
            f"{name} {now.start:%Y-%m-%d} to {now.end:%Y-%m-%d}",
            f"{name} {before.start:%Y-%m-%d} to {before.end:%Y-%m-%d}",
        ]
    writer = csv.writer(response)
    writer.writerow(header)
    for row in table.rows:
        values = list(zip((*row.values, row.total), (*row.previous, row.previous_total), strict=True))
        if not table.show_total:
            values = values[:-1]
        writer.writerow([row.label] + [row.raw(v) for pair in values for v in pair])
    if note := suppression_note(table.suppressed_below):
        writer.writerow(note)
    return response


@login_required
def table_page(request: HttpRequest, code: str) -> HttpResponse:
    if code not in TABLES:
        raise Http404
    build, per_worker = TABLES[code]
    form = _table_form(request, per_worker)
    table = None
    if not form.errors:
        table = build(form.columns(), form.cleaned_data["period"])
        if not policies.can_see_offence_data(request.user):
            table = tables.hide_offence_data(table)
        table = suppress(table, suppressed_below(request), has_total=table.show_total)
        if request.GET.get("format") == "csv":
            return _csv(table)
        if request.GET.get("format") == "xlsx":
            return xlsx_response(table, [c.name for c in table.columns], show_total=table.show_total)
    return render(request, f"reporting/{code}.html", {"form": form, "table": table, "query": _query_string(form)})
