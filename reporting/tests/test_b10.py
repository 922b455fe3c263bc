"""Table B10, CICA applications: every figure of a hand-built set of applications, worked out below, for the
period and the previous period, per region, in total and per case worker; the page, its export and suppression."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from accounts.models import Role
from api.tests.conftest import Caller
from commissioning.models import CicaApplication, CicaStatus, CicaStatusChange
from intake.models import OffenceType
from reporting import tables
from reporting.queries import Period
from reporting.tests.test_tables import at
from tests import factories as f

START, END = date(2026, 1, 1), date(2026, 3, 31)  # 90 days; the previous period is 3 October to 31 December 2025
PERIOD = Period(START, END)


def application(person, by, applied_on, *changes, award=None, paid_on=None) -> CicaApplication:
    """An application begun on `applied_on` and its dated steps: `changes` are (status, day), the first of them
    on `applied_on`."""
    last_status, last_day = changes[-1]
    made = CicaApplication.objects.create(
        person=person,
        applied_on=applied_on,
        helped_by=by,
        status=last_status,
        status_on=last_day,
        award_amount=award,
        paid_on=paid_on,
        recorded_by=by,
    )
    for status, day in changes:
        CicaStatusChange.objects.create(application=made, status=status, changed_on=day, recorded_by=by)
    return made


SUBMITTED, DRAFTED, DECISION = CicaStatus.SUBMITTED, CicaStatus.DRAFTED, CicaStatus.DECISION


@pytest.fixture
def data(db):
    london, south_east = f.region("london"), f.region("south-east-east")
    d = type("Data", (), {})()
    d.london, d.south_east = london, south_east
    d.worker_a = f.UserFactory(role=Role.CASE_WORKER, region=london, full_name="Ada Aworker")
    d.worker_b = f.UserFactory(role=Role.CASE_WORKER, region=london, full_name="Ben Bworker")
    d.se_worker = f.UserFactory(role=Role.CASE_WORKER, region=south_east, full_name="Sid Eastworker")
    death = date(2025, 6, 1)

    def homicide(region, lead, offence=OffenceType.MURDER):
        return f.HomicideFactory(region=region, lead_case_worker=lead, offence_type=offence, date_of_death=death)

    h1, h2, h3 = homicide(london, d.worker_a), homicide(london, d.worker_a), homicide(london, d.worker_b)
    h4 = homicide(south_east, d.se_worker)
    h5 = homicide(london, d.worker_a, OffenceType.CORPORATE_MANSLAUGHTER)  # never counted
    p1 = f.PersonFactory(homicide=h1, referred_at=at(date(2025, 9, 1)))
    p2 = f.PersonFactory(homicide=h1, referred_at=at(date(2025, 12, 15)))
    p3 = f.PersonFactory(homicide=h2, referred_at=at(date(2025, 9, 1)), closed_on=date(2025, 11, 1))
    p4 = f.PersonFactory(homicide=h3, referred_at=at(date(2026, 2, 1)))
    p5 = f.PersonFactory(homicide=h4, referred_at=at(date(2025, 12, 1)))
    p6 = f.PersonFactory(homicide=h5, referred_at=at(date(2025, 9, 1)))
    a, b, s = d.worker_a, d.worker_b, d.se_worker

    # a1: submitted on the period's first day.
    application(p1, a, START, (SUBMITTED, START))
    # a2: drafted in the previous period, submitted in this one.
    application(p1, a, date(2025, 12, 20), (DRAFTED, date(2025, 12, 20)), (SUBMITTED, date(2026, 1, 5)))
    # a3: submitted on the previous period's last day; decided (an award) and paid in this one.
    application(
        p2,
        a,
        date(2025, 12, 31),
        (SUBMITTED, date(2025, 12, 31)),
        (DECISION, date(2026, 2, 1)),
        (CicaStatus.PAID, END),
        award=D("5000.00"),
        paid_on=END,
    )
    # a4: submitted on the previous period's first day, decided then with no award.
    application(p3, a, date(2025, 10, 3), (SUBMITTED, date(2025, 10, 3)), (DECISION, date(2025, 11, 1)), award=D(0))
    # a5: drafted on the last day, never sent.
    application(p4, b, END, (DRAFTED, END))
    # a6: drafted, then withdrawn before it was sent.
    application(p4, b, date(2026, 2, 10), (DRAFTED, date(2026, 2, 10)), (CicaStatus.WITHDRAWN, date(2026, 2, 20)))
    # a7: drafted; its submission not recorded, the CICA's request for more information is: sent by 1 March.
    application(
        p4, b, date(2026, 2, 1), (DRAFTED, date(2026, 2, 1)), (CicaStatus.FURTHER_INFORMATION, date(2026, 3, 1))
    )
    # a8: submitted the day after the period.
    application(p5, s, date(2026, 4, 1), (SUBMITTED, date(2026, 4, 1)))
    # a9: submitted, asked for more, submitted again: counted once, on its first submission.
    application(
        p5,
        s,
        date(2026, 2, 15),
        (SUBMITTED, date(2026, 2, 15)),
        (CicaStatus.FURTHER_INFORMATION, date(2026, 2, 20)),
        (SUBMITTED, date(2026, 3, 10)),
    )
    # a10: corporate manslaughter is not counted.
    application(p6, a, date(2026, 2, 1), (SUBMITTED, date(2026, 2, 1)))
    # a11: submitted the day before the previous period, decided (an award) within it.
    application(
        p1, a, date(2025, 10, 2), (SUBMITTED, date(2025, 10, 2)), (DECISION, date(2025, 12, 1)), award=D("100.00")
    )
    return d


def figures(table, key):
    row = table.row(key)
    return row.values, row.previous, row.total, row.previous_total


def test_b10_counts_each_application_once_when_it_was_submitted(data):
    table = tables.b10_cica_applications(tables.region_columns([data.london, data.south_east]), PERIOD)

    assert [c.key for c in table.columns] == ["london", "south-east-east"]
    # Now: a1, a2 (Ada), a7 (Ben) | a9. Before: a3, a4 (Ada) | none.
    assert figures(table, "applications") == ((3, 1), (2, 0), 4, 2)
    # Homicides of the people supported. Now: h1 (p1, p2), h3 (p4) | h4. Before: h1, h2 (p3 closed 1 November) | h4.
    assert figures(table, "homicides_referred") == ((2, 1), (2, 1), 3, 3)
    assert figures(table, "case_workers") == ((2, 1), (2, 1), 3, 3)
    assert figures(table, "per_homicide") == ((D("1.5"), D("1.0")), (D("1.0"), D("0.0")), D("1.3"), D("0.7"))
    assert figures(table, "per_case_worker") == ((D("1.5"), D("1.0")), (D("1.0"), D("0.0")), D("1.3"), D("0.7"))
    # Now: p1, p4 | p5. Before: p2, p3.
    assert figures(table, "people") == ((2, 1), (2, 0), 3, 2)
    # Now: a5 (never sent), a6 (withdrawn unsent). Before: a2 (drafted 20 December, sent 5 January).
    assert figures(table, "not_submitted") == ((2, 0), (1, 0), 2, 1)
    # Now: a3 (£5,000). Before: a4 (no award), a11 (£100).
    assert figures(table, "decisions") == ((1, 0), (2, 0), 1, 2)
    assert figures(table, "awards") == ((1, 0), (1, 0), 1, 1)
    assert figures(table, "paid") == ((1, 0), (0, 0), 1, 0)
    assert figures(table, "withdrawn") == ((1, 0), (0, 0), 1, 0)


def test_b10_per_case_worker_follows_the_homicides_they_lead(data):
    table = tables.b10_cica_applications(tables.worker_columns([data.worker_a, data.worker_b], data.london), PERIOD)

    assert [c.name for c in table.columns] == ["Ada Aworker", "Ben Bworker", "London"]
    assert figures(table, "applications") == ((2, 1, 3), (2, 0, 2), None, None)
    assert figures(table, "homicides_referred") == ((1, 1, 2), (2, 0, 2), None, None)
    assert figures(table, "per_case_worker")[:2] == ((D("2.0"), D("1.0"), D("1.5")), (D("2.0"), D("0.0"), D("1.0")))
    assert figures(table, "not_submitted")[:2] == ((0, 2, 2), (1, 0, 1))


def test_b10_takes_two_queries_whatever_the_data(data, django_assert_num_queries):
    columns = tables.region_columns([data.london, data.south_east])

    with django_assert_num_queries(2):
        tables.b10_cica_applications(columns, PERIOD)


def test_the_b10_page_explains_the_choice_and_exports(cast, signed_in):
    client = signed_in(cast.national_manager)
    response = client.get(reverse("reporting:b10"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Table B10: CICA applications" in html
    assert "counted once, in the period in which it was submitted" in html
    assert response.context["table"].row("applications").total == 2  # the cast's two applications
    exported = client.get(reverse("reporting:b10"), {"format": "csv"})
    assert exported["Content-Type"].startswith("text/csv")
    lines = exported.content.decode().splitlines()
    assert lines[0].startswith("B10 CICA applications,")
    assert lines[1].startswith("Total number of CICA applications,1,0,")  # London first, then the previous period
    spreadsheet = client.get(reverse("reporting:b10"), {"format": "xlsx"})
    assert spreadsheet.content[:2] == b"PK"


def test_analysts_read_b10_with_small_numbers_suppressed(cast, signed_in):
    page = signed_in(cast.analyst).get(reverse("reporting:b10"))
    assert str(page.context["table"].row("applications").total) == "<5"

    response = Caller(signed_in(cast.analyst)).get(reverse("api:report-b10"))
    assert response.status_code == 200
    assert response.json()["rows"][0]["values"]["london"] == "<5"
    leader = Caller(signed_in(cast.team_leader)).get(reverse("api:report-b10")).json()
    assert leader["rows"][0]["values"] == {"london": 1}
