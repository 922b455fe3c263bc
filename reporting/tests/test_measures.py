"""Chapter 5 measures M1 (the 24-hour chain) and M2 (declines by stage): every figure of a hand-built data set,
for the period and the previous period, per region and in total; query counts; the pages."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from casework.models import ConsentOutcome, ContactKind, DeclineStage
from intake.models import Allocation, LiaisonKind, OffenceType, PoliceLiaison
from reporting import measures, tables
from reporting.queries import Period
from tests import factories as f

PERIOD = Period(date(2026, 1, 1), date(2026, 3, 31))  # the previous period: 3 October to 31 December 2025


def at(day: date, hour: int = 12, minute: int = 0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def data(db):
    london, south_east = f.region("london"), f.region("south-east-east")
    d = type("Data", (), {})()
    d.london, d.south_east = london, south_east
    d.worker = f.UserFactory(role=Role.CASE_WORKER, region=london, full_name="Ada Aworker")
    d.se_worker = f.UserFactory(role=Role.CASE_WORKER, region=south_east, full_name="Sid Eastworker")
    leader = f.UserFactory(role=Role.TEAM_LEADER, region=london)

    def homicide(region, lead, offence=OffenceType.MURDER, notified=(), allocated=None):
        h = f.HomicideFactory(region=region, lead_case_worker=lead, offence_type=offence)
        for moment in notified:
            f.NotificationFactory(region=region, homicide=h, received_at=moment)
        if allocated:
            Allocation.objects.create(homicide=h, case_worker=lead, allocated_by=leader, allocated_at=allocated)
        return h

    # M1, allocation: within 24 hours is up to the same minute the next day.
    first, again = at(date(2026, 1, 10), 9), at(date(2026, 1, 20))
    d.h1 = homicide(london, d.worker, notified=[first, again], allocated=at(date(2026, 1, 11), 9))
    d.h2 = homicide(london, d.worker, notified=[at(date(2026, 1, 10), 9)], allocated=at(date(2026, 1, 11), 9, 1))
    d.h3 = homicide(london, d.worker, notified=[at(date(2026, 2, 1))])  # never allocated
    d.h4 = homicide(south_east, d.se_worker, notified=[at(date(2025, 12, 1), 10)], allocated=at(date(2025, 12, 1), 12))
    d.h5 = homicide(
        london,
        d.worker,
        OffenceType.CORPORATE_MANSLAUGHTER,
        notified=[at(date(2026, 1, 10))],
        allocated=at(date(2026, 1, 10)),
    )  # never counted
    homicide(london, d.worker, notified=[at(date(2026, 4, 1), 0)], allocated=at(date(2026, 4, 1), 1))  # after

    # M1, police liaison: each homicide's first record of a kind, within 24 hours of its first notification (to the
    # minute, as allocation). Written straight to the table: the action's own rules are tested in intake.
    def liaison(h, kind, moment):
        PoliceLiaison.objects.create(homicide=h, kind=kind, occurred_at=moment, recorded_by=leader)

    sio, flo = LiaisonKind.SIO_TOLD, LiaisonKind.FLO_CONTACTED
    liaison(d.h1, sio, at(date(2026, 1, 11), 9))  # exactly 24 hours
    liaison(d.h1, sio, at(date(2026, 1, 12), 9))  # told again later: the first counts, once
    liaison(d.h1, flo, at(date(2026, 1, 11), 9, 1))  # a minute late
    liaison(d.h2, sio, at(date(2026, 1, 11), 10))  # an hour late
    liaison(d.h2, flo, at(date(2026, 1, 10), 8))  # before the notification was received: in time
    liaison(d.h3, flo, at(date(2026, 2, 1), 13))  # never allocated, but the FLO was contacted
    liaison(d.h4, sio, at(date(2025, 12, 1), 13))  # the previous period
    liaison(d.h4, flo, at(date(2025, 12, 3), 10))  # two days late
    liaison(d.h5, sio, at(date(2026, 1, 10), 1))  # ineligible homicide
    liaison(d.h5, flo, at(date(2026, 1, 10), 2))

    # M1, first contact after consent: a visit or a call to the person, by staff, at or after consent.
    def person(h, referred_at=None):
        return f.PersonFactory(homicide=h, referred_at=referred_at)

    def contact(p, moment, kind=ContactKind.VISIT, by_volunteer=False):
        f.ContactFactory(person=p, made_by=d.worker, kind=kind, occurred_at=moment, by_volunteer=by_volunteer)

    p1 = person(d.h1, at(date(2026, 1, 12), 10))
    contact(p1, at(date(2026, 1, 13), 10))  # exactly 24 hours
    p2 = person(d.h1, at(date(2026, 1, 12), 10))
    contact(p2, at(date(2026, 1, 12), 11), ContactKind.CALL_ON_BEHALF)  # not contact with the family
    contact(p2, at(date(2026, 1, 12), 12), by_volunteer=True)  # not staff
    contact(p2, at(date(2026, 1, 13), 10, 1), ContactKind.CALL_TO_PERSON)  # a minute late
    p3 = person(d.h3, at(date(2026, 2, 1), 10))
    contact(p3, at(date(2026, 2, 1), 9))  # before consent: not the first contact after it
    p4 = person(d.h4, at(date(2025, 12, 2), 10))
    contact(p4, at(date(2025, 12, 2), 15), ContactKind.CALL_TO_PERSON)
    p5 = person(d.h5, at(date(2026, 1, 12), 10))
    contact(p5, at(date(2026, 1, 12), 11))  # ineligible homicide

    # M2: declines, and the decisions that followed them (at any time up to today).
    def decide(p, moment, outcome=ConsentOutcome.DECLINED, stage=""):
        f.ConsentFactory(person=p, outcome=outcome, decline_stage=stage, decided_at=moment, recorded_by=d.worker)

    q1 = person(d.h1)
    decide(q1, at(date(2026, 1, 5)), stage=DeclineStage.BEFORE_REFERRAL)
    decide(q1, at(date(2026, 2, 1)), ConsentOutcome.REFERRED)  # re-offered and taken up
    q2 = person(d.h2)
    decide(q2, at(date(2026, 1, 20)), stage=DeclineStage.FIRST_CONTACT)
    decide(q2, at(date(2026, 3, 31), 23, 59), stage=DeclineStage.LATER)  # the re-offer, declined again
    q3 = person(d.h4)
    decide(q3, at(date(2025, 11, 1)), stage=DeclineStage.BEFORE_REFERRAL)
    decide(q3, at(date(2026, 4, 10)), stage=DeclineStage.LATER)  # after the period, still a re-offer of the first
    decide(person(d.h5), at(date(2026, 1, 5)), stage=DeclineStage.BEFORE_REFERRAL)  # ineligible homicide
    return d


def figures(table, key):
    row = table.row(key)
    return row.values, row.previous, row.total, row.previous_total


def test_m1_allocation_within_24_hours_of_the_first_notification(data):
    table = measures.m1_24_hour_chain(tables.region_columns([data.london, data.south_east]), PERIOD)

    # London now: h1 (allocated 24 hours after its first notification), h2 (a minute late), h3 (never); before:
    # the South East's h4 (2 hours).
    assert figures(table, "notified") == ((3, 0), (0, 1), 3, 1)
    assert figures(table, "allocated") == ((1, 0), (0, 1), 1, 1)
    assert figures(table, "allocated_share") == ((D("33.3"), None), (None, D("100.0")), D("33.3"), D("100.0"))


def test_m1_police_told_the_name_and_the_flo_contacted_within_24_hours_of_the_first_notification(data):
    table = measures.m1_24_hour_chain(tables.region_columns([data.london, data.south_east]), PERIOD)

    # London now, of h1, h2 and h3: the SIO told h1's name at 24 hours (h2's an hour late, h3's never); the FLO
    # contacted for h2 and h3 (h1's a minute late). Before: the South East's h4, SIO told in 3 hours, FLO two days on.
    assert figures(table, "sio_told") == ((1, 0), (0, 1), 1, 1)
    assert figures(table, "sio_told_share") == ((D("33.3"), None), (None, D("100.0")), D("33.3"), D("100.0"))
    assert figures(table, "flo_contacted") == ((2, 0), (0, 0), 2, 0)
    assert figures(table, "flo_contacted_share") == ((D("66.7"), None), (None, D("0.0")), D("66.7"), D("0.0"))
    keys = [row.key for row in table.rows]
    assert keys[: keys.index("referred")] == [
        "notified",
        "allocated",
        "allocated_share",
        "sio_told",
        "sio_told_share",
        "flo_contacted",
        "flo_contacted_share",
    ]


def test_m1_first_contact_within_24_hours_of_consent(data):
    table = measures.m1_24_hour_chain(tables.region_columns([data.london, data.south_east]), PERIOD)

    # London now: p1 (visited 24 hours later), p2 (called a minute late), p3 (only seen before consent).
    assert figures(table, "referred") == ((3, 0), (0, 1), 3, 1)
    assert figures(table, "contacted") == ((1, 0), (0, 1), 1, 1)
    assert figures(table, "contacted_share") == ((D("33.3"), None), (None, D("100.0")), D("33.3"), D("100.0"))


def test_m2_declines_by_stage_and_what_followed(data):
    table = measures.m2_declines(tables.region_columns([data.london, data.south_east]), PERIOD)

    assert figures(table, "before_referral") == ((1, 0), (0, 1), 1, 1)
    assert figures(table, "before_referral_reoffered") == ((1, 0), (0, 1), 1, 1)
    assert figures(table, "before_referral_taken_up") == ((1, 0), (0, 0), 1, 0)
    assert figures(table, "first_contact") == ((1, 0), (0, 0), 1, 0)
    assert figures(table, "first_contact_reoffered") == ((1, 0), (0, 0), 1, 0)
    assert figures(table, "first_contact_taken_up") == ((0, 0), (0, 0), 0, 0)
    assert figures(table, "later") == ((1, 0), (0, 0), 1, 0)  # q2's second decline: nothing followed yet
    assert figures(table, "later_reoffered") == ((0, 0), (0, 0), 0, 0)
    assert figures(table, "declines") == ((3, 0), (0, 1), 3, 1)
    assert figures(table, "reoffered") == ((2, 0), (0, 1), 2, 1)
    assert figures(table, "taken_up") == ((1, 0), (0, 0), 1, 0)
    assert figures(table, "taken_up_share") == ((D("33.3"), None), (None, D("0.0")), D("33.3"), D("0.0"))


def test_a_case_worker_beside_their_team(data):
    table = measures.m1_24_hour_chain(tables.worker_columns(data.worker, data.london), PERIOD)

    assert [c.name for c in table.columns] == ["Ada Aworker", "London"]
    assert figures(table, "notified")[:2] == ((3, 3), (0, 0))


@pytest.mark.parametrize(("build", "queries"), [(measures.m1_24_hour_chain, 2), (measures.m2_declines, 1)])
def test_each_measure_takes_a_fixed_number_of_queries(build, queries, data, django_assert_num_queries):
    columns = tables.region_columns([data.london, data.south_east])
    with django_assert_num_queries(queries):
        build(columns, PERIOD)
    for _ in range(3):
        h = f.HomicideFactory(region=data.south_east, lead_case_worker=data.se_worker)
        f.NotificationFactory(region=data.south_east, homicide=h, received_at=at(date(2026, 2, 2)))
        for kind in LiaisonKind.values:
            PoliceLiaison.objects.create(
                homicide=h, kind=kind, occurred_at=at(date(2026, 2, 2), 13), recorded_by=data.se_worker
            )
        p = f.PersonFactory(homicide=h, referred_at=at(date(2026, 2, 3)))
        f.ConsentFactory(
            person=p,
            outcome="declined",
            decline_stage="later",
            decided_at=at(date(2026, 2, 3)),
            recorded_by=data.worker,
        )
    with django_assert_num_queries(queries):
        build(columns, PERIOD)


@pytest.mark.parametrize("code", ["m1", "m2"])
def test_the_measure_pages_say_how_they_are_counted(code, cast, signed_in):
    response = signed_in(cast.team_leader).get(reverse(f"reporting:{code}"))

    html = response.content.decode()
    assert response.status_code == 200
    assert [c.key for c in response.context["table"].columns] == ["london"]
    assert "How these figures are counted" in html
    assert (
        f'href="{reverse(f"reporting:{code}")}?start='
        in signed_in(cast.team_leader).get(reverse("reporting:index")).content.decode()
    )


def test_the_24_hour_chain_says_how_police_liaison_is_counted(cast, signed_in):
    html = signed_in(cast.national_manager).get(reverse("reporting:m1")).content.decode()

    assert "Police liaison: a homicide counts once, by the first record of each kind" in html
    assert "Of those, SIO told the case worker&#x27;s name within 24 hours" in html
    assert "Waypoint keeps no record" not in html
