"""M3, length of contact: every figure of a hand-worked set of episodes, for the period and the previous one, per
region, per case worker and in total; suppression; the page, its downloads and the API.

The period is 2025 (1 January to 31 December), the previous one 2024. Episodes, London unless said (length in days
from the opening day to the closing day):

    A  opened 2025-01-01, closed 2025-01-21: 20 days
    B  opened 2025-02-01, closed 2025-06-01: 120 days (led by worker B; every other London one by worker A)
    C  opened 2025-03-01, still open
    D  opened 2024-07-01, closed 2025-03-01: 243 days          } one person's two episodes: closed, then
    F  opened 2025-12-20, closed 2025-12-31: 11 days            } reopened
    E  opened 2023-01-01, closed 2024-06-30: 546 days (before the period: in 2024 only)
    J  opened 2022-06-01, still open
    G  South East, opened 2025-06-01, closed 2025-07-01: 30 days
    H  London, a road traffic death: never counted
    K  London, opened 2026-01-05: after both periods

Each episode is watched from day max(0, period start - opening) to its closing day, or to the period's last day
(then it is censored). The previous period has the same number of days: 2 January to 31 December 2024.
London 2025: A (0 to 20, ended), B (0 to 120, ended), C (0 to 305, censored), D (184 to 243, ended), F (0 to 11,
ended), J (945 to 1,309, censored).
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from casework.models import CaseEpisode, ClosureReason
from intake.models import OffenceType
from reporting import tables
from reporting.length_of_contact import m3_length_of_contact
from reporting.queries import Period
from tests import factories as f

PERIOD = Period(date(2025, 1, 1), date(2025, 12, 31))
TODAY = date(2026, 6, 1)


def at(day: date):
    return timezone.make_aware(datetime.combine(day, time(10, 30)))


@pytest.fixture
def data(db):
    london, south_east = f.region("london"), f.region("south-east-east")
    d = type("Data", (), {})()
    d.london, d.south_east = london, south_east
    d.worker_a = f.UserFactory(role=Role.CASE_WORKER, region=london, full_name="Ada Aworker")
    d.worker_b = f.UserFactory(role=Role.CASE_WORKER, region=london, full_name="Bea Bworker")
    se_worker = f.UserFactory(role=Role.CASE_WORKER, region=south_east)

    def episode(opened: date, closed: date | None = None, *, lead=None, region=london, person=None, **homicide):
        if person is None:
            h = f.HomicideFactory(region=region, lead_case_worker=lead or d.worker_a, **homicide)
            person = f.PersonFactory(homicide=h, referred_at=at(opened), episode=False)
        reason = ClosureReason.USER_LED_EXIT if closed else ""
        CaseEpisode.objects.create(person=person, opened_at=at(opened), closed_on=closed, closure_reason=reason)
        return person

    episode(date(2025, 1, 1), date(2025, 1, 21))  # A
    episode(date(2025, 2, 1), date(2025, 6, 1), lead=d.worker_b)  # B
    episode(date(2025, 3, 1))  # C
    twice = episode(date(2024, 7, 1), date(2025, 3, 1))  # D
    episode(date(2025, 12, 20), date(2025, 12, 31), person=twice)  # F, the same person reopened
    episode(date(2023, 1, 1), date(2024, 6, 30))  # E
    episode(date(2022, 6, 1))  # J
    episode(date(2025, 6, 1), date(2025, 7, 1), lead=se_worker, region=south_east)  # G
    episode(date(2025, 3, 1), date(2025, 4, 1), offence_type=OffenceType.ROAD_TRAFFIC_DEATH)  # H
    episode(date(2026, 1, 5))  # K
    return d


def _figures(table, key):
    row = table.row(key)
    return row.values, row.total, row.previous, row.previous_total


def test_every_figure_by_region_and_in_total(data):
    table = m3_length_of_contact(tables.region_columns([data.london, data.south_east]), PERIOD, today=TODAY)

    # 2025 has 365 days, so the previous period of the same length starts on 2 January 2024.
    assert (table.period, table.previous_period) == (PERIOD, Period(date(2024, 1, 2), date(2024, 12, 31)))
    # (London, South East), total; then the same for 2024.
    expected = {
        # 2025: London A B C D F J; South East G. 2024: London D (censored at its end), E, J.
        "episodes_open": ((6, 1), 7, (3, 0), 3),
        "episodes_ended": ((4, 1), 5, (1, 0), 1),
        # Ended in 2025: London 20, 120, 243, 11; South East 30. In 2024: E, 546.
        "under_3": ((2, 1), 3, (0, 0), 0),
        "from_3_to_6": ((1, 0), 1, (0, 0), 0),
        "from_6_to_12": ((1, 0), 1, (0, 0), 0),
        "from_12_to_18": ((0, 0), 0, (1, 0), 1),
        "from_18_to_24": ((0, 0), 0, (0, 0), 0),
        "from_24": ((0, 0), 0, (0, 0), 0),
        # London: the middle two of 11, 20, 120, 243; in total the middle one of 11, 20, 30, 120, 243.
        "median_days": ((D("70.0"), D("30.0")), D("30.0"), (D("546.0"), None), D("546.0")),
        # London 2025: day 11, 4 watched (A B C F), 1 ends: 3/4; day 20, 3 watched, 1 ends: x 2/3 = 1/2 (before 30
        # and 91 days); day 120, 2 watched (B C): x 1/2 = 1/4 (before 183); day 243, 2 watched (C D): x 1/2; but C
        # leaves on day 305 and J enters only on day 945: nobody is watched from day 306, so 12 months and more
        # cannot be estimated.
        # South East 2025: G ends on day 30, the only one watched: 100% before day 30, 0 from then on.
        # Total 2025: day 11, 5 watched (A B C F G): 4/5; day 20, 4: x 3/4 = 3/5 (60% before 30 days); day 30,
        # 3 (B C G): x 2/3 = 2/5 (40% at 3 months); day 120, 2: x 1/2 = 1/5 (20% at 6 months); the same gap after.
        # London 2024: D watched from day 0 to 183 (censored), E from 365 to 546 (ended: the only one watched,
        # so 0 from then on), J from 579: 100% up to 6 months, a gap from day 184 to 364, then 0.
        "open_after_1": ((D("50.0"), D("100.0")), D("60.0"), (D("100.0"), None), D("100.0")),
        "open_after_3": ((D("50.0"), D("0.0")), D("40.0"), (D("100.0"), None), D("100.0")),
        "open_after_6": ((D("25.0"), D("0.0")), D("20.0"), (D("100.0"), None), D("100.0")),
        "open_after_12": ((None, D("0.0")), None, (None, None), None),
        "open_after_18": ((None, D("0.0")), None, (D("0.0"), None), D("0.0")),
        "open_after_24": ((None, D("0.0")), None, (D("0.0"), None), D("0.0")),
        "open_after_36": ((None, D("0.0")), None, (D("0.0"), None), D("0.0")),
    }
    found = {key: _figures(table, key) for key in expected}
    assert found == expected
    assert [row.key for row in table.rows] == list(expected)


def test_a_case_workers_episodes_beside_their_team(data):
    table = m3_length_of_contact(tables.worker_columns(data.worker_b, data.london), PERIOD, today=TODAY)

    # Worker B leads B only: 120 days, watched alone from day 0.
    assert [c.name for c in table.columns] == ["Bea Bworker", "London"]
    assert table.row("episodes_open").values == (1, 6)
    assert table.row("from_3_to_6").values == (1, 1)
    assert table.row("median_days").values == (D("120.0"), D("70.0"))
    assert table.row("open_after_3").values == (D("100.0"), D("50.0"))
    assert table.row("open_after_6").values == (D("0.0"), D("25.0"))
    assert table.row("episodes_open").total is None  # no total beside a case worker


def test_open_episodes_are_censored_today_when_the_period_ends_later(data):
    """In a period that runs past today, an open episode is watched to today, not to the period's end."""
    period = Period(date(2025, 3, 1), date(2025, 12, 31))
    early = m3_length_of_contact(tables.region_columns([data.london]), period, today=date(2025, 4, 15))

    # 15 April: B and C are still open (B closes later); A ended before the period; D (opened
    # 1 July 2024) ended on 1 March, the period's first day: day 243, the only one watched then.
    assert early.row("episodes_open").values == (4,)  # B, C, D, J
    assert early.row("episodes_ended").values == (1,)  # D
    assert early.row("median_days").values == (D("243.0"),)


def test_the_length_of_contact_query_is_one_query(data, django_assert_num_queries):
    columns = tables.region_columns([data.london, data.south_east])
    with django_assert_num_queries(1):
        m3_length_of_contact(columns, PERIOD, today=TODAY)


def test_small_numbers_are_suppressed_for_analysts_in_the_api(data, signed_in):
    from api.tests.conftest import Caller

    analyst = f.UserFactory(role=Role.ANALYST, region=None)
    answer = Caller(signed_in(analyst)).get(reverse("api:report-m3"), {"start": "2025-01-01", "end": "2025-12-31"})

    assert answer.status_code == 200
    rows = {row["key"]: row for row in answer.json()["rows"]}
    assert answer.json()["suppressed_below"] == 5
    # South East's 1 open episode is hidden, and so is London's 6, lest it be worked out from the total of 7;
    # London's 4 ended are hidden, and so is the median made from them.
    opened = rows["episodes_open"]["values"]
    assert (opened["london"], opened["south-east-east"], opened["total"]) == ("<5", "<5", 7)
    assert rows["episodes_ended"]["values"]["london"] == "<5"
    assert rows["median_days"]["values"]["london"] == "<5"
    assert rows["open_after_1"]["values"]["total"] == 60.0


def test_the_page_and_its_downloads(data, signed_in):
    leader = f.UserFactory(role=Role.NATIONAL_MANAGER, region=None)
    client = signed_in(leader)
    query = {"start": "2025-01-01", "end": "2025-12-31", "region": "london"}

    page = client.get(reverse("reporting:m3"), query)
    csv = client.get(reverse("reporting:m3"), {**query, "format": "csv"})
    xlsx = client.get(reverse("reporting:m3"), {**query, "format": "xlsx"})

    assert page.status_code == 200
    html = page.content.decode()
    assert "Percentage of episodes still open after 6 months" in html
    assert "Kaplan" in html
    assert csv.status_code == 200
    lines = csv.content.decode().splitlines()
    assert '"Median length of contact of the episodes that ended, in days",70.0,546.0' in lines
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert reverse("reporting:m3") in client.get(reverse("reporting:index")).content.decode()
