"""Tables B2 to B8: every figure of a small hand-built data set, for the period and the previous period, per region,
in total and per case worker; the boundaries of both periods; query counts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from accounts.models import Role
from casework.models import AgeGroup, NeedType, SupportType
from intake.models import NoReferralReason, OffenceType
from reporting import tables
from reporting.queries import Period
from tests import factories as f

START, END = date(2026, 1, 1), date(2026, 3, 31)  # 90 days
PERIOD = Period(START, END)
# The previous period: the 90 days before, 3 October to 31 December 2025.
BEFORE_START, BEFORE_END = date(2025, 10, 3), date(2025, 12, 31)


def at(day: date, hour: int = 12, minute: int = 0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def test_the_previous_period_has_the_same_number_of_days_and_ends_the_day_before():
    assert tables.previous_period(PERIOD) == Period(BEFORE_START, BEFORE_END)
    assert tables.previous_period(Period(END, END)) == Period(END - timedelta(days=1), END - timedelta(days=1))


@pytest.fixture
def data(db):
    """London (two active case workers A and B, an inactive one, a team leader holding a case) and the South East
    (one case worker), with records inside both periods, on their boundaries and just outside them."""
    london, south_east = f.region("london"), f.region("south-east-east")
    d = type("Data", (), {})()
    d.london, d.south_east = london, south_east
    d.worker_a = f.UserFactory(role=Role.CASE_WORKER, region=london, full_name="Ada Aworker")
    d.worker_b = f.UserFactory(role=Role.CASE_WORKER, region=london, full_name="Ben Bworker")
    f.UserFactory(role=Role.CASE_WORKER, region=london, is_active=False, full_name="Gone Worker")
    d.leader = f.UserFactory(role=Role.TEAM_LEADER, region=london, full_name="Lea Leader")
    d.se_worker = f.UserFactory(role=Role.CASE_WORKER, region=south_east, full_name="Sid Eastworker")
    old_death = date(2025, 6, 1)

    def homicide(region, lead, offence=OffenceType.MURDER, **kw):
        return f.HomicideFactory(
            region=region, lead_case_worker=lead, offence_type=offence, date_of_death=old_death, **kw
        )

    def person(h, referred_at, age=AgeGroup.ADULT, closed_on=None):
        return f.PersonFactory(homicide=h, referred_at=referred_at, age_group=age, closed_on=closed_on)

    h1 = homicide(london, d.worker_a)
    d.p1 = person(h1, at(START, 0, 0), closed_on=END)  # referred on the first moment, closed on the last day: 89 days
    d.p2 = person(h1, at(date(2026, 1, 10)), AgeGroup.CHILD)
    h2 = homicide(london, d.worker_a)
    d.p3 = person(h2, at(date(2025, 12, 1)), closed_on=START)  # 31 days
    h3 = homicide(london, d.worker_b)
    d.p4 = person(h3, at(date(2025, 11, 1)), closed_on=BEFORE_END)  # closed in the previous period: 60 days
    h4 = homicide(london, d.worker_b)
    person(h4, at(END + timedelta(days=1), 0, 0), AgeGroup.CHILD)  # referred the day after: in nothing
    h6 = homicide(london, d.leader, OffenceType.MANSLAUGHTER)
    d.p6 = person(h6, at(END, 23, 59))
    h7 = homicide(london, d.worker_a, OffenceType.CORPORATE_MANSLAUGHTER)  # never counted
    d.p7 = person(h7, at(date(2026, 1, 15)), closed_on=date(2026, 2, 1))
    h8 = homicide(south_east, d.se_worker)
    d.p8 = person(h8, at(date(2026, 2, 1)))
    d.p9 = person(h8, at(BEFORE_START, 0, 0), AgeGroup.CHILD)  # h8's first referral: the previous period

    # B3: homicides nobody was referred for, counted when the service first heard of them.
    def not_referred(region, reason, heard_at=None, **kw):
        h = homicide(region, None, no_referral_reason=reason, **kw)
        if heard_at:
            f.NotificationFactory(region=region, homicide=h, received_at=heard_at, date_of_death=old_death)
        return h

    not_referred(london, NoReferralReason.FAMILY_DECLINED, at(date(2026, 2, 1)))
    h5 = not_referred(london, NoReferralReason.SIO_NO_ENGAGEMENT, at(BEFORE_START, 0, 0))
    f.NotificationFactory(region=london, homicide=h5, received_at=at(date(2026, 2, 1)), date_of_death=old_death)
    not_referred(south_east, NoReferralReason.UNKNOWN, created_at=at(END, 23, 59))  # no notification
    not_referred(london, NoReferralReason.NO_NEXT_OF_KIN, at(END + timedelta(days=1), 0, 0))
    # A reason recorded, but someone was referred after all (long before either period): not counted.
    h12 = not_referred(london, NoReferralReason.FAMILY_DECLINED, at(date(2026, 2, 2)))
    person(h12, at(date(2025, 6, 1)), closed_on=date(2025, 7, 1))
    not_referred(london, NoReferralReason.UNKNOWN, at(date(2026, 2, 3)), offence=OffenceType.ROAD_TRAFFIC_DEATH)

    # B4: needs assessments; positive when they record a need.
    needs = list(NeedType.objects.all()[:2])

    def assessment(p, on, n_needs=0):
        a = f.AssessmentFactory(person=p, assessed_on=on, assessed_by=d.worker_a)
        a.needs.set(needs[:n_needs])
        return a

    assessment(d.p1, START, 1)
    assessment(d.p1, date(2026, 2, 10))
    assessment(d.p1, BEFORE_END, 1)
    assessment(d.p3, END, 1)
    assessment(d.p6, date(2026, 3, 1), 2)
    assessment(d.p4, BEFORE_START)
    assessment(d.p7, date(2026, 2, 1), 1)
    assessment(d.p8, date(2026, 2, 2), 1)
    assessment(d.p1, END + timedelta(days=1), 1)
    assessment(d.p4, BEFORE_START - timedelta(days=1), 1)

    # B5 and B6: support given.
    def support(p, code, on):
        f.SupportFactory(person=p, support_type=SupportType.objects.get(code=code), given_on=on, recorded_by=d.worker_a)

    support(d.p1, "emotional-support", START)
    support(d.p1, "emotional-support", date(2026, 2, 1))
    support(d.p2, "advocacy", END)
    support(d.p6, "financial-assistance", date(2026, 3, 1))
    support(d.p3, "information", BEFORE_END)
    support(d.p8, "emotional-support", date(2026, 2, 3))
    support(d.p7, "emotional-support", date(2026, 2, 1))
    support(d.p1, "emotional-support", END + timedelta(days=1))
    support(d.p1, "counselling", date(2026, 1, 20))
    support(d.p8, "counselling", date(2026, 2, 5))
    support(d.p4, "transport", BEFORE_START)
    support(d.p4, "transport", BEFORE_START - timedelta(days=1))
    return d


def regions(d):
    return tables.region_columns([d.london, d.south_east])


def figures(table, key):
    """(this period per column, previous period per column, total, previous total)."""
    row = table.row(key)
    return row.values, row.previous, row.total, row.previous_total


# ---- B2 ------------------------------------------------------------------------------------------------


def test_b2_counts_adults_and_children_referred_and_divides_by_their_homicides(data):
    table = tables.b2_people_referred(regions(data), PERIOD)

    # London now: p1 (adult, first moment), p2 (child), p6 (adult, last minute) of h1 and h6. South East: p8.
    assert figures(table, "adults") == ((2, 1), (2, 0), 3, 2)  # before: p3, p4 | p9 is a child
    assert figures(table, "children") == ((1, 0), (0, 1), 1, 1)
    assert figures(table, "people") == ((3, 1), (2, 1), 4, 3)
    assert figures(table, "homicides") == ((2, 1), (2, 1), 3, 3)
    assert figures(table, "adults_per_homicide") == ((D("1.0"), D("1.0")), (D("1.0"), D("0.0")), D("1.0"), D("0.7"))
    assert figures(table, "children_per_homicide") == ((D("0.5"), D("0.0")), (D("0.0"), D("1.0")), D("0.3"), D("0.3"))
    assert figures(table, "people_per_homicide") == ((D("1.5"), D("1.0")), (D("1.0"), D("1.0")), D("1.3"), D("1.0"))


# ---- B3 ------------------------------------------------------------------------------------------------


def test_b3_counts_homicides_not_referred_by_reason_when_the_service_first_heard(data):
    table = tables.b3_reasons_not_referred(regions(data), PERIOD)

    # Now: London's family decline (1 February); the South East's unknown (no notification, recorded 31 March).
    # Before: London's SIO decision, first heard on 3 October (its second notification in February is not used).
    assert figures(table, "family_declined") == ((1, 0), (0, 0), 1, 0)
    assert figures(table, "unknown") == ((0, 1), (0, 0), 1, 0)
    assert figures(table, "sio_no_engagement") == ((0, 0), (1, 0), 0, 1)
    assert figures(table, "no_next_of_kin") == ((0, 0), (0, 0), 0, 0)
    assert figures(table, "deceased_not_identified") == ((0, 0), (0, 0), 0, 0)
    assert figures(table, "not_referred") == ((1, 1), (1, 0), 2, 1)


# ---- B4 ------------------------------------------------------------------------------------------------


def test_b4_counts_assessments_and_positive_ones_with_averages(data):
    table = tables.b4_needs_assessments(regions(data), PERIOD)

    # London now: p1 x2 (one positive), p3 (positive, on the last day), p6 (two needs: one positive assessment).
    assert figures(table, "assessments") == ((4, 1), (2, 0), 5, 2)
    assert figures(table, "positive") == ((3, 1), (1, 0), 4, 1)
    # People supported now: p1, p2, p3, p6 | p8, p9; before: p3, p4 | p9.
    assert figures(table, "people_supported") == ((4, 2), (2, 1), 6, 3)
    assert figures(table, "homicides_referred") == ((3, 1), (2, 1), 4, 3)
    assert figures(table, "case_workers") == ((2, 1), (2, 1), 3, 3)
    assert figures(table, "per_person") == ((D("1.0"), D("0.5")), (D("1.0"), D("0.0")), D("0.8"), D("0.7"))
    assert figures(table, "per_homicide") == ((D("1.3"), D("1.0")), (D("1.0"), D("0.0")), D("1.3"), D("0.7"))
    assert figures(table, "per_case_worker") == ((D("2.0"), D("1.0")), (D("1.0"), D("0.0")), D("1.7"), D("0.7"))


def test_b4_for_one_case_worker_beside_their_team(data):
    table = tables.b4_needs_assessments(tables.worker_columns(data.worker_a, data.london), PERIOD)

    assert [c.name for c in table.columns] == ["Ada Aworker", "London"]
    assert table.show_total is False
    # Ada leads h1 (p1, p2) and h2 (p3): now p1 x2 and p3; before p1's on 31 December.
    assert figures(table, "assessments") == ((3, 4), (1, 2), None, None)
    assert figures(table, "positive") == ((2, 3), (1, 1), None, None)
    assert figures(table, "people_supported") == ((3, 4), (1, 2), None, None)
    assert figures(table, "homicides_referred") == ((2, 3), (1, 2), None, None)
    assert figures(table, "case_workers") == ((1, 2), (1, 2), None, None)
    assert figures(table, "per_person")[:2] == ((D("1.0"), D("1.0")), (D("1.0"), D("1.0")))
    assert figures(table, "per_homicide")[:2] == ((D("1.5"), D("1.3")), (D("1.0"), D("1.0")))
    assert figures(table, "per_case_worker")[:2] == ((D("3.0"), D("2.0")), (D("1.0"), D("1.0")))


# ---- B5 and B6 -----------------------------------------------------------------------------------------


def test_b5_counts_direct_support_by_type_with_averages(data):
    table = tables.b5_direct_support(regions(data), PERIOD)

    # The evaluation's ten types; the kinds of financial assistance recorded apart (commissioning's migration 0002)
    # are counted in "Financial assistance" (below).
    assert [r.key for r in table.groups[0]] == [
        "financial-assistance",
        "burglar-alarm",
        "personal-alarm",
        "emotional-support",
        "advocacy",
        "crime-prevention",
        "information",
        "practical-support",
        "witness-service",
        "other",
    ]
    assert figures(table, "emotional-support") == ((2, 1), (0, 0), 3, 0)
    assert figures(table, "advocacy") == ((1, 0), (0, 0), 1, 0)
    assert figures(table, "financial-assistance") == ((1, 0), (0, 0), 1, 0)
    assert figures(table, "information") == ((0, 0), (1, 0), 0, 1)
    assert figures(table, "burglar-alarm") == ((0, 0), (0, 0), 0, 0)
    assert figures(table, "total") == ((4, 1), (1, 0), 5, 1)
    assert figures(table, "per_person") == ((D("1.0"), D("0.5")), (D("0.5"), D("0.0")), D("0.8"), D("0.3"))
    assert figures(table, "per_homicide") == ((D("1.3"), D("1.0")), (D("0.5"), D("0.0")), D("1.3"), D("0.3"))


@pytest.mark.parametrize("code", ["funeral-expenses", "emergency-payment", "benefits-help"])
def test_b5_counts_each_kind_of_financial_assistance_in_the_evaluations_one_row(data, code):
    f.SupportFactory(
        person=data.p6, support_type=SupportType.objects.get(code=code), given_on=START, recorded_by=data.worker_a
    )

    table = tables.b5_direct_support(regions(data), PERIOD)

    assert figures(table, "financial-assistance") == ((2, 0), (0, 0), 2, 0)
    assert figures(table, "total") == ((5, 1), (1, 0), 6, 1)
    assert code not in [r.key for r in table.rows]


def test_b5_for_one_case_worker(data):
    table = tables.b5_direct_support(tables.worker_columns(data.worker_a, data.london), PERIOD)

    # Ada's cases: p1's two emotional support and p2's advocacy now; p3's information before.
    assert figures(table, "total") == ((3, 4), (1, 1), None, None)
    assert figures(table, "per_person")[:2] == ((D("1.0"), D("1.0")), (D("1.0"), D("0.5")))
    assert figures(table, "per_homicide")[:2] == ((D("1.5"), D("1.3")), (D("1.0"), D("0.5")))


def test_b6_counts_commissioned_services_by_type(data):
    table = tables.b6_commissioned_support(regions(data), PERIOD)

    assert [r.key for r in table.groups[0]][:2] == ["security-locks", "childcare"]
    assert len(table.groups[0]) == 9
    assert figures(table, "counselling") == ((1, 1), (0, 0), 2, 0)
    assert figures(table, "transport") == ((0, 0), (1, 0), 0, 1)
    assert figures(table, "total") == ((1, 1), (1, 0), 2, 1)
    assert figures(table, "per_person") == ((D("0.3"), D("0.5")), (D("0.5"), D("0.0")), D("0.3"), D("0.3"))
    assert figures(table, "per_homicide") == ((D("0.3"), D("1.0")), (D("0.5"), D("0.0")), D("0.5"), D("0.3"))


# ---- B7 ------------------------------------------------------------------------------------------------


def test_b7_counts_cases_closed_per_case_worker_with_the_range_and_length_of_contact(data):
    table = tables.b7_cases_closed(regions(data), PERIOD)

    # Now: p1 (last day) and p3 (first day), both Ada's; before: p4 (Ben's, 31 December). p7 never counts.
    assert figures(table, "closed") == ((2, 0), (1, 0), 2, 1)
    assert figures(table, "per_case_worker") == ((D("1.0"), D("0.0")), (D("0.5"), D("0.0")), D("0.7"), D("0.3"))
    assert figures(table, "range") == (((0, 2), (0, 0)), ((0, 1), (0, 0)), (0, 2), (0, 1))
    assert table.row("range").cells[0] == ("0 to 2", "0 to 1")
    assert figures(table, "homicides") == ((2, 0), (1, 0), 2, 1)
    # (89 + 31) / 2 days now; 60 days before; nothing closed in the South East.
    assert figures(table, "average_days") == ((D("60.0"), None), (D("60.0"), None), D("60.0"), D("60.0"))


def test_b7_for_one_case_worker(data):
    table = tables.b7_cases_closed(tables.worker_columns(data.worker_b, data.london), PERIOD)

    assert figures(table, "closed")[:2] == ((0, 2), (1, 1))
    assert figures(table, "range")[:2] == (((0, 0), (0, 2)), ((1, 1), (0, 1)))


# ---- B8 ------------------------------------------------------------------------------------------------


def test_b8_counts_homicides_and_people_per_case_worker_with_ranges(data):
    table = tables.b8_caseload(regions(data), PERIOD)

    # Consent referrals now: h1 (Ada) and h6 (the team leader's); h8's first referral was in the previous period.
    assert figures(table, "consent_referrals") == ((2, 0), (2, 1), 2, 3)
    assert figures(table, "homicides_per_case_worker") == (
        (D("1.0"), D("0.0")),
        (D("1.0"), D("1.0")),
        D("0.7"),
        D("1.0"),
    )
    # The range is over case workers only: Ada 1, Ben 0 now; 1 and 1 before.
    assert figures(table, "homicides_range") == (((0, 1), (0, 0)), ((1, 1), (1, 1)), (0, 1), (1, 1))
    assert figures(table, "people_supported") == ((4, 2), (2, 1), 6, 3)
    assert figures(table, "people_per_case_worker") == (
        (D("2.0"), D("2.0")),
        (D("1.0"), D("1.0")),
        D("2.0"),
        D("1.0"),
    )
    # Ada supports p1, p2, p3 now; Ben nobody; Sid p8 and p9.
    assert figures(table, "people_range") == (((0, 3), (2, 2)), ((1, 1), (1, 1)), (0, 3), (1, 1))


def test_b8_for_one_case_worker(data):
    table = tables.b8_caseload(tables.worker_columns(data.worker_a, data.london), PERIOD)

    assert figures(table, "consent_referrals")[:2] == ((1, 2), (1, 2))
    assert figures(table, "people_supported")[:2] == ((3, 4), (1, 2))
    assert figures(table, "people_range")[:2] == (((3, 3), (0, 3)), ((1, 1), (1, 1)))


# ---- Boundaries and query counts -----------------------------------------------------------------------


def test_one_day_periods_take_the_first_and_last_moments(data):
    last_day = Period(END, END)  # the previous period is 30 March
    b2 = tables.b2_people_referred(regions(data), last_day)
    b7 = tables.b7_cases_closed(regions(data), last_day)
    first_day = tables.b4_needs_assessments(regions(data), Period(START, START))  # previous: 31 December

    assert figures(b2, "adults")[:2] == ((1, 0), (0, 0))  # p6 at 23:59
    assert figures(b7, "closed")[:2] == ((1, 0), (0, 0))  # p1 closed on 31 March
    assert figures(first_day, "assessments")[:2] == ((1, 0), (1, 0))  # 1 January; 31 December


EXPECTED_QUERIES = {"b2": 1, "b3": 1, "b4": 2, "b5": 3, "b6": 3, "b7": 1, "b8": 2}


@pytest.mark.parametrize("code", sorted(EXPECTED_QUERIES))
def test_table_query_count_does_not_grow_with_data(code, data, django_assert_num_queries):
    build = tables.TABLES[code][0]
    columns = regions(data)
    with django_assert_num_queries(EXPECTED_QUERIES[code]):
        build(columns, PERIOD)
    worker = f.UserFactory(role=Role.CASE_WORKER, region=data.london)
    for _ in range(4):
        p = f.PersonFactory(homicide=f.HomicideFactory(region=data.london, lead_case_worker=worker))
        f.AssessmentFactory(person=p, assessed_on=date(2026, 2, 1))
        f.SupportFactory(person=p, given_on=date(2026, 2, 1))
    columns = regions(data)
    with django_assert_num_queries(EXPECTED_QUERIES[code]):
        build(columns, PERIOD)


def test_periods_keep_their_workers_when_copied_or_pickled():
    import copy
    import pickle

    from reporting.tables import Periods

    periods = Periods(
        Period(date(2026, 2, 1), date(2026, 2, 28)), Period(date(2026, 1, 1), date(2026, 1, 31)), frozenset({7})
    )

    for again in (copy.copy(periods), pickle.loads(pickle.dumps(periods))):  # noqa: S301 - our own object
        assert tuple(again) == tuple(periods)
        assert again.worker_ids == {7}
