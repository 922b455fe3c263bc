"""M7, support per stage of the case: every figure of a hand-built case history, worked out in the comments, for
the period and the previous one, per region, in total and per case worker; the stage of a contact derived from the
justice journey on its day; the page, its export and the query count."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from accounts.models import Role
from casework.models import CaseStage, ContactKind, SupportType
from intake.models import OffenceType
from reporting import stages, tables
from reporting.queries import Period
from reporting.tests.test_tables import at
from tests import factories as f

START, END = date(2026, 1, 1), date(2026, 3, 31)  # the previous period: 3 October to 31 December 2025
PERIOD = Period(START, END)


@pytest.fixture
def data(db):
    london, south_east = f.region("london"), f.region("south-east-east")
    d = type("Data", (), {})()
    d.london, d.south_east = london, south_east
    d.worker_a = f.UserFactory(role=Role.CASE_WORKER, region=london, full_name="Ada Aworker")
    d.worker_b = f.UserFactory(role=Role.CASE_WORKER, region=london, full_name="Ben Bworker")
    d.se_worker = f.UserFactory(role=Role.CASE_WORKER, region=south_east, full_name="Sid Eastworker")
    volunteer = f.UserFactory(role=Role.VOLUNTEER, region=london)
    death = date(2025, 6, 1)

    def homicide(region, lead, offence=OffenceType.MURDER):
        return f.HomicideFactory(region=region, lead_case_worker=lead, offence_type=offence, date_of_death=death)

    h1, h2 = homicide(london, d.worker_a), homicide(london, d.worker_b)
    h3 = homicide(south_east, d.se_worker)
    h9 = homicide(london, d.worker_a, OffenceType.CORPORATE_MANSLAUGHTER)  # never counted
    referred = at(date(2025, 9, 1))
    p1, p2 = f.PersonFactory(homicide=h1, referred_at=referred), f.PersonFactory(homicide=h1, referred_at=referred)
    p3 = f.PersonFactory(homicide=h2, referred_at=referred)
    p4 = f.PersonFactory(homicide=h3, referred_at=referred)
    p9 = f.PersonFactory(homicide=h9, referred_at=referred)

    # h1's journey: arrested 1 December (investigation), charged 1 February (pre-trial), inquest sitting from
    # 1 to 10 March, trial from 20 March, verdict on 30 March (summer time). A charge "on 5 January" was entered
    # in error. h3: no further action.
    def event(h, kind, on, **kw):
        f.JourneyEventFactory(homicide=h, kind=kind, occurred_on=on, recorded_by=d.worker_a, **kw)

    event(h1, "arrest", date(2025, 12, 1))
    event(h1, "charge", date(2026, 1, 5), entered_in_error=True, error_reason="Wrong homicide")
    event(h1, "charge", date(2026, 2, 1))
    event(h1, "inquest_opened", date(2026, 3, 1))
    event(h1, "inquest_adjourned", date(2026, 3, 10))
    event(h1, "trial_started", date(2026, 3, 20))
    event(h1, "verdict", date(2026, 3, 30))
    event(h3, "no_further_action", date(2025, 11, 1))

    def contact(p, moment, minutes, kind=ContactKind.VISIT, by=d.worker_a, by_volunteer=False):
        f.ContactFactory(
            person=p, occurred_at=moment, duration_minutes=minutes, kind=kind, made_by=by, by_volunteer=by_volunteer
        )

    call = ContactKind.CALL_TO_PERSON
    contact(p1, at(date(2026, 1, 10)), 60)  # investigation
    contact(p1, at(date(2026, 1, 31), 23, 30), 60)  # investigation: the charge is the next day
    contact(p1, at(date(2026, 2, 1), 9), 30, call)  # pre-trial: charged that day
    contact(p2, at(date(2026, 2, 15)), 30, call)  # pre-trial
    contact(p1, at(date(2026, 3, 5)), 90)  # inquest sitting
    contact(p2, at(date(2026, 3, 12)), 60)  # pre-trial again: the inquest adjourned
    contact(p2, at(date(2026, 3, 25)), 120, by=volunteer, by_volunteer=True)  # trial; a volunteer's time
    contact(p2, at(date(2026, 3, 30), 0, 30), 30, call)  # post-trial: 30 March in the UK (29 March in UTC)
    contact(p3, at(date(2026, 1, 20)), 15, call)  # h2 has no events: investigation
    contact(p3, at(END, 23, 30), 60)  # the period's last half hour (UK time)
    contact(p3, at(date(2025, 12, 31), 22), 15, call)  # the previous period's last day
    contact(p4, at(date(2026, 2, 2)), 45)  # no proceedings
    contact(p9, at(date(2026, 2, 2)), 45)  # corporate manslaughter

    def assessment(p, on, stage):
        f.AssessmentFactory(person=p, assessed_on=on, case_stage=stage, assessed_by=d.worker_a)

    assessment(p1, date(2026, 1, 12), CaseStage.INVESTIGATION)
    assessment(p2, date(2026, 2, 20), CaseStage.PRE_TRIAL)
    assessment(p3, date(2026, 2, 1), CaseStage.PRE_TRIAL)  # the recorded stage counts, not the journey's
    assessment(p4, date(2025, 12, 1), CaseStage.NO_PROCEEDINGS)  # the previous period
    assessment(p1, date(2026, 3, 21), CaseStage.DOMESTIC_HOMICIDE_REVIEW)

    def support(p, code, on, stage):
        f.SupportFactory(
            person=p,
            support_type=SupportType.objects.get(code=code),
            given_on=on,
            case_stage=stage,
            recorded_by=d.worker_a,
        )

    support(p1, "emotional-support", date(2026, 1, 12), CaseStage.INVESTIGATION)
    support(p1, "advocacy", date(2026, 2, 3), CaseStage.PRE_TRIAL)
    support(p2, "emotional-support", date(2026, 2, 20), CaseStage.PRE_TRIAL)
    support(p2, "information", date(2026, 2, 21), CaseStage.PRE_TRIAL)
    support(p3, "emotional-support", date(2026, 1, 25), CaseStage.INVESTIGATION)
    support(p4, "counselling", date(2026, 2, 5), CaseStage.NO_PROCEEDINGS)
    support(p1, "emotional-support", date(2026, 4, 1), CaseStage.TRIAL)  # after the period
    return d


def figures(table, key):
    row = table.row(key)
    return row.values, row.previous, row.total, row.previous_total


@pytest.fixture
def table(data):
    return stages.m7_support_per_stage(tables.region_columns([data.london, data.south_east]), PERIOD)


def test_investigation_figures_per_person_and_per_homicide(table):
    # Now: p1 (2 contacts, 1 assessment, 1 support), p3 (2 contacts, 1 support) of h1 and h2. Before: p3's call.
    assert figures(table, "investigation_people") == ((2, 0), (1, 0), 2, 1)
    assert figures(table, "investigation_homicides") == ((2, 0), (1, 0), 2, 1)
    assert figures(table, "investigation_contacts") == ((4, 0), (1, 0), 4, 1)
    assert figures(table, "investigation_assessments") == ((1, 0), (0, 0), 1, 0)
    assert figures(table, "investigation_support") == ((2, 0), (0, 0), 2, 0)
    assert figures(table, "investigation_type_emotional-support") == ((2, 0), (0, 0), 2, 0)
    assert figures(table, "investigation_contacts_mean_per_person") == (
        (D("2.0"), None),
        (D("1.0"), None),
        D("2.0"),
        D("1.0"),
    )
    assert figures(table, "investigation_assessments_mean_per_person")[0] == (D("0.5"), None)
    assert figures(table, "investigation_assessments_median_per_person")[0] == (D("0.5"), None)  # of 1 and 0
    # Staff time: h1 60 + 60 minutes, h2 15 + 60: mean 97.5 minutes, 1.625 hours; the median is the same.
    assert figures(table, "investigation_staff_minutes_mean_per_homicide")[0] == (D("1.6"), None)
    assert figures(table, "investigation_staff_minutes_median_per_homicide")[0] == (D("1.6"), None)
    assert figures(table, "investigation_staff_minutes_median_per_homicide")[1] == (D("0.3"), None)  # 15 minutes


def test_pre_trial_figures_take_recorded_stages_and_the_journey_on_the_contacts_day(table):
    # p1: the call on the day of the charge, advocacy; p2: two contacts (one after the inquest adjourned), an
    # assessment, two instances of support; p3: an assessment recorded at pre-trial although h2 has no events.
    assert figures(table, "pre_trial_people") == ((3, 0), (0, 0), 3, 0)
    assert figures(table, "pre_trial_homicides") == ((2, 0), (0, 0), 2, 0)
    assert figures(table, "pre_trial_contacts")[0] == (3, 0)
    assert figures(table, "pre_trial_assessments")[0] == (2, 0)
    assert figures(table, "pre_trial_support")[0] == (3, 0)
    for code in ("advocacy", "emotional-support", "information"):
        assert figures(table, f"pre_trial_type_{code}")[0] == (1, 0)
    # Per person: contacts 1, 2, 0; assessments 0, 1, 1; support 1, 2, 0.
    assert figures(table, "pre_trial_contacts_mean_per_person")[0] == (D("1.0"), None)
    assert figures(table, "pre_trial_contacts_median_per_person")[0] == (D("1.0"), None)
    assert figures(table, "pre_trial_assessments_mean_per_person")[0] == (D("0.7"), None)
    assert figures(table, "pre_trial_assessments_median_per_person")[0] == (D("1.0"), None)
    # Per homicide: h1 3 contacts (120 minutes), 3 support; h2 none of either.
    assert figures(table, "pre_trial_contacts_mean_per_homicide")[0] == (D("1.5"), None)
    assert figures(table, "pre_trial_contacts_median_per_homicide")[0] == (D("1.5"), None)
    assert figures(table, "pre_trial_staff_minutes_mean_per_homicide")[0] == (D("1.0"), None)
    assert figures(table, "pre_trial_support_median_per_homicide")[0] == (D("1.5"), None)


def test_inquest_trial_review_and_no_proceedings(table):
    assert figures(table, "inquest_contacts") == ((1, 0), (0, 0), 1, 0)  # while the inquest sat
    assert figures(table, "inquest_staff_minutes_median_per_homicide")[0] == (D("1.5"), None)
    # A volunteer's visit after the trial started: a contact at trial, but no staff time.
    assert figures(table, "trial_contacts") == ((1, 0), (0, 0), 1, 0)
    assert figures(table, "trial_staff_minutes_mean_per_homicide")[0] == (D("0.0"), None)
    # The review is recorded on p1's assessment only.
    assert figures(table, "dhr_people") == ((1, 0), (0, 0), 1, 0)
    assert figures(table, "dhr_contacts_mean_per_person")[0] == (D("0.0"), None)
    # The South East: no further action in November, so a visit of 45 minutes and counselling at that stage.
    assert figures(table, "no_proceedings_people") == ((0, 1), (0, 1), 1, 1)
    assert figures(table, "no_proceedings_contacts") == ((0, 1), (0, 0), 1, 0)
    assert figures(table, "no_proceedings_type_counselling") == ((0, 1), (0, 0), 1, 0)
    assert figures(table, "no_proceedings_staff_minutes_mean_per_homicide")[0] == (None, D("0.8"))
    assert figures(table, "no_proceedings_assessments") == ((0, 0), (0, 1), 0, 1)
    # The call half an hour into 30 March, UK time, follows the verdict that day.
    assert figures(table, "post_trial_contacts") == ((1, 0), (0, 0), 1, 0)
    # Nothing at appeal: counts of 0, and nothing to divide.
    assert figures(table, "appeal_people") == ((0, 0), (0, 0), 0, 0)
    assert figures(table, "appeal_contacts_median_per_person") == ((None, None), (None, None), None, None)
    assert not [r for r in table.rows if r.key.startswith("appeal_type_")]


def test_each_case_worker_beside_their_team(data):
    columns = tables.worker_columns([data.worker_a, data.worker_b], data.london)
    table = stages.m7_support_per_stage(columns, PERIOD)

    assert table.show_total is False
    assert figures(table, "investigation_people")[:2] == ((1, 1, 2), (0, 1, 1))
    assert figures(table, "pre_trial_people")[0] == (2, 1, 3)
    # Ada's pre-trial people: p1 (1 contact) and p2 (2): median 1.5; Ben's p3 had none.
    assert figures(table, "pre_trial_contacts_median_per_person")[0] == (D("1.5"), D("0.0"), D("1.0"))


def test_m7_takes_two_queries_whatever_the_data(data, django_assert_num_queries):
    columns = tables.region_columns([data.london, data.south_east])

    with django_assert_num_queries(2):
        stages.m7_support_per_stage(columns, PERIOD)


def test_the_m7_page_explains_its_choices_and_exports(cast, signed_in):
    client = signed_in(cast.team_leader)
    response = client.get(reverse("reporting:m7"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Support per stage of the case" in html
    assert "takes the stage of the case on the day of the contact" in html
    table = response.context["table"]
    # The cast's London person: one assessment and support at pre-trial; two contacts before any journey event
    # (the cast's London journey event, an arrest, follows the death: still the investigation).
    assert table.row("pre_trial_people").values == (1,)
    assert table.row("investigation_contacts").values == (2,)
    exported = client.get(reverse("reporting:m7"), {"format": "csv"}).content.decode().splitlines()
    assert exported[0].startswith("M7 Support per stage of the case,London ")
    assert '"Pre-trial: people with a contact, assessment or support",1,0' in exported


def test_analysts_read_m7_with_small_numbers_and_the_figures_made_from_them_suppressed(cast, signed_in):
    table = signed_in(cast.analyst).get(reverse("reporting:m7")).context["table"]

    assert str(table.row("pre_trial_people").total) == "<5"
    assert str(table.row("pre_trial_support_mean_per_person").total) == "<5"
    assert table.row("post_trial_people").total == 0


def test_readers_without_offence_data_are_not_shown_the_review_stage(cast, signed_in):
    """Only a domestic homicide reaches a Domestic Homicide Review, and whether a homicide is domestic is criminal
    offence data: analysts read every other stage."""
    from api.tests.conftest import Caller

    analyst = signed_in(cast.analyst).get(reverse("reporting:m7"))
    keys = [r.key for r in analyst.context["table"].rows]
    assert "investigation_people" in keys and not [k for k in keys if k.startswith("dhr_")]
    assert "domestic" not in analyst.content.decode().lower()
    body = Caller(signed_in(cast.analyst)).get(reverse("api:report-m7")).json()
    assert not [r for r in body["rows"] if r["key"].startswith("dhr_")]

    leader = signed_in(cast.team_leader).get(reverse("reporting:m7"))
    assert leader.context["table"].row("dhr_people").values == (0,)
