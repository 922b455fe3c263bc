"""A report table as an XLSX workbook, labelled with its period, columns (regions or case workers) and when it was
produced; figures are numbers, "<5" when suppressed, and empty where there is nothing to divide by."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from reporting.queries import Period


def _cell(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, tuple):
        return _("%(low)s to %(high)s") % {"low": value[0], "high": value[1]}
    if isinstance(value, (int, float)):
        return value
    return str(value)


def _period(period: Period) -> str:
    return f"{period.start:%-d %B %Y} to {period.end:%-d %B %Y}"


def workbook(table, *, column_names: list[str], show_total: bool, produced_at: datetime | None = None) -> bytes:
    """Table B1 to B9 (with the previous period when it has one) as the bytes of an XLSX file."""
    produced_at = timezone.localtime(produced_at or timezone.now())
    compared = hasattr(table, "previous_period")
    book = Workbook()
    sheet = book.active
    sheet.title = table.code
    sheet.append([f"{table.code} {table.title}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Period"), _period(table.period)])
    if compared:
        sheet.append([_("Previous period"), _period(table.previous_period)])
    sheet.append([_("Columns"), ", ".join(column_names)])
    sheet.append([_("Produced"), f"{produced_at:%-d %B %Y at %H:%M} (UK time)"])
    if table.suppressed_below:
        sheet.append(
            [
                _("Small numbers"),
                _("Figures from 1 to %(last)s are shown as <%(below)s so that no family can be identified.")
                % {"last": table.suppressed_below - 1, "below": table.suppressed_below},
            ]
        )
    sheet.append([])
    names = column_names + ([_("Total")] if show_total else [])
    if compared:
        header = [_("Figure")]
        for name in names:
            header += [f"{name} ({_('period')})", f"{name} ({_('previous period')})"]
    else:
        header = [_("Figure"), *names]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = sheet.cell(row=sheet.max_row + 1, column=2)
    for row in table.rows:
        now = [*row.values, row.total] if show_total else list(row.values)
        if compared:
            before = [*row.previous, row.previous_total] if show_total else list(row.previous)
            figures = [v for pair in zip(now, before, strict=True) for v in pair]
        else:
            figures = now
        sheet.append([row.label, *(_cell(v) for v in figures)])
    sheet.column_dimensions["A"].width = 60
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def rows_workbook(
    *,
    code: str,
    title: str,
    period: Period,
    header: list[str],
    rows: list[list],
    suppressed_below: int | None = None,
    produced_at: datetime | None = None,
) -> bytes:
    """A list of rows under a header (the police coverage, one force a row), labelled as the tables are."""
    produced_at = timezone.localtime(produced_at or timezone.now())
    book = Workbook()
    sheet = book.active
    sheet.title = code[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Period"), _period(period)])
    sheet.append([_("Produced"), f"{produced_at:%-d %B %Y at %H:%M} (UK time)"])
    if suppressed_below:
        sheet.append(
            [
                _("Small numbers"),
                _("Figures from 1 to %(last)s are shown as <%(below)s so that no family can be identified.")
                % {"last": suppressed_below - 1, "below": suppressed_below},
            ]
        )
    sheet.append([])
    sheet.append(header)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    sheet.freeze_panes = f"B{header_row + 1}"
    sheet.column_dimensions["A"].width = 40
    out = BytesIO()
    book.save(out)
    return out.getvalue()
