"""M4, volunteer deployment: every figure of a hand-built data set, worked out below, for the period and the
previous one, per region, in total and for one volunteer; the query count; the page, its exports and the API."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from api.tests.conftest import Caller
from casework.models import ContactKind
from intake.models import OffenceType
from reporting import tables
from reporting.queries import Period
from reporting.volunteer_deployment import m4_volunteer_deployment, volunteer_columns
from tests import factories as f

PERIOD = Period(date(2026, 1, 1), date(2026, 3, 31))  # the previous period: 3 October to 31 December 2025


def at(day: date, hour: int = 12, minute: int = 0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def data(db):
    """London: volunteers V1 and V2; the South East: V3.

    People: A and B (London homicide H1, referred 1 Nov 2025), C (London H2, referred 1 Feb 2026), D (a corporate
    manslaughter in London: never counted), E (South East, referred 10 Oct 2025, closed 20 Dec 2025).
    Tasks: T1 V1->A given 1 Dec 2025, open; T2 V2->A 10 Jan to 10 Feb 2026; T3 V1->C 2 Feb 2026, open;
    T4 V1->D (ineligible); T5 V3->E 15 Oct to 20 Dec 2025; T6 V2->B given 1 Apr 2026 (after the period).
    Volunteers' visits and calls (minutes): V1->A visit 15 Jan (60), call to A 20 Jan (15), V2->A visit 5 Feb (90),
    V1->C call on C's behalf 31 Mar 23:30 (20); previous period: V1->A visit 10 Dec (45), V3->E visit 1 Nov (30).
    Not counted: V1->D visit (ineligible), a staff visit to A, V1->C visit 1 Apr 00:00 (after the period).
    """
    london, south_east = f.region("london"), f.region("south-east-east")
    d = type("Data", (), {})()
    d.london, d.south_east = london, south_east
    worker = f.UserFactory(role=Role.CASE_WORKER, region=london)
    se_worker = f.UserFactory(role=Role.CASE_WORKER, region=south_east)
    d.v1 = f.UserFactory(role=Role.VOLUNTEER, region=london, full_name="Vera One")
    d.v2 = f.UserFactory(role=Role.VOLUNTEER, region=london, full_name="Vince Two")
    d.v3 = f.UserFactory(role=Role.VOLUNTEER, region=south_east, full_name="Val Three")
    h1 = f.HomicideFactory(region=london, lead_case_worker=worker, date_of_death=date(2025, 10, 1))
    h2 = f.HomicideFactory(region=london, lead_case_worker=worker, date_of_death=date(2026, 1, 20))
    h3 = f.HomicideFactory(
        region=london,
        lead_case_worker=worker,
        offence_type=OffenceType.CORPORATE_MANSLAUGHTER,
        date_of_death=date(2026, 1, 1),
    )
    hs = f.HomicideFactory(region=south_east, lead_case_worker=se_worker, date_of_death=date(2025, 10, 1))
    a = f.PersonFactory(homicide=h1, referred_at=at(date(2025, 11, 1)))
    b = f.PersonFactory(homicide=h1, referred_at=at(date(2025, 11, 1)))
    c = f.PersonFactory(homicide=h2, referred_at=at(date(2026, 2, 1)))
    dd = f.PersonFactory(homicide=h3, referred_at=at(date(2026, 1, 5)))
    e = f.PersonFactory(homicide=hs, referred_at=at(date(2025, 10, 10)), closed_on=date(2025, 12, 20))

    def task(volunteer, person, given, ended=None):
        return f.VolunteerAssignmentFactory(
            volunteer=volunteer, person=person, assigned_on=given, ended_on=ended, assigned_by=worker
        )

    task(d.v1, a, date(2025, 12, 1))
    task(d.v2, a, date(2026, 1, 10), date(2026, 2, 10))
    task(d.v1, c, date(2026, 2, 2))
    task(d.v1, dd, date(2026, 1, 6))
    task(d.v3, e, date(2025, 10, 15), date(2025, 12, 20))
    task(d.v2, b, date(2026, 4, 1))

    def contact(volunteer, person, moment, minutes, kind=ContactKind.VISIT, by_volunteer=True):
        f.ContactFactory(
            person=person,
            made_by=volunteer,
            kind=kind,
            occurred_at=moment,
            duration_minutes=minutes,
            by_volunteer=by_volunteer,
        )

    contact(d.v1, a, at(date(2026, 1, 15), 10), 60)
    contact(d.v1, a, at(date(2026, 1, 20)), 15, ContactKind.CALL_TO_PERSON)
    contact(d.v2, a, at(date(2026, 2, 5)), 90)
    contact(d.v1, c, at(date(2026, 3, 31), 23, 30), 20, ContactKind.CALL_ON_BEHALF)
    contact(d.v1, a, at(date(2025, 12, 10)), 45)
    contact(d.v3, e, at(date(2025, 11, 1)), 30)
    contact(d.v1, dd, at(date(2026, 1, 10)), 50)  # ineligible homicide
    contact(worker, a, at(date(2026, 1, 15)), 60, by_volunteer=False)  # staff
    contact(d.v1, c, at(date(2026, 4, 1), 0, 0), 40)  # after the period
    return d


def figures(table, key):
    row = table.row(key)
    return row.values, row.previous, row.total, row.previous_total


def test_every_figure_per_region_and_in_total(data):
    table = m4_volunteer_deployment(tables.region_columns([data.london, data.south_east]), PERIOD)

    # (London, South East) now, (London, South East) before, total now, total before.
    assert figures(table, "volunteers") == ((2, 0), (1, 1), 2, 2)  # V1 and V2; before: V1, V3
    assert figures(table, "tasks") == ((2, 0), (1, 1), 2, 2)  # T2, T3; before: T1, T5
    assert figures(table, "people") == ((2, 0), (1, 1), 2, 2)  # A (two volunteers, once) and C; before: A, E
    assert figures(table, "homicides") == ((2, 0), (1, 1), 2, 2)
    assert figures(table, "visits") == ((2, 0), (1, 1), 2, 2)
    assert figures(table, "calls_to_person") == ((1, 0), (0, 0), 1, 0)
    assert figures(table, "calls_on_behalf") == ((1, 0), (0, 0), 1, 0)
    assert figures(table, "contacts") == ((4, 0), (1, 1), 4, 2)
    # 185 minutes is 3.08 hours; before, 45 and 30 minutes: 0.75 (half up: 0.8), 0.5 and 1.25 (1.3).
    assert figures(table, "hours") == ((D("3.1"), 0), (D("0.8"), D("0.5")), D("3.1"), D("1.3"))
    assert figures(table, "visits_per_volunteer") == ((D("1.0"), None), (D("1.0"), D("1.0")), D("1.0"), D("1.0"))
    # From the minutes: 185 / 120 = 1.54; before 45 / 60, 30 / 60 and 75 / 120 = 0.625.
    assert figures(table, "hours_per_volunteer") == (
        (D("1.5"), None),
        (D("0.8"), D("0.5")),
        D("1.5"),
        D("0.6"),
    )
    assert figures(table, "contacts_per_person") == ((D("2.0"), None), (D("1.0"), D("1.0")), D("2.0"), D("1.0"))
    # People supported: A, B and C (D's homicide is not counted, E closed before); before: A, B; and E.
    assert figures(table, "people_supported") == ((3, 0), (2, 1), 3, 3)
    assert figures(table, "people_share") == (
        (D("66.7"), None),
        (D("50.0"), D("100.0")),
        D("66.7"),
        D("66.7"),
    )


def test_a_task_held_on_the_first_or_the_last_day_of_the_period_counts(data):
    person = f.PersonFactory(homicide=f.HomicideFactory(region=data.south_east), referred_at=at(date(2025, 10, 10)))
    for given, ended in (
        (date(2025, 12, 1), date(2026, 1, 1)),  # ended on the first day: held in the period
        (date(2026, 3, 31), None),  # given on the last day
        (date(2025, 12, 1), date(2025, 12, 31)),  # ended the day before: not in the period
    ):
        volunteer = f.UserFactory(role=Role.VOLUNTEER, region=data.south_east)
        f.VolunteerAssignmentFactory(volunteer=volunteer, person=person, assigned_on=given, ended_on=ended)

    table = m4_volunteer_deployment(tables.region_columns([data.london, data.south_east]), PERIOD)

    assert figures(table, "volunteers")[0] == (2, 2)
    assert figures(table, "people")[0] == (2, 1)


def test_one_volunteer_beside_their_team(data):
    table = m4_volunteer_deployment(volunteer_columns(data.v1, data.london), PERIOD)

    assert [c.name for c in table.columns] == ["Vera One", "London"]
    assert not table.show_total
    assert figures(table, "volunteers")[:2] == ((1, 2), (1, 1))
    assert figures(table, "tasks")[:2] == ((1, 2), (1, 1))  # T3; before: T1
    assert figures(table, "people")[:2] == ((2, 2), (1, 1))  # A and C
    assert figures(table, "homicides")[:2] == ((2, 2), (1, 1))
    assert figures(table, "visits")[:2] == ((1, 2), (1, 1))
    assert figures(table, "contacts")[:2] == ((3, 4), (1, 1))
    assert figures(table, "hours")[:2] == ((D("1.6"), D("3.1")), (D("0.8"), D("0.8")))  # 95 minutes
    assert figures(table, "people_supported")[:2] == ((None, 3), (None, 2))


def test_every_volunteer_of_a_team_side_by_side(data):
    table = m4_volunteer_deployment(volunteer_columns([data.v1, data.v2], data.london), PERIOD)

    # V1 helps A and C, V2 helps A: three between them, two different people in London.
    assert figures(table, "people")[0] == (2, 1, 2)
    assert figures(table, "contacts")[0] == (3, 1, 4)


def test_it_takes_four_queries_whatever_the_data(data, django_assert_num_queries):
    columns = tables.region_columns([data.london, data.south_east])
    with django_assert_num_queries(4):
        m4_volunteer_deployment(columns, PERIOD)
    for _ in range(3):
        person = f.PersonFactory(homicide=f.HomicideFactory(region=data.south_east), referred_at=at(date(2026, 1, 2)))
        f.VolunteerAssignmentFactory(volunteer=data.v3, person=person, assigned_on=date(2026, 1, 3))
        f.ContactFactory(person=person, made_by=data.v3, by_volunteer=True, occurred_at=at(date(2026, 1, 4)))
    with django_assert_num_queries(4):
        table = m4_volunteer_deployment(columns, PERIOD)
    assert figures(table, "contacts")[0] == (4, 3)


# ---- The page, its exports and the API ------------------------------------------------------------------------


QUERY = {"start": "2026-01-01", "end": "2026-03-31"}


@pytest.fixture
def api_as(signed_in):
    return lambda user: Caller(signed_in(user))


@pytest.fixture
def leader(data):
    return f.UserFactory(role=Role.TEAM_LEADER, region=data.london)


def test_the_page_shows_the_team_and_offers_its_volunteers_to_the_team_leader(data, leader, signed_in):
    client = signed_in(leader)
    response = client.get(reverse("reporting:m4"), QUERY)

    html = response.content.decode()
    assert response.status_code == 200
    assert [c.key for c in response.context["table"].columns] == ["london"]
    assert "How these figures are counted" in html and "Period, region and volunteer" in html
    choices = dict(response.context["form"].fields["worker"].choices)
    assert {str(data.v1.pk), str(data.v2.pk)} <= set(choices) and str(data.v3.pk) not in choices
    one = client.get(reverse("reporting:m4"), {**QUERY, "worker": data.v1.pk})
    assert [c.name for c in one.context["table"].columns] == ["Vera One", "London"]
    other_region = client.get(reverse("reporting:m4"), {**QUERY, "worker": data.v3.pk})
    assert other_region.context["table"] is None
    assert "Choose a volunteer from the list" in other_region.content.decode()
    index = client.get(reverse("reporting:index")).content.decode()
    assert f'href="{reverse("reporting:m4")}?start=' in index


def test_csv_and_spreadsheet_exports(data, leader, signed_in):
    client = signed_in(leader)
    csv = client.get(reverse("reporting:m4"), {**QUERY, "format": "csv"}).content.decode()
    assert "Visits by volunteers,2,1" in csv
    xlsx = client.get(reverse("reporting:m4"), {**QUERY, "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    outside = client.get(reverse("reporting:m4"), {**QUERY, "format": "csv", "audience": "outside"}).content.decode()
    assert "Visits by volunteers,<5,<5" in outside


def test_analysts_get_small_numbers_suppressed_and_no_volunteers(data, signed_in, api_as):
    analyst = f.UserFactory(role=Role.ANALYST, region=None)
    page = signed_in(analyst).get(reverse("reporting:m4"), {**QUERY, "region": "london"})
    assert page.context["table"].row("visits").values[0].below == 5
    assert "worker" not in page.context["form"].fields
    api = api_as(analyst).get(reverse("api:report-m4"), {**QUERY, "worker": data.v1.pk})
    assert api.status_code == 400


def test_the_api_gives_the_same_figures_with_a_volunteer_beside_their_team(data, leader, api_as):
    response = api_as(leader).get(reverse("api:report-m4"), {**QUERY, "worker": data.v1.pk})

    assert response.status_code == 200
    body = response.json()
    assert [c["key"] for c in body["columns"]] == [f"volunteer-{data.v1.pk}", "london"]
    rows = {row["key"]: row for row in body["rows"]}
    assert rows["contacts"]["values"] == {f"volunteer-{data.v1.pk}": 3, "london": 4}
    assert rows["hours"]["values"] == {f"volunteer-{data.v1.pk}": 1.6, "london": 3.1}
    assert rows["people_supported"]["values"][f"volunteer-{data.v1.pk}"] is None
    refused = api_as(leader).get(reverse("api:report-m4"), {**QUERY, "worker": data.v3.pk})
    assert refused.status_code == 400
