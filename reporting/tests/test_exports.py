"""XLSX exports (opened and read cell by cell) and the printable page."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from organisation.models import Region

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _url(name: str, **params) -> str:
    params = {"start": "2020-01-01", "end": timezone.localdate().isoformat(), **params}
    return reverse(f"reporting:{name}") + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def _sheet(response):
    assert response["Content-Type"] == XLSX
    return load_workbook(BytesIO(response.content)).active


def _today() -> str:
    return f"{timezone.localdate():%-d %B %Y}"


def _rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_b4_xlsx_is_labelled_and_holds_both_periods_as_numbers(cast, signed_in):
    response = signed_in(cast.national_manager).get(_url("b4", format="xlsx"))

    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="waypoint-b4-2020-01-01-to-{today:%Y-%m-%d}.xlsx"'
    rows = _rows(_sheet(response))
    regions = list(Region.objects.order_by("display_order", "name").values_list("name", flat=True))
    assert rows[0][0] == "B4 Needs assessments"
    assert rows[1][:2] == ["Period", f"1 January 2020 to {_today()}"]
    assert rows[2][0] == "Previous period"
    assert rows[3][:2] == ["Columns", ", ".join(regions)]
    assert rows[4][0] == "Produced" and rows[4][1].startswith(f"{_today()} at ")
    assert rows[5] == [None] * len(rows[5])
    assert rows[6][:4] == ["Figure", "London (period)", "London (previous period)", f"{regions[1]} (period)"]
    assert rows[6][-2:] == ["Total (period)", "Total (previous period)"]
    assessments = next(r for r in rows if r[0] == "Number of needs assessments carried out")
    # cast.assessment (London) and cast.other_assessment (South East); nothing in the previous period.
    assert assessments[1:] == [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0]
    per_worker = next(r for r in rows if r[0] == "Average number of needs assessments per case worker")
    assert per_worker[1:3] == [0.5, 0.0]  # London: 1 assessment, then none, for its 2 case workers
    assert not any(r[0] == "Small numbers" for r in rows)


def test_analyst_xlsx_has_small_numbers_suppressed_and_says_so(cast, signed_in):
    rows = _rows(_sheet(signed_in(cast.analyst).get(_url("b1", format="xlsx", region="london"))))

    assert rows[0][0] == "B1 Notifications and referrals"
    assert rows[2][:2] == ["Columns", "London"]  # B1 has no previous period
    assert rows[4][:2] == [
        "Small numbers",
        "Figures from 1 to 4 are shown as <5 so that no family can be identified.",
    ]
    assert rows[6] == ["Figure", "London"]
    police = next(r for r in rows if r[0] == "Total number of notifications from the police")
    assert police == ["Total number of notifications from the police", "<5"]


def test_staff_xlsx_to_share_outside_is_suppressed(cast, signed_in):
    rows = _rows(_sheet(signed_in(cast.team_leader).get(_url("b9", format="xlsx", audience="outside"))))

    visits = next(r for r in rows if r[0] == "Total number of staff visits")
    assert visits == ["Total number of staff visits", "<5"]


@pytest.mark.parametrize("name", ["b1", "b7"])
def test_report_pages_say_when_they_were_produced_and_print_without_their_controls(name, cast, signed_in):
    html = signed_in(cast.national_manager).get(_url(name)).content.decode()

    assert f"Produced on {_today()} at " in html
    assert "format=xlsx" in html
    assert html.count("waypoint-no-print") == 2  # the form and the download links
    assert "style=" not in html


def test_the_print_stylesheet_hides_the_controls():
    from pathlib import Path

    scss = (Path(__file__).resolve().parents[2] / "static/scss/waypoint.scss").read_text()
    print_rules = scss[scss.index("@media print") :]
    for selector in (".waypoint-header", ".govuk-footer", ".govuk-back-link", ".waypoint-no-print"):
        assert selector in print_rules
