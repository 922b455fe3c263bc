"""The Domestic Homicide Review report: every figure of a hand-built data set, for the period and the previous
period, per region and in total; the query count; the page, its CSV and the API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from accounts.models import Role
from intake.models import OffenceType
from reporting import dhr, tables
from reporting.queries import Period
from tests import factories as f

PERIOD = Period(date(2026, 1, 1), date(2026, 3, 31))  # the previous period: 3 October to 31 December 2025


def figures(table, key):
    """(London, South East) now and before, then the totals: ((now, before), (now, before), total, total before)."""
    row = table.row(key)
    return tuple(zip(row.values, row.previous, strict=True)) + (row.total, row.previous_total)


@pytest.fixture
def data(db):
    london, south_east = f.region("london"), f.region("south-east-east")
    worker = f.UserFactory(role=Role.CASE_WORKER, region=london)
    se_worker = f.UserFactory(role=Role.CASE_WORKER, region=south_east)

    def domestic(region, lead, died, offence=OffenceType.MURDER, is_domestic=True):
        return f.HomicideFactory(
            region=region, lead_case_worker=lead, date_of_death=died, offence_type=offence, is_domestic=is_domestic
        )

    # London. A: in progress; draft (223 days), QA submitted (245) and outcome (287) in the period; two offers in
    # the period, one accepted.
    a = f.ReviewFactory(
        homicide=domestic(london, worker, date(2025, 6, 1)),
        decided_on=date(2025, 7, 1),
        chair_name="Chair A",
        chair_appointed_on=date(2025, 8, 1),
        family_told_on=date(2025, 7, 15),
        terms_shared_on=date(2025, 9, 1),
        draft_shared_on=date(2026, 1, 10),
        qa_submitted_on=date(2026, 2, 1),
        qa_outcome_on=date(2026, 3, 15),
    )
    f.AdvocacyOfferFactory(review=a, offered_on=date(2026, 1, 5), outcome="declined", offer_again_on=date(2026, 6, 1))
    f.AdvocacyOfferFactory(review=a, organisation="hundred_families", offered_on=date(2026, 2, 10))
    # B: decided (61 days) and chair (91) in the previous period; draft (181) and completion (200) in this one.
    b = f.ReviewFactory(
        homicide=domestic(london, worker, date(2025, 9, 1)),
        decided_on=date(2025, 11, 1),
        chair_name="Chair B",
        chair_appointed_on=date(2025, 12, 1),
        draft_shared_on=date(2026, 3, 1),
        completed_on=date(2026, 3, 20),
    )
    f.AdvocacyOfferFactory(review=b, offered_on=date(2025, 11, 10))
    # C: no review record yet (open, awaiting the decision). D: decided against (19 days), previous period.
    domestic(london, worker, date(2025, 12, 15))
    f.ReviewFactory(
        homicide=domestic(london, worker, date(2025, 10, 1)), decision="no_review", decided_on=date(2025, 10, 20)
    )
    # Not counted: a homicide that is not domestic, and a corporate manslaughter.
    domestic(london, worker, date(2025, 6, 1), is_domestic=False)
    f.ReviewFactory(
        homicide=domestic(london, worker, date(2025, 6, 1), OffenceType.CORPORATE_MANSLAUGHTER),
        decided_on=date(2026, 1, 2),
    )
    # South East. G: decided (172 days) and chair (184) in the period; an offer with no answer yet.
    g = f.ReviewFactory(
        homicide=domestic(south_east, se_worker, date(2025, 8, 1)),
        decided_on=date(2026, 1, 20),
        chair_name="Chair G",
        chair_appointed_on=date(2026, 2, 1),
    )
    f.AdvocacyOfferFactory(
        review=g,
        organisation="other",
        organisation_other="Local advocates",
        offered_on=date(2026, 3, 1),
        outcome="no_answer",
    )
    return type("Data", (), {"london": london, "south_east": south_east})()


def _table(data):
    return dhr.dhr_reviews(tables.region_columns([data.london, data.south_east]), PERIOD)


def test_reviews_open_at_the_end_of_each_period_and_the_decisions(data):
    table = _table(data)

    assert figures(table, "open") == ((2, 3), (1, 1), 3, 4)
    assert figures(table, "decided_review") == ((0, 1), (1, 0), 1, 1)
    assert figures(table, "decided_no_review") == ((0, 1), (0, 0), 0, 1)


def test_milestones_reached_and_median_days_from_the_homicide(data):
    table = _table(data)

    assert figures(table, "decided_on") == ((0, 2), (1, 0), 1, 2)
    assert figures(table, "decided_on_median") == ((None, D("40.0")), (D("172.0"), None), D("172.0"), D("40.0"))
    assert figures(table, "chair_appointed_on") == ((0, 1), (1, 0), 1, 1)
    assert figures(table, "chair_appointed_on_median") == ((None, D("91.0")), (D("184.0"), None), D("184.0"), D("91.0"))
    assert figures(table, "draft_shared_on") == ((2, 0), (0, 0), 2, 0)
    assert figures(table, "draft_shared_on_median") == ((D("202.0"), None), (None, None), D("202.0"), None)
    assert figures(table, "qa_submitted_on_median") == ((D("245.0"), None), (None, None), D("245.0"), None)
    assert figures(table, "qa_outcome_on_median") == ((D("287.0"), None), (None, None), D("287.0"), None)
    assert figures(table, "completed_on") == ((1, 0), (0, 0), 1, 0)
    assert figures(table, "completed_on_median") == ((D("200.0"), None), (None, None), D("200.0"), None)
    assert figures(table, "family_told_on") == ((0, 0), (0, 0), 0, 0)


def test_the_total_median_is_the_median_of_every_review_not_of_the_regions(data):
    # Decided in the period: South East at 172 (G) and 10 days, London at 20 days. South East's median is
    # (10 + 172) / 2 = 91, London's 20; the total is the median of 10, 20 and 172: 20 (not a median of 20 and 91).
    se_worker = f.UserFactory(role=Role.CASE_WORKER, region=data.south_east)
    worker = f.UserFactory(role=Role.CASE_WORKER, region=data.london)
    for region, lead, days in ((data.south_east, se_worker, 10), (data.london, worker, 20)):
        f.ReviewFactory(
            homicide=f.HomicideFactory(
                region=region, lead_case_worker=lead, is_domestic=True, date_of_death=date(2026, 1, 1)
            ),
            decided_on=date(2026, 1, 1 + days),
        )

    assert figures(_table(data), "decided_on_median")[:3] == ((D("20.0"), D("40.0")), (D("91.0"), None), D("20.0"))


def test_advocacy_offered_and_taken_up(data):
    table = _table(data)

    assert figures(table, "offered") == ((1, 1), (1, 0), 2, 1)
    assert figures(table, "taken_up") == ((1, 1), (0, 0), 1, 1)
    assert figures(table, "taken_up_share") == ((D("100.0"), D("100.0")), (D("0.0"), None), D("50.0"), D("100.0"))


def test_the_report_takes_a_fixed_number_of_queries(data, django_assert_num_queries):
    columns = tables.region_columns([data.london, data.south_east])
    with django_assert_num_queries(5):
        dhr.dhr_reviews(columns, PERIOD)
    for day in (3, 4, 5):
        review = f.ReviewFactory(homicide__region=data.south_east, decided_on=date(2026, 1, day))
        f.AdvocacyOfferFactory(review=review, offered_on=date(2026, 2, day))
    with django_assert_num_queries(5):
        dhr.dhr_reviews(columns, PERIOD)


def test_the_page_its_csv_and_the_api(data, cast, signed_in):
    query = {"start": "2026-01-01", "end": "2026-03-31"}
    page = signed_in(cast.national_manager).get(reverse("reporting:dhr"), query)
    csv = signed_in(cast.national_manager).get(reverse("reporting:dhr"), {**query, "format": "csv"})
    xlsx = signed_in(cast.national_manager).get(reverse("reporting:dhr"), {**query, "format": "xlsx"})
    answer = signed_in(cast.national_manager).get(reverse("api:report-dhr"), query, HTTP_ACCEPT="application/json")

    assert page.status_code == 200
    assert "Median days from the homicide to completion" in page.content.decode()
    assert csv["Content-Type"].startswith("text/csv")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert "Reviews open at the end of the period" in csv.content.decode()
    rows = {row["key"]: row for row in answer.json()["rows"]}
    assert rows["open"]["values"]["london"] == 2
    assert rows["completed_on_median"]["values"]["london"] == 200.0


def test_figures_shared_outside_suppress_small_numbers_and_the_medians_taken_over_them(data, cast, signed_in):
    answer = signed_in(cast.national_manager).get(
        reverse("api:report-dhr"),
        {"start": "2026-01-01", "end": "2026-03-31", "audience": "outside"},
        HTTP_ACCEPT="application/json",
    )

    rows = {row["key"]: row for row in answer.json()["rows"]}
    assert rows["completed_on"]["values"]["london"] == "<5"
    assert rows["completed_on_median"]["values"]["london"] == "<5"


def test_analysts_do_not_read_the_report_of_domestic_homicides(cast, signed_in):
    client = signed_in(cast.analyst)

    assert client.get(reverse("reporting:dhr")).status_code == 403
    assert client.get(reverse("api:report-dhr"), HTTP_ACCEPT="application/json").status_code == 403
    assert reverse("reporting:dhr") not in client.get(reverse("reporting:index")).content.decode()
    assert reverse("reporting:dhr") in signed_in(cast.team_leader).get(reverse("reporting:index")).content.decode()
