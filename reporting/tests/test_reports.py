"""Tables B1 and B9: figures from a small hand-built data set, access, the period picker and query counts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from casework.models import ContactKind
from intake.models import NotificationSource, OffenceType
from organisation.models import Region
from reporting import queries
from reporting.queries import Period
from tests import factories as f

START, END = date(2026, 1, 1), date(2026, 3, 31)
PERIOD = Period(START, END)


def at(day: date, hour: int = 12, minute: int = 0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def figures(db):
    """London and South East records inside, on and just outside the period's boundaries."""
    london, south_east = f.region("london"), f.region("south-east-east")
    d = type("Figures", (), {"london": london, "south_east": south_east})
    old_death = date(2025, 11, 1)

    def notification(region, source, received_at, **kw):
        return f.NotificationFactory(
            region=region, source=source, received_at=received_at, date_of_death=old_death, **kw
        )

    # London notifications: police x3 inside (first moment of the period, mid, last minute), one the day after.
    for moment in (at(START, 0, 0), at(date(2026, 2, 1)), at(END, 23, 59)):
        notification(london, NotificationSource.POLICE, moment)
    notification(london, NotificationSource.POLICE, at(END + timedelta(days=1), 0, 0))
    notification(london, NotificationSource.POLICE, at(START - timedelta(days=1), 23, 59))
    notification(london, NotificationSource.FOREIGN_OFFICE, at(date(2026, 2, 2)), police_force=None)
    notification(london, NotificationSource.SELF_REFERRAL, at(date(2026, 2, 3)))
    notification(london, NotificationSource.MEDIA, at(date(2026, 2, 4)))
    # Not counted: a road traffic death.
    notification(london, NotificationSource.POLICE, at(date(2026, 2, 5)), offence_type=OffenceType.ROAD_TRAFFIC_DEATH)
    # Counted: a suspicious death whose homicide record is now a murder.
    murder = f.HomicideFactory(region=london, offence_type=OffenceType.MURDER, date_of_death=old_death)
    notification(
        london,
        NotificationSource.POLICE,
        at(date(2026, 2, 6)),
        offence_type=OffenceType.SUSPICIOUS_DEATH,
        homicide=murder,
    )
    # South East: two police, two FCO, one "other".
    for day in (3, 4):
        notification(south_east, NotificationSource.POLICE, at(date(2026, 1, day)))
        notification(south_east, NotificationSource.FOREIGN_OFFICE, at(date(2026, 1, day)), police_force=None)
    notification(south_east, NotificationSource.OTHER, at(date(2026, 1, 5)))

    # London homicides and their people.
    # h1: two people referred in the period -> one consent referral; open all along.
    h1 = f.HomicideFactory(region=london, date_of_death=old_death)
    p1 = f.PersonFactory(homicide=h1, referred_at=at(START, 0, 0))
    p2 = f.PersonFactory(homicide=h1, referred_at=at(date(2026, 1, 10)))
    # h2: referred before the period, closed on the first day -> supported, not a consent referral in the period.
    h2 = f.HomicideFactory(region=london, date_of_death=old_death)
    p3 = f.PersonFactory(homicide=h2, referred_at=at(date(2025, 12, 1)), closed_on=START)
    # h3: referred before the period, closed the day before it -> not supported.
    h3 = f.HomicideFactory(region=london, date_of_death=old_death)
    p4 = f.PersonFactory(homicide=h3, referred_at=at(date(2025, 12, 1)), closed_on=START - timedelta(days=1))
    # h4: referred the day after the period -> neither.
    h4 = f.HomicideFactory(region=london, date_of_death=old_death)
    f.PersonFactory(homicide=h4, referred_at=at(END + timedelta(days=1), 0, 0))
    # h5: nobody referred (a person added who declined).
    h5 = f.HomicideFactory(region=london, date_of_death=old_death)
    f.PersonFactory(homicide=h5, referred_at=None)
    # h6: a manslaughter referred on the last minute of the period -> counted.
    h6 = f.HomicideFactory(region=london, date_of_death=old_death, offence_type=OffenceType.MANSLAUGHTER)
    p6 = f.PersonFactory(homicide=h6, referred_at=at(END, 23, 59))
    # A corporate manslaughter, referred in the period: kept apart.
    h7 = f.HomicideFactory(region=london, date_of_death=old_death, offence_type=OffenceType.CORPORATE_MANSLAUGHTER)
    p7 = f.PersonFactory(homicide=h7, referred_at=at(date(2026, 1, 15)))
    # South East: one homicide with one person referred in the period.
    h8 = f.HomicideFactory(region=south_east, date_of_death=old_death)
    p8 = f.PersonFactory(homicide=h8, referred_at=at(date(2026, 2, 1)))

    # Case workers: London 2 active (one inactive, a team leader too), South East 1.
    worker = f.UserFactory(role=Role.CASE_WORKER, region=london)
    f.UserFactory(role=Role.CASE_WORKER, region=london)
    f.UserFactory(role=Role.CASE_WORKER, region=london, is_active=False)
    f.UserFactory(role=Role.TEAM_LEADER, region=london)
    se_worker = f.UserFactory(role=Role.CASE_WORKER, region=south_east)
    volunteer = f.UserFactory(role=Role.VOLUNTEER, region=london)

    def contact(person, kind, moment, by=worker, by_volunteer=False):
        return f.ContactFactory(person=person, kind=kind, occurred_at=moment, made_by=by, by_volunteer=by_volunteer)

    # London contacts in the period: visits 3 (one on each boundary), calls to 2, on behalf 1, volunteer visits 1.
    contact(p1, ContactKind.VISIT, at(START, 0, 0))
    contact(p2, ContactKind.VISIT, at(date(2026, 2, 1)))
    contact(p6, ContactKind.VISIT, at(END, 23, 59))
    contact(p1, ContactKind.CALL_TO_PERSON, at(date(2026, 1, 2)))
    contact(p3, ContactKind.CALL_TO_PERSON, at(START, 9))
    contact(p2, ContactKind.CALL_ON_BEHALF, at(date(2026, 1, 20)))
    contact(p1, ContactKind.VISIT, at(date(2026, 1, 21)), by=volunteer, by_volunteer=True)
    # Not counted: a volunteer's call, outside the period, and a corporate manslaughter.
    contact(p1, ContactKind.CALL_TO_PERSON, at(date(2026, 1, 22)), by=volunteer, by_volunteer=True)
    contact(p1, ContactKind.VISIT, at(END + timedelta(days=1), 0, 0))
    contact(p4, ContactKind.VISIT, at(START - timedelta(days=1), 23, 59))
    contact(p7, ContactKind.VISIT, at(date(2026, 1, 16)))
    # South East: 2 staff visits, 1 call on behalf.
    contact(p8, ContactKind.VISIT, at(date(2026, 2, 2)), by=se_worker)
    contact(p8, ContactKind.VISIT, at(date(2026, 2, 3)), by=se_worker)
    contact(p8, ContactKind.CALL_ON_BEHALF, at(date(2026, 2, 4)), by=se_worker)
    return d


def both(figures):
    return Region.objects.filter(pk__in=[figures.london.pk, figures.south_east.pk])


def test_b1_counts_notifications_by_source_and_homicides_referred_per_region_and_in_total(figures):
    table = queries.b1_notifications_and_referrals(both(figures), PERIOD)

    assert [r.code for r in table.regions] == ["london", "south-east-east"]
    assert table.row("police").values == (4, 2) and table.row("police").total == 6
    assert table.row("foreign_office").values == (1, 2) and table.row("foreign_office").total == 3
    assert table.row("self_referral").values == (1, 0) and table.row("self_referral").total == 1
    assert table.row("consent_referrals").values == (2, 1) and table.row("consent_referrals").total == 3
    assert table.row("other_sources").values == (1, 1) and table.row("other_sources").total == 2


def test_b1_period_boundaries_include_the_first_and_last_day(figures):
    one_day = queries.b1_notifications_and_referrals(both(figures), Period(END, END))
    day_after = queries.b1_notifications_and_referrals(
        both(figures), Period(END + timedelta(days=1), END + timedelta(days=1))
    )

    assert one_day.row("police").values == (1, 0)
    assert one_day.row("consent_referrals").values == (1, 0)
    assert day_after.row("police").values == (1, 0)
    assert day_after.row("consent_referrals").values == (1, 0)


def test_b1_counts_a_homicide_in_the_period_of_its_first_referral_only(figures):
    """h1's second person was referred on 10 January: the homicide was already referred on 1 January."""
    later = queries.b1_notifications_and_referrals(both(figures), Period(date(2026, 1, 2), END))
    assert later.row("consent_referrals").values == (1, 1)  # h6 in London, h8 in the South East; not h1 again


def test_b9_counts_contacts_and_divides_by_people_homicides_and_case_workers(figures):
    table = queries.b9_case_worker_workload(both(figures), PERIOD)

    # London: people supported p1, p2, p3, p6 (4) of homicides h1, h2, h6 (3); 2 active case workers.
    assert table.row("people_supported").values == (4, 1)
    assert table.row("homicides_referred").values == (3, 1)
    assert table.row("case_workers").values == (2, 1)
    assert table.row("staff_visits").values == (3, 2) and table.row("staff_visits").total == 5
    assert table.row("staff_visits_per_person").values == (Decimal("0.8"), Decimal("2.0"))
    assert table.row("staff_visits_per_person").total == Decimal("1.0")
    assert table.row("staff_visits_per_homicide").values == (Decimal("1.0"), Decimal("2.0"))
    assert table.row("staff_visits_per_homicide").total == Decimal("1.3")
    assert table.row("staff_visits_per_case_worker").values == (Decimal("1.5"), Decimal("2.0"))
    assert table.row("staff_visits_per_case_worker").total == Decimal("1.7")
    assert table.row("volunteer_visits").values == (1, 0)
    assert table.row("volunteer_visits_per_person").values == (Decimal("0.3"), Decimal("0.0"))
    assert table.row("calls_to_person").values == (2, 0)
    assert table.row("calls_to_person_per_case_worker").values == (Decimal("1.0"), Decimal("0.0"))
    assert table.row("calls_on_behalf").values == (1, 1) and table.row("calls_on_behalf").total == 2
    assert table.row("calls_on_behalf_per_homicide").total == Decimal("0.5")
    assert "volunteer_visits_per_case_worker" not in [r.key for r in table.rows]


def test_b9_averages_show_a_dash_when_there_is_nothing_to_divide_by(figures):
    wales = Region.objects.filter(code="wales-north-west")
    table = queries.b9_case_worker_workload(wales, PERIOD)

    assert table.row("staff_visits").cells == ["0", "0"]
    assert table.row("staff_visits_per_person").cells == ["–", "–"]


def test_figures_format_with_thousands_and_one_decimal_place():
    assert queries.format_figure(8380) == "8,380"
    assert queries.format_figure(queries.average(3797, 1287), is_average=True) == "3.0"
    assert queries.format_figure(queries.average(1, 3), is_average=True) == "0.3"
    assert queries.format_figure(queries.average(1, 0), is_average=True) == "–"


@pytest.mark.parametrize("build", [queries.b1_notifications_and_referrals, queries.b9_case_worker_workload])
def test_report_query_count_does_not_grow_with_data(build, figures, django_assert_num_queries):
    regions = Region.objects.all()
    expected = 3 if build is queries.b1_notifications_and_referrals else 4
    with django_assert_num_queries(expected):
        build(regions, PERIOD)
    for _ in range(5):
        person = f.PersonFactory(homicide=f.HomicideFactory(region=f.region("wales-north-west")))
        f.ContactFactory(person=person, occurred_at=at(date(2026, 2, 1)))
        f.NotificationFactory(region=person.homicide.region, received_at=at(date(2026, 2, 1)))
    with django_assert_num_queries(expected):
        build(regions, PERIOD)


# ---- Pages ----------------------------------------------------------------------------------------------


def report_url(name: str, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse(f"reporting:{name}") + (f"?{query}" if query else "")


@pytest.mark.parametrize("name", ["index", "b1", "b9"])
def test_national_manager_sees_every_region_and_the_total(name, cast, signed_in):
    response = signed_in(cast.national_manager).get(report_url(name))

    assert response.status_code == 200
    if name != "index":
        html = response.content.decode()
        for region in Region.objects.all():
            assert region.name in html
        assert ">Total<" in html
        assert 'class="govuk-table"' in html and "<caption" in html and 'scope="row"' in html


def test_team_leader_sees_only_their_region_whatever_the_query_asks(cast, signed_in):
    client = signed_in(cast.team_leader)
    period = {"start": "2020-01-01", "end": timezone.localdate().isoformat()}

    for params in ({}, {"region": "south-east-east"}):
        response = client.get(report_url("b9", **period, **params))
        table = response.context["table"]
        assert [r.code for r in table.regions] == ["london"]
        assert table.row("staff_visits").values == (1,)  # London's only staff visit, never South East's
        assert "South East and East of England" not in response.content.decode()
        assert ">Total<" not in response.content.decode()


def test_national_manager_can_choose_one_region(cast, signed_in):
    response = signed_in(cast.national_manager).get(
        report_url("b1", start="2020-01-01", end=timezone.localdate().isoformat(), region="south-east-east")
    )

    table = response.context["table"]
    assert [r.code for r in table.regions] == ["south-east-east"]
    assert table.row("police").values == (1,)


@pytest.mark.parametrize("role", ["case_worker", "support_worker", "volunteer", "police_referrer"])
@pytest.mark.parametrize("name", ["index", "b1", "b9"])
def test_roles_without_reports_are_refused(role, name, cast, signed_in):
    response = signed_in(getattr(cast, role)).get(report_url(name))

    assert response.status_code in (403, 404)


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(report_url("b1"))

    assert response.status_code == 302


def test_analyst_reads_the_tables(cast, signed_in):
    response = signed_in(cast.analyst).get(report_url("b1"))

    assert response.status_code == 200
    assert len(response.context["table"].regions) == 5


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-02-30"}, "Enter the start date as a real date"),
        ({"end": "yesterday"}, "Enter the end date as a real date"),
        ({"start": "2026-03-01", "end": "2026-02-01"}, "The end date must be the same as or after the start date"),
        ({"end": "9999-12-31"}, "Enter a date before 2100"),
        ({"start": "9999-12-31", "end": "9999-12-31"}, "Enter a date before 2100"),
        ({"start": "9999-12-31"}, "Enter a date before 2100"),
        ({"start": "0001-01-01"}, "Enter a date after 1900"),
    ],
)
def test_invalid_dates_show_an_error_summary_not_a_table(params, message, cast, signed_in):
    response = signed_in(cast.national_manager).get(report_url("b9", **params))

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert response.context["table"] is None


@pytest.mark.parametrize("report", ["b1", "b9"])
def test_a_csv_for_a_period_ending_in_9999_is_the_page_with_its_error_not_a_file(report, cast, signed_in):
    response = signed_in(cast.national_manager).get(report_url(report, end="9999-12-31", format="csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Enter a date before 2100" in response.content.decode()


def test_the_period_defaults_to_the_last_twelve_months(cast, signed_in):
    response = signed_in(cast.national_manager).get(report_url("b1"))

    period = response.context["table"].period
    today = timezone.localdate()
    assert period.end == today
    assert period == queries.default_period(today)
    assert f'value="{today.isoformat()}"' in response.content.decode()


def test_a_table_downloads_as_csv(cast, signed_in):
    response = signed_in(cast.national_manager).get(
        report_url("b1", start="2020-01-01", end=timezone.localdate().isoformat(), format="csv")
    )

    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("B1 Notifications and referrals,London,")
    assert lines[0].endswith(",Total")
    assert lines[1].startswith("Total number of notifications from the police,1,1,0,0,0,2")


@pytest.mark.parametrize("name", ["b1", "b9"])
def test_report_pages_take_a_fixed_number_of_queries(name, cast, signed_in, django_assert_max_num_queries):
    client = signed_in(cast.national_manager)
    client.get(report_url(name))  # warm the session
    with django_assert_max_num_queries(12) as captured:
        client.get(report_url(name))
    before = len(captured)
    for _ in range(3):
        person = f.PersonFactory(homicide=f.HomicideFactory(region=cast.south_east))
        f.ContactFactory(person=person, made_by=cast.south_east_case_worker)
    with django_assert_max_num_queries(before):
        client.get(report_url(name))
