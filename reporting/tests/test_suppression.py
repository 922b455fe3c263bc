"""Small numbers: who gets them suppressed, and how a table is suppressed (hand-built figures)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from access import policies
from accounts.models import Role, User
from reporting.queries import Period, Row, Table
from reporting.suppression import Suppressed, suppress
from reporting.tables import AVERAGE, RANGE, Column, ComparedTable, Line

S = Suppressed(5)
PERIOD = Period(date(2026, 1, 1), date(2026, 3, 31))


def b9_like() -> Table:
    # Three regions and the total. Visits: 3, 10, 12 (total 25); people: 2, 0, 8 (total 10); case workers 1, 2, 3.
    visits = Row("visits", "Visits", (3, 10, 12), 25)
    people = Row("people_supported", "People", (2, 0, 8), 10)
    case_workers = Row("case_workers", "Case workers", (1, 2, 3), 6)
    per_person = Row(
        "per_person",
        "Visits per person",
        (Decimal("1.5"), None, Decimal("1.5")),
        Decimal("2.5"),
        is_average=True,
        parts=("visits", "people_supported"),
    )
    per_worker = Row(
        "per_worker",
        "Visits per case worker",
        (Decimal("3.0"), Decimal("5.0"), Decimal("4.0")),
        Decimal("4.2"),
        is_average=True,
        parts=("visits", "case_workers"),
    )
    return Table(
        "B9",
        "Workload",
        regions=(),
        period=PERIOD,
        groups=((visits, per_person, per_worker),),
        extra_rows=(people, case_workers),
    )


def test_small_counts_are_suppressed_and_the_next_smallest_too_when_a_total_would_give_them_away():
    table = suppress(b9_like(), 5, has_total=True)

    # 3 is small; 10 is the next smallest, hidden so that 25 - 10 - 12 cannot be worked out.
    assert table.row("visits").values == (S, S, 12) and table.row("visits").total == 25
    # 2 is small; the others are 0 (shown, it identifies nobody) and 8, hidden in its place.
    assert table.row("people_supported").values == (S, 0, S) and table.row("people_supported").total == 10
    # Case workers are staff: never suppressed.
    assert table.row("case_workers").values == (1, 2, 3)
    assert table.suppressed_below == 5


def test_an_average_is_suppressed_where_what_it_divides_or_divides_by_is():
    table = suppress(b9_like(), 5, has_total=True)

    assert table.row("per_person").values == (S, None, S) and table.row("per_person").total == Decimal("2.5")
    assert table.row("per_worker").values == (S, S, Decimal("4.0"))
    assert table.row("per_person").cells == ["<5", "–", "<5", "2.5"]


def test_without_a_total_column_only_the_small_figures_are_suppressed():
    table = suppress(b9_like(), 5, has_total=False)

    assert table.row("visits").values == (S, 10, 12)


def test_the_threshold_is_the_one_given_and_nothing_changes_without_one():
    assert suppress(b9_like(), None, has_total=True) == b9_like()
    table = suppress(b9_like(), 3, has_total=True)
    assert table.row("visits").values == (3, 10, 12)
    assert table.row("people_supported").values == (Suppressed(3), 0, Suppressed(3))
    assert table.row("people_supported").cells == ["<3", "0", "<3", "10"]


def test_compared_tables_suppress_each_period_and_each_end_of_a_range():
    columns = (Column("london", "London", region_id=1), Column("south-east", "South East", region_id=2))
    closed = Line("closed", "Closed", (4, 30), (9, 0), 34, 9)
    workers = Line("case_workers", "Case workers", (2, 3), (2, 3), 5, 5)
    per_worker = Line(
        "per_case_worker",
        "Closed per case worker",
        (Decimal("2.0"), Decimal("10.0")),
        (Decimal("4.5"), Decimal("0.0")),
        Decimal("6.8"),
        Decimal("1.8"),
        kind=AVERAGE,
        parts=("closed", "case_workers"),
    )
    spread = Line("range", "Range", ((1, 3), (6, 14)), ((4, 5), None), (1, 14), (0, 5), kind=RANGE)
    table = ComparedTable(
        "B7",
        "Exiting",
        columns,
        PERIOD,
        Period(date(2025, 10, 3), date(2025, 12, 31)),
        ((closed, per_worker, spread),),
        show_total=True,
        extra_rows=(workers,),
    )

    suppressed = suppress(table, 5, has_total=True)

    closed = suppressed.row("closed")
    assert (closed.values, closed.total) == ((S, S), 34)  # 4 hidden, and 30 so that 34 - 30 does not give it
    assert (closed.previous, closed.previous_total) == ((9, 0), 9)
    assert suppressed.row("per_case_worker").values == (S, S)
    assert suppressed.row("per_case_worker").previous == (Decimal("4.5"), Decimal("0.0"))
    spread = suppressed.row("range")
    assert spread.values == ((S, S), (6, 14)) and spread.total == (S, 14)
    assert spread.previous == ((S, 5), None) and spread.previous_total == (0, 5)
    assert spread.cells[0] == ("<5 to <5", "<5 to 5")


@pytest.mark.parametrize("role", list(Role))
def test_only_analysts_read_suppressed_figures_inside_the_service(role):
    user = User(role=role, is_active=True)
    assert policies.report_suppression_threshold(user) == (5 if role == Role.ANALYST else None)
    assert policies.report_suppression_threshold(user, outside=True) == 5


@override_settings(WAYPOINT_SUPPRESS_BELOW=3)
def test_the_threshold_is_a_setting():
    assert policies.report_suppression_threshold(User(role=Role.ANALYST, is_active=True)) == 3


def _url(name: str, **params) -> str:
    params = {"start": "2020-01-01", "end": timezone.localdate().isoformat(), **params}
    return reverse(f"reporting:{name}") + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def test_analyst_pages_and_csv_show_small_numbers_suppressed_with_the_explanation(cast, signed_in):
    client = signed_in(cast.analyst)

    page = client.get(_url("b1"))
    html = page.content.decode()
    assert page.context["table"].row("police").values == (S, S, 0, 0, 0)
    assert "figures from 1 to 4 are shown as “&lt;5”" in html
    assert "to share outside the service" not in html  # their figures are already suppressed

    lines = client.get(_url("b1", format="csv")).content.decode().splitlines()
    assert lines[1] == "Total number of notifications from the police,<5,<5,0,0,0,<5"
    assert lines[-1].startswith("Figures from 1 to 4 are shown as <5")


def test_staff_see_the_real_figures_and_may_export_them_suppressed_to_share_outside(cast, signed_in):
    client = signed_in(cast.national_manager)

    page = client.get(_url("b4"))
    html = page.content.decode()
    assert page.context["table"].row("assessments").values == (1, 1, 0, 0, 0)
    assert "suppression-note" not in html
    assert "audience=outside&amp;format=csv" in html

    lines = client.get(_url("b4", audience="outside", format="csv")).content.decode().splitlines()
    assert lines[1].startswith("Number of needs assessments carried out,<5,0,<5,0,0,0,0,0,0,0,<5,0")
