"""M5 (equality reach) and M6 (outcomes change): every figure of small hand-built data sets, worked by hand; the
fixed number of queries; the pages, exports and API with small numbers suppressed for analysts."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from casework.models import ConsentOutcome
from intake.models import OffenceType
from outcomes.models import OutcomeCategory, OutcomeMeasure, OutcomeScore
from reporting.m5 import m5_equality_reach
from reporting.m6 import m6_outcomes_change
from reporting.queries import Period
from tests import factories as f

PERIOD = Period(date(2026, 1, 1), date(2026, 3, 31))


def at(day: date, hour: int = 12):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _person(region, *, referred=None, closed=None, offence=OffenceType.MURDER, declined=None, **equality):
    person = f.PersonFactory(
        homicide=f.HomicideFactory(region=region, offence_type=offence), referred_at=referred, closed_on=closed
    )
    if declined:
        f.ConsentFactory(
            person=person, outcome=ConsentOutcome.DECLINED, decline_stage="first_contact", decided_at=declined
        )
    if equality:
        f.EqualityRecordFactory(person=person, **{**dict.fromkeys(BLANK, ""), **equality})
    return person


BLANK = (
    "ethnic_group",
    "age_band",
    "sex",
    "gender_same_as_at_birth",
    "disabled",
    "religion",
    "sexual_orientation",
    "first_language",
)


@pytest.fixture
def reach(db):
    london, south_east = f.region("london"), f.region("south-east-east")
    # Supported in the period (open at some time in it):
    _person(london, referred=at(date(2025, 6, 1)), ethnic_group="asian_indian", sex="female")  # open throughout
    _person(london, referred=at(date(2026, 2, 1)), closed=date(2026, 3, 1), ethnic_group="asian_pakistani", sex="male")
    _person(london, referred=at(date(2025, 6, 1)), closed=date(2026, 1, 1), ethnic_group="not_said", sex="not_said")
    _person(london, referred=at(date(2025, 6, 1)))  # no equality record: not recorded everywhere
    # Declined in the period, never referred; and one who declined then took the service up in the period (supported).
    _person(london, declined=at(date(2026, 1, 5)), ethnic_group="black_caribbean", sex="male", disabled="yes")
    _person(london, declined=at(date(2026, 3, 31), 23), ethnic_group="white_roma")
    _person(london, declined=at(date(2026, 1, 5)), referred=at(date(2026, 2, 5)), ethnic_group="white_irish")
    # Not counted: closed before the period; declined before it; referred after it; a road death; another region.
    _person(london, referred=at(date(2025, 1, 1)), closed=date(2025, 12, 31), ethnic_group="asian_indian")
    _person(london, declined=at(date(2025, 12, 31)), ethnic_group="asian_indian")
    _person(london, referred=at(date(2026, 4, 1)), ethnic_group="asian_indian")
    _person(
        london, referred=at(date(2026, 1, 2)), offence=OffenceType.CORPORATE_MANSLAUGHTER, ethnic_group="white_roma"
    )
    _person(south_east, referred=at(date(2026, 1, 2)), ethnic_group="other_arab")
    return london, south_east


def test_m5_sets_the_people_supported_beside_those_who_declined(reach):
    london, _south_east = reach

    table = m5_equality_reach([london], PERIOD)

    def figures(key):
        row = table.row(key)
        return (*row.values, row.total)

    assert [c.code for c in table.regions] == ["supported", "declined"]
    assert {type(v) for group in table.groups for row in group for v in (*row.values, row.total)} == {int}
    assert figures("people") == (5, 2, 7)
    assert figures("ethnic_group.asian") == (2, 0, 2)
    assert figures("ethnic_group.asian_indian") == (1, 0, 1)
    assert figures("ethnic_group.asian_pakistani") == (1, 0, 1)
    assert figures("ethnic_group.black") == (0, 1, 1)
    assert figures("ethnic_group.white") == (1, 1, 2)
    assert figures("ethnic_group.white_irish") == (1, 0, 1)
    assert figures("ethnic_group.white_roma") == (0, 1, 1)
    assert figures("ethnic_group.other") == (0, 0, 0)
    assert figures("ethnic_group.not_said") == (1, 0, 1)
    assert figures("ethnic_group.not_recorded") == (1, 0, 1)
    assert figures("sex.female") == (1, 0, 1)
    assert figures("sex.male") == (1, 1, 2)
    assert figures("sex.not_said") == (1, 0, 1)
    assert figures("sex.not_recorded") == (2, 1, 3)
    assert figures("disabled.yes") == (0, 1, 1)
    assert figures("disabled.not_recorded") == (5, 1, 6)
    # Every category adds up to the people counted (the ethnic group twice: high-level groups, and detailed).
    broad = {
        "ethnic_group.asian",
        "ethnic_group.black",
        "ethnic_group.mixed",
        "ethnic_group.white",
        "ethnic_group.other",
    }
    for group in table.groups[1:]:
        detailed = [r for r in group if r.key not in broad]
        assert tuple(map(sum, zip(*(r.values for r in detailed), strict=True))) == (5, 2), group[0].key
    high_level = [r for r in table.groups[1] if r.key in broad or r.key.endswith(("not_said", "not_recorded"))]
    assert tuple(map(sum, zip(*(r.values for r in high_level), strict=True))) == (5, 2)


def test_m5_counts_in_one_query(reach, django_assert_num_queries):
    london, south_east = reach
    with django_assert_num_queries(1):
        table = m5_equality_reach([london, south_east], PERIOD)
    assert table.row("ethnic_group.other_arab").values == (1, 0)


def _measure(person, day, point, scores: dict, by):
    measure = OutcomeMeasure.objects.create(person=person, point=point, measured_on=day, recorded_by=by)
    categories = {c.code: c for c in OutcomeCategory.objects.all()}
    OutcomeScore.objects.bulk_create(
        OutcomeScore(measure=measure, category=categories[code], score=score) for code, score in scores.items()
    )


@pytest.fixture
def change(db):
    london, south_east = f.region("london"), f.region("south-east-east")
    by = f.UserFactory(role=Role.CASE_WORKER, region=london)
    referred = at(date(2025, 6, 1))
    a, b, c, d, e = (_person(london, referred=referred) for _ in range(5))
    # a: 2 before the period, 4 at review in it, N/A at exit in it: last scored is 4 -> +2 (improved).
    _measure(a, date(2025, 7, 1), "start", {"feeling-safe": 2, "drugs-alcohol": None}, by)
    _measure(a, date(2026, 1, 15), "review", {"feeling-safe": 4, "drugs-alcohol": 3}, by)
    _measure(a, date(2026, 3, 1), "exit", {"feeling-safe": None, "drugs-alcohol": 3}, by)
    # b: 3 then 3 in the period -> the same; then 5 after the period (not counted).
    _measure(b, date(2026, 1, 10), "start", {"feeling-safe": 3}, by)
    _measure(b, date(2026, 2, 10), "review", {"feeling-safe": 3}, by)
    _measure(b, date(2026, 4, 10), "exit", {"feeling-safe": 5}, by)
    # c: 5 then 2 -> worse by 3.
    _measure(c, date(2025, 12, 1), "start", {"feeling-safe": 5}, by)
    _measure(c, date(2026, 3, 31), "review", {"feeling-safe": 2}, by)
    # d: measured once in the period: measured, no change yet.
    _measure(d, date(2026, 2, 1), "start", {"feeling-safe": 1}, by)
    # e: measured only before the period: not counted.
    _measure(e, date(2025, 8, 1), "start", {"feeling-safe": 1}, by)
    _measure(e, date(2025, 9, 1), "review", {"feeling-safe": 5}, by)
    # South East: 1 then 4 -> improved by 3.
    se = _person(south_east, referred=referred)
    _measure(se, date(2025, 11, 1), "start", {"feeling-safe": 1}, by)
    _measure(se, date(2026, 1, 1), "review", {"feeling-safe": 4}, by)
    # A road death (never counted).
    road = _person(london, referred=referred, offence=OffenceType.CORPORATE_MANSLAUGHTER)
    _measure(road, date(2026, 1, 1), "start", {"feeling-safe": 1}, by)
    _measure(road, date(2026, 2, 1), "review", {"feeling-safe": 5}, by)
    return london, south_east


def test_m6_compares_each_persons_first_and_last_scores(change, django_assert_num_queries):
    london, south_east = change

    with django_assert_num_queries(2):
        table = m6_outcomes_change([london, south_east], PERIOD)

    def figures(key):
        row = table.row(key)
        return (*row.values, row.total)

    # London: a (+2), b (0), c (-3), d (once); South East: +3.
    assert figures("feeling-safe.measured") == (4, 1, 5)
    assert figures("feeling-safe.with_change") == (3, 1, 4)
    assert figures("feeling-safe.improved") == (1, 1, 2)
    assert figures("feeling-safe.same") == (1, 0, 1)
    assert figures("feeling-safe.worse") == (1, 0, 1)
    # London (2 + 0 - 3) / 3 = -0.33 -> -0.3; South East 3; in total (-1 + 3) / 4 = 0.5.
    assert figures("feeling-safe.average_change") == (D("-0.3"), D("3.0"), D("0.5"))
    # Drugs and alcohol: a was not applicable at the start, then 3 and 3: the same, from the first score given.
    assert figures("drugs-alcohol.measured") == (1, 0, 1)
    assert figures("drugs-alcohol.same") == (1, 0, 1)
    assert figures("drugs-alcohol.average_change") == (D("0.0"), None, D("0.0"))
    assert figures("social-interaction.measured") == (0, 0, 0)


def test_m6_counts_people_measured_once_and_orders_measures_of_the_same_day_as_recorded(db):
    london = f.region("london")
    by = f.UserFactory(role=Role.CASE_WORKER, region=london)
    referred = at(date(2025, 6, 1))
    once_before, once_in, twice_same_day, three_times = (_person(london, referred=referred) for _ in range(4))
    # Measured once, before the period: not counted.
    _measure(once_before, date(2025, 12, 1), "start", {"feeling-safe": 2}, by)
    # Measured once up to the period's end (again after it): measured, no change yet.
    _measure(once_in, date(2026, 2, 1), "start", {"feeling-safe": 2}, by)
    _measure(once_in, date(2026, 4, 1), "review", {"feeling-safe": 5}, by)
    # Twice on the same day: the one recorded first is the first -> 4 then 1, worse by 3.
    _measure(twice_same_day, date(2026, 2, 1), "start", {"feeling-safe": 4}, by)
    _measure(twice_same_day, date(2026, 2, 1), "review", {"feeling-safe": 1}, by)
    # Three times, not applicable in the middle: 1 then 3 -> improved by 2.
    _measure(three_times, date(2025, 11, 1), "start", {"feeling-safe": 1}, by)
    _measure(three_times, date(2026, 1, 5), "review", {"feeling-safe": None}, by)
    _measure(three_times, date(2026, 3, 1), "exit", {"feeling-safe": 3}, by)

    table = m6_outcomes_change([london], PERIOD)

    def figures(key):
        return table.row(key).values

    assert figures("feeling-safe.measured") == (3,)
    assert figures("feeling-safe.with_change") == (2,)
    assert figures("feeling-safe.improved") == (1,)
    assert figures("feeling-safe.same") == (0,)
    assert figures("feeling-safe.worse") == (1,)
    assert figures("feeling-safe.average_change") == (D("-0.5"),)


def test_the_pages_exports_and_api_suppress_small_numbers_for_analysts(change, signed_in):
    analyst = f.UserFactory(role=Role.ANALYST, region=None)
    client = signed_in(analyst)
    query = {"start": "2026-01-01", "end": "2026-03-31"}

    page = client.get(reverse("reporting:m6"), query)
    csv = client.get(reverse("reporting:m6"), {**query, "format": "csv"})
    xlsx = client.get(reverse("reporting:m5"), {**query, "format": "xlsx"})
    api = client.get(reverse("api:report-m6"), query, HTTP_ACCEPT="application/json")

    assert page.status_code == 200 and "Outcomes change between the first and last measure" in page.content.decode()
    assert "Feeling safe: improved" in csv.content.decode() and "<5" in csv.content.decode()
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    body = api.json()
    row = next(r for r in body["rows"] if r["key"] == "feeling-safe.measured")
    assert body["suppressed_below"] == 5
    assert (row["values"]["london"], row["values"]["south-east-east"], row["values"]["total"]) == ("<5", "<5", 5)


def test_m5_api_names_its_columns_as_the_two_groups(reach, signed_in):
    london, _se = reach
    leader = f.UserFactory(role=Role.TEAM_LEADER, region=london)

    body = signed_in(leader).get(reverse("api:report-m5"), {"start": "2026-01-01", "end": "2026-03-31"}).json()

    assert [(c["key"], c["region"]) for c in body["columns"]] == [
        ("supported", None),
        ("declined", None),
        ("total", None),
    ]
    assert next(r for r in body["rows"] if r["key"] == "people")["values"] == {
        "supported": 5,
        "declined": 2,
        "total": 7,
    }
