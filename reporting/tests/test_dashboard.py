"""The dashboard (each role's own scope, charts with their tables, CSV, a fixed number of queries) and the board
pack (every table for a period and region, labelled for printing)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from reporting import dashboard
from reporting.dashboard_views import MonthForm
from reporting.queries import Period
from reporting.tests.test_tables import at
from tests import factories as f

DASHBOARD = reverse("reporting:dashboard")
BOARD_PACK = reverse("reporting:board-pack")
FEBRUARY = {"month": "2026-02"}  # compared with January
# Session, user, device, the header's region, the regions; each table's and measure's own fixed few queries (B1 to
# B10, M1, M2, M3, M7) and the regions' case workers once.
# Every table and measure in its own fixed few queries (M4 four, M5, M6 and the DHR report among them).
BOARD_PACK_QUERIES = 43


@pytest.fixture
def contacts(cast):
    """In February: two visits and a call by Casey (London, leading cast.homicide), a volunteer's visit, a visit
    for a homicide Olly leads and one in the South East; in January: a call by Casey."""

    def contact(person, day, kind="visit", **kw):
        f.ContactFactory(person=person, occurred_at=at(day), kind=kind, **kw)

    contact(cast.person, date(2026, 2, 1), made_by=cast.case_worker)
    contact(cast.person, date(2026, 2, 28), made_by=cast.case_worker)
    contact(cast.person, date(2026, 2, 10), "call_to_person", made_by=cast.case_worker)
    contact(cast.person, date(2026, 2, 11), made_by=cast.volunteer, by_volunteer=True)
    contact(cast.person, date(2026, 1, 31), "call_to_person", made_by=cast.case_worker)
    olly = f.PersonFactory(homicide=f.HomicideFactory(region=cast.london, lead_case_worker=cast.other_case_worker))
    contact(olly, date(2026, 2, 3), made_by=cast.other_case_worker)
    contact(cast.other_person, date(2026, 2, 3), made_by=cast.south_east_case_worker)
    return cast


def section(response, code):
    return next(s for s in response.context["sections"] if s.entry.code == code)


def test_every_entry_of_the_registry_names_a_builder_and_its_rows(cast):
    builders = dashboard.builders()
    columns = dashboard.columns_for(cast.national_manager)
    period = dashboard.months(date(2026, 2, 28))

    for entry in dashboard.DASHBOARD:
        table = builders[entry.code](columns, period)
        assert [table.row(key).key for key in entry.rows] == list(entry.rows)


def test_a_month_is_compared_with_the_month_before():
    assert dashboard.months(date(2026, 3, 5)) == Period(date(2026, 3, 1), date(2026, 3, 5))
    assert dashboard.months(date(2026, 3, 5)).compared_with == Period(date(2026, 2, 1), date(2026, 2, 28))
    form = MonthForm({"month": "2026-01"}, today=date(2026, 3, 5))
    assert form.is_valid()
    assert form.cleaned_data["month"] == Period(date(2026, 1, 1), date(2026, 1, 31))
    assert form.cleaned_data["month"].compared_with == Period(date(2025, 12, 1), date(2025, 12, 31))


@pytest.mark.parametrize(
    ("month", "error"),
    [
        ("2026-13", "Enter the month as a year and month, for example 2026-03"),
        ("March", "Enter the month as a year and month, for example 2026-03"),
        ("2099-01", "The month must be this month or in the past"),
    ],
)
def test_a_wrong_month_is_refused_with_a_message(cast, signed_in, month, error):
    response = signed_in(cast.case_worker).get(DASHBOARD, {"month": month})

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and error in html
    assert f'value="{month}"' in html  # what was typed is kept
    assert response.context["sections"] == []


def test_a_case_worker_sees_only_their_own_figures(contacts, signed_in):
    response = signed_in(contacts.case_worker).get(DASHBOARD, FEBRUARY)

    assert response.status_code == 200
    found = section(response, "contacts")
    assert [c.name for c in found.table.columns] == ["Casey Worker"]
    assert found.table.show_total is False
    assert found.table.row("visits").values == (2,) and found.table.row("visits").previous == (0,)
    assert found.table.row("calls").values == (1,) and found.table.row("calls").previous == (1,)
    assert found.table.row("volunteer_visits").values == (1,)
    html = response.content.decode()
    assert "Your own figures" in html
    assert 'aria-hidden="true"' in html and "<svg" in html and "<table" in html
    assert "Olly Worker" not in html and "South East" not in html
    assert "Print every table for a board pack" not in html  # case workers do not read the reports


def test_a_team_leader_sees_the_team_and_each_case_worker(contacts, signed_in):
    response = signed_in(contacts.team_leader).get(DASHBOARD, FEBRUARY)

    found = section(response, "contacts")
    names = [c.name for c in found.table.columns]
    assert names == ["Casey Worker", "Olly Worker", "Tara Leader", "London"]
    assert found.table.row("visits").values == (2, 1, 0, 3)
    assert "Your team and each of its case workers" in response.content.decode()


def test_a_team_too_large_for_a_column_each_has_its_own_column_alone(contacts, signed_in):
    from accounts.models import Role

    # Casey, Olly and Tara hold cases in London: nine more make 12, as many as the dashboard gives a column each.
    f.UserFactory.create_batch(dashboard.MAX_WORKER_COLUMNS - 3, role=Role.CASE_WORKER, region=contacts.london)
    client = signed_in(contacts.team_leader)
    assert len(section(client.get(DASHBOARD, FEBRUARY), "contacts").table.columns) == 12 + 1  # and the team's
    f.UserFactory(role=Role.CASE_WORKER, region=contacts.london)

    response = client.get(DASHBOARD, FEBRUARY)

    found = section(response, "contacts")
    assert [c.name for c in found.table.columns] == ["London"]
    assert found.table.row("visits").values == (3,)
    html = response.content.decode()
    assert "Your team has more than 12 case workers, too many for a column each here." in html
    assert "Your team and each of its case workers" not in html


def test_the_national_manager_sees_every_region_and_the_total(contacts, signed_in):
    response = signed_in(contacts.national_manager).get(DASHBOARD, FEBRUARY)

    found = section(response, "contacts")
    assert found.table.show_total is True
    assert found.table.row("visits").values[0] == 3  # London
    assert found.table.row("visits").total == 4
    # A chart per row: this month's bar and last month's for each region and the total, the largest the widest.
    chart = found.charts[0]
    assert len(chart.groups) == len(found.table.columns) + 1
    london = chart.groups[0].bars
    assert (london[0].width, london[0].text, london[1].width) == (dashboard.BAR_AREA, "3", 0)


def test_analysts_see_every_region_with_small_numbers_suppressed(contacts, signed_in):
    response = signed_in(contacts.analyst).get(DASHBOARD, FEBRUARY)

    found = section(response, "contacts")
    assert all(c.worker_id is None for c in found.table.columns)
    assert str(found.table.row("visits").values[0]) == "<5"
    bars = found.charts[0].groups[0].bars
    assert (bars[0].width, bars[0].text) == (0, "<5")
    assert "Small numbers are suppressed" in response.content.decode()


def test_the_dashboard_downloads_as_csv(contacts, signed_in):
    response = signed_in(contacts.case_worker).get(DASHBOARD, {**FEBRUARY, "format": "csv"})

    assert response["Content-Disposition"] == 'attachment; filename="waypoint-dashboard-2026-02.csv"'
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    header = lines[
        lines.index(["Contacts", "Casey Worker 2026-02-01 to 2026-02-28", "Casey Worker 2026-01-01 to 2026-01-31"])
    ]
    assert header
    assert ["Staff visits", "2", "0"] in lines
    assert ["Staff calls to service users", "1", "1"] in lines


def test_the_dashboard_takes_a_fixed_number_of_queries(contacts, signed_in, django_assert_num_queries):
    client = signed_in(contacts.national_manager)
    client.get(DASHBOARD, FEBRUARY)
    # Session, user, device, the header's region; the regions and their case workers; B8 (2), contacts (1), B4 (2),
    # B5 and B6 (3 each), B7 (1), M1 (2), M2 (1), M3 (1), B10 (2).
    with django_assert_num_queries(23):
        client.get(DASHBOARD, FEBRUARY)
    for _ in range(3):
        person = f.PersonFactory(homicide=f.HomicideFactory(region=contacts.south_east))
        f.ContactFactory(person=person, occurred_at=at(date(2026, 2, 5)), made_by=contacts.south_east_case_worker)
        f.AssessmentFactory(person=person, assessed_on=date(2026, 2, 5), assessed_by=contacts.south_east_case_worker)
    with django_assert_num_queries(23):
        client.get(DASHBOARD, FEBRUARY)


# ---- The board pack --------------------------------------------------------------------------------------


def test_the_board_pack_has_every_table_labelled_with_period_region_and_time(cast, signed_in):
    response = signed_in(cast.national_manager).get(
        BOARD_PACK, {"start": "2026-01-01", "end": "2026-03-31", "region": "london"}
    )

    assert response.status_code == 200
    codes = [each.code for each in response.context["packed"]]
    assert codes == [
        *("b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10"),
        *("m1", "m2", "m3", "m4", "m5", "m6", "m7", "dhr"),
    ]
    html = response.content.decode()
    assert "1 January 2026 to 31 March 2026" in html
    assert '<dd class="govuk-summary-list__value">London</dd>' in html
    assert "Produced on" in html
    assert 'href="/static/css/board-pack.css" media="print"' in html
    for code in ("B1", "B9", "B10", "M4", "M5", "M6", "M7"):
        assert f"Table {code} " in html


def test_analysts_get_the_board_pack_suppressed_and_case_workers_none(cast, signed_in):
    response = signed_in(cast.analyst).get(BOARD_PACK)
    assert all(each.table.suppressed_below == 5 for each in response.context["packed"])
    # Reviews are offence data: not in an analyst's pack.
    assert [each.code for each in response.context["packed"]][-2:] == ["m6", "m7"]
    assert "domestic" not in response.content.decode().lower()

    assert signed_in(cast.case_worker).get(BOARD_PACK).status_code == 403


def test_the_board_pack_takes_a_fixed_number_of_queries(contacts, signed_in, django_assert_num_queries):
    client = signed_in(contacts.national_manager)
    query = {"start": "2026-01-01", "end": "2026-03-31"}
    client.get(BOARD_PACK, query)
    with django_assert_num_queries(BOARD_PACK_QUERIES):
        client.get(BOARD_PACK, query)
    for _ in range(3):
        person = f.PersonFactory(
            homicide=f.HomicideFactory(region=contacts.south_east), referred_at=at(date(2026, 2, 1))
        )
        f.ContactFactory(person=person, occurred_at=at(date(2026, 2, 5)), made_by=contacts.south_east_case_worker)
    with django_assert_num_queries(BOARD_PACK_QUERIES):
        client.get(BOARD_PACK, query)


def test_a_case_workers_own_figures_read_only_their_records(contacts):
    """A case worker's dashboard (every column one worker's) narrows its queries to the homicides they lead, rather
    than grouping their whole region and keeping one group: each query finds the worker's records alone."""
    from casework.models import Contact
    from reporting import length_of_contact, measures, tables

    worker = contacts.case_worker
    f.NotificationFactory(homicide=contacts.homicide, region=contacts.london, received_at=at(date(2026, 2, 2)))
    ollys = f.HomicideFactory(region=contacts.london, lead_case_worker=contacts.other_case_worker)
    f.NotificationFactory(homicide=ollys, region=contacts.london, received_at=at(date(2026, 2, 2)))
    month = dashboard.months(date(2026, 2, 28))
    periods, region_ids, _builder = tables._setup(dashboard.columns_for(worker), month)
    assert periods.worker_ids == {worker.pk}
    assert tables._setup(dashboard.columns_for(contacts.team_leader), month)[0].worker_ids is None

    def workers(rows):
        return {r["by_worker"] for r in rows}

    grouped = tables._grouped(
        Contact.objects.all(), "person__homicide__region_id", "person__homicide__lead_case_worker_id", periods,
        contacts=lambda p: Count("id", filter=p.moments("occurred_at")),
    )  # fmt: skip
    assert workers(grouped.rows) == {worker.pk}
    assert workers(measures._first_day_of_homicides(region_ids, periods).rows) == {worker.pk}
    # Episodes open this month: Casey's person's and Olly's.
    today = timezone.localdate()
    this_month = tables._setup(dashboard.columns_for(worker), dashboard.months(today))[0]
    estimated = length_of_contact.estimates(this_month, region_ids, today, ("worker",))
    assert {key for (_p, _kind, key) in estimated} == {worker.pk}
