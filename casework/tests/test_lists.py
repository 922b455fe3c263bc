"""The lists' filters and sorting, in the pages and the API: homicides by lead worker, justice stage, date of death
and status; people by lead worker and status. The stage derived in SQL matches `justice.queries.current_stage`."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from casework import lists
from casework.models import ConsentOutcome
from intake.models import Homicide
from justice.models import EventKind
from justice.queries import current_stage
from tests import factories as f

HOMICIDES = reverse("intake:homicides")
PEOPLE = reverse("casework:people")


def _references(page: str) -> list[str]:
    return re.findall(r'href="/intake/homicides/\d+/">([^<]+)</a>', page)


@pytest.fixture
def api_as(signed_in):
    from api.tests.conftest import Caller

    return lambda user: Caller(signed_in(user))


@pytest.fixture
def listed(cast):
    """London homicides: Olly leads two (one died long ago, at trial; one at pre-trial), one unallocated."""
    today = timezone.localdate()
    olly = cast.other_case_worker
    cast.old = f.HomicideFactory(region=cast.london, lead_case_worker=olly, date_of_death=today - timedelta(days=400))
    f.PersonFactory(homicide=cast.old)
    f.JourneyEventFactory(homicide=cast.old, kind=EventKind.CHARGE, occurred_on=today - timedelta(days=300))
    f.JourneyEventFactory(homicide=cast.old, kind=EventKind.TRIAL_STARTED, occurred_on=today - timedelta(days=2))
    cast.recent = f.HomicideFactory(region=cast.london, lead_case_worker=olly, date_of_death=today - timedelta(days=20))
    f.JourneyEventFactory(homicide=cast.recent, kind=EventKind.CHARGE, occurred_on=today - timedelta(days=10))
    # Listed for next month: not yet the trial.
    f.JourneyEventFactory(homicide=cast.recent, kind=EventKind.TRIAL_STARTED, occurred_on=today + timedelta(days=30))
    cast.nobody = f.HomicideFactory(region=cast.london, lead_case_worker=None, date_of_death=today - timedelta(days=5))
    return cast


# ---- Homicides -----------------------------------------------------------------------------------------------


def test_homicides_filter_by_lead_worker(listed, signed_in):
    page = signed_in(listed.team_leader).get(HOMICIDES, {"lead": listed.other_case_worker.pk}).content.decode()

    assert set(_references(page)) == {listed.old.reference, listed.recent.reference}
    assert f'<option value="{listed.other_case_worker.pk}" selected>' in page  # the filter keeps its value


def test_homicides_filter_by_the_stage_the_journey_has_reached(listed, signed_in):
    client = signed_in(listed.team_leader)

    trial = _references(client.get(HOMICIDES, {"stage": "trial"}).content.decode())
    pre_trial = _references(client.get(HOMICIDES, {"stage": "pre_trial"}).content.decode())
    investigation = _references(client.get(HOMICIDES, {"stage": "investigation"}).content.decode())

    assert trial == [listed.old.reference]
    assert pre_trial == [listed.recent.reference]
    assert listed.nobody.reference in investigation and listed.old.reference not in investigation


def test_the_stage_filter_is_neither_offered_to_nor_applied_for_a_role_blind_to_offence_data(listed, signed_in):
    page = signed_in(listed.support_worker).get(HOMICIDES, {"stage": "trial"}).content.decode()

    assert 'id="filter-stage"' not in page
    assert {listed.old.reference, listed.recent.reference, listed.nobody.reference} <= set(_references(page))


def _dates(name: str, day) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def test_homicides_filter_by_date_of_death(listed, signed_in):
    today = timezone.localdate()
    query = {**_dates("died_from", today - timedelta(days=30)), **_dates("died_to", today - timedelta(days=10))}

    page = signed_in(listed.team_leader).get(HOMICIDES, query).content.decode()

    assert _references(page) == [listed.recent.reference]
    assert f'value="{(today - timedelta(days=30)).day}"' in page


def test_a_date_range_ending_before_it_starts_is_explained(listed, signed_in):
    today = timezone.localdate()
    query = {**_dates("died_from", today), **_dates("died_to", today - timedelta(days=10))}

    page = signed_in(listed.team_leader).get(HOMICIDES, query).content.decode()

    assert "The end date must be on or after the start date" in page


def test_homicides_sort_on_the_server_and_keep_their_filters(listed, signed_in):
    client = signed_in(listed.team_leader)

    oldest_first = _references(client.get(HOMICIDES, {"sort": "date_of_death", "order": "asc"}).content.decode())
    by_lead = client.get(HOMICIDES, {"lead": listed.other_case_worker.pk, "sort": "date_of_death"}).content.decode()

    assert oldest_first[0] == listed.old.reference
    assert f"lead={listed.other_case_worker.pk}&amp;sort=reference&amp;order=asc" in by_lead
    assert 'aria-sort="descending"' in by_lead  # date of death, newest first by default


def test_pagination_keeps_the_filters(listed, signed_in, monkeypatch):
    monkeypatch.setattr("intake.views.PAGE_SIZE", 1)

    page = signed_in(listed.team_leader).get(HOMICIDES, {"lead": listed.other_case_worker.pk}).content.decode()

    assert f"lead={listed.other_case_worker.pk}&amp;page=2" in page


def test_the_filtered_list_takes_a_fixed_number_of_queries(listed, signed_in, django_assert_num_queries):
    client = signed_in(listed.team_leader)
    query = {"lead": listed.other_case_worker.pk, "stage": "pre_trial", "status": "open"}
    client.get(HOMICIDES, query)
    with django_assert_num_queries(9):
        client.get(HOMICIDES, query)
    for _ in range(5):
        h = f.HomicideFactory(region=listed.london, lead_case_worker=listed.other_case_worker)
        f.JourneyEventFactory(homicide=h, kind=EventKind.CHARGE, occurred_on=h.date_of_death + timedelta(days=2))
    with django_assert_num_queries(9):
        client.get(HOMICIDES, query)


@pytest.mark.parametrize(
    "events",
    [
        [],
        [(EventKind.ARREST, -30)],
        [(EventKind.CHARGE, -30), (EventKind.TRIAL_STARTED, 10)],
        [(EventKind.CHARGE, -30), (EventKind.TRIAL_STARTED, -10), (EventKind.VERDICT, -1)],
        [(EventKind.INQUEST_OPENED, -20), (EventKind.INQUEST_ADJOURNED, -19), (EventKind.CHARGE, -5)],
        [(EventKind.CHARGE, -30), (EventKind.INQUEST_RESUMED, -3)],
        [(EventKind.NO_FURTHER_ACTION, -3)],
        [(EventKind.VERDICT, -30), (EventKind.APPEAL, -2)],
    ],
)
def test_the_stage_derived_in_sql_is_the_one_derived_in_python(cast, events):
    today = timezone.localdate()
    homicide = f.HomicideFactory(region=cast.london, date_of_death=today - timedelta(days=60))
    made = [
        f.JourneyEventFactory(homicide=homicide, kind=kind, occurred_on=today + timedelta(days=offset))
        for kind, offset in events
    ]
    f.JourneyEventFactory(
        homicide=homicide,
        kind=EventKind.SENTENCE,
        occurred_on=today - timedelta(days=1),
        entered_in_error=True,
        error_reason="Wrong homicide",
    )

    in_sql = Homicide.objects.annotate(**lists.stage_annotations(today)).get(pk=homicide.pk).journey_stage

    assert in_sql == current_stage(made, today)


def test_the_api_filters_homicides_as_the_page_does(listed, api_as):
    api = api_as(listed.team_leader)
    today = timezone.localdate()

    by_lead = api.get(reverse("api:homicide-list"), {"lead": listed.other_case_worker.pk}).json()["results"]
    at_trial = api.get(reverse("api:homicide-list"), {"stage": "trial"}).json()["results"]
    recent = api.get(reverse("api:homicide-list"), {"died_from": (today - timedelta(days=30)).isoformat()}).json()
    unallocated = api.get(reverse("api:homicide-list"), {"unallocated": "true"}).json()["results"]
    wrong = api.get(reverse("api:homicide-list"), {"stage": "sentencing"})

    assert {row["id"] for row in by_lead} == {listed.old.pk, listed.recent.pk}
    assert [row["id"] for row in at_trial] == [listed.old.pk]
    assert {row["id"] for row in recent["results"]} == {listed.recent.pk, listed.nobody.pk}
    assert {row["id"] for row in unallocated} == {listed.nobody.pk}
    assert wrong.status_code == 400 and "stage" in wrong.json()


# ---- People ---------------------------------------------------------------------------------------------------


@pytest.fixture
def people(cast):
    today = timezone.localdate()
    homicide = f.HomicideFactory(region=cast.london, lead_case_worker=cast.other_case_worker)
    cast.open = f.PersonFactory(homicide=homicide, first_name="Opal")
    cast.closed = f.PersonFactory(homicide=homicide, first_name="Clem", closed_on=today - timedelta(days=2))
    cast.declined = f.PersonFactory(homicide=homicide, first_name="Dora", referred_at=None)
    f.ConsentFactory(
        person=cast.declined,
        outcome=ConsentOutcome.DECLINED,
        decline_stage="before_referral",
        recorded_by=cast.team_leader,
    )
    cast.waiting = f.PersonFactory(homicide=homicide, first_name="Wren", referred_at=None)
    return cast


def _names(page: str) -> list[str]:
    return re.findall(r'href="/cases/people/\d+/">([^<]+)</a>', page)


@pytest.mark.parametrize(
    ("status", "expected"),
    [("open", {"open"}), ("closed", {"closed"}), ("declined", {"declined"}), ("not_referred", {"waiting"})],
)
def test_people_filter_by_status(people, signed_in, status, expected):
    page = signed_in(people.team_leader).get(PEOPLE, {"status": status, "worker": people.other_case_worker.pk})

    assert set(_names(page.content.decode())) == {getattr(people, name).full_name for name in expected}
    assert f'<option value="{status}" selected>' in page.content.decode()


def test_a_later_referral_ends_a_decline(people, signed_in):
    f.ConsentFactory(person=people.declined, outcome=ConsentOutcome.REFERRED, recorded_by=people.team_leader)

    page = signed_in(people.team_leader).get(PEOPLE, {"status": "declined"}).content.decode()

    assert people.declined.full_name not in _names(page)


def test_someone_who_declined_after_referral_is_declined_not_closed_and_an_error_decides_nothing(people, signed_in):
    """A decline ends an open case (closed, reason declined): the list says declined, once."""
    today = timezone.localdate()
    later = f.PersonFactory(
        homicide=people.declined.homicide, first_name="Lena", closed_on=today, closure_reason="declined"
    )
    f.ConsentFactory(
        person=later, outcome=ConsentOutcome.DECLINED, decline_stage="later", recorded_by=people.team_leader
    )
    f.ConsentFactory(
        person=people.waiting,
        outcome=ConsentOutcome.DECLINED,
        decline_stage="before_referral",
        recorded_by=people.team_leader,
        entered_in_error=True,
        error_reason="Another family's",
    )
    client = signed_in(people.team_leader)

    def names(status):
        page = client.get(PEOPLE, {"status": status, "worker": people.other_case_worker.pk}).content.decode()
        return set(_names(page))

    assert names("declined") == {people.declined.full_name, later.full_name}
    assert names("closed") == {people.closed.full_name}
    assert names("not_referred") == {people.waiting.full_name}


def test_people_filter_by_worker_and_sort(people, signed_in):
    client = signed_in(people.team_leader)

    casey = _names(client.get(PEOPLE, {"worker": people.case_worker.pk}).content.decode())
    by_referral = _names(
        client.get(
            PEOPLE, {"worker": people.other_case_worker.pk, "status": "open", "sort": "referred"}
        ).content.decode()
    )

    assert casey == [people.person.full_name]
    assert by_referral == [people.open.full_name]


def test_the_people_list_logs_the_people_it_shows(people, signed_in):
    signed_in(people.team_leader).get(PEOPLE, {"status": "closed"})

    logged = set(AccessLog.objects.filter(user=people.team_leader, view_name="people").values_list("person", flat=True))
    assert logged == {people.closed.pk}


def test_the_people_list_takes_a_fixed_number_of_queries(people, signed_in, django_assert_num_queries):
    client = signed_in(people.team_leader)
    client.get(PEOPLE)
    with django_assert_num_queries(9):
        client.get(PEOPLE)
    for _ in range(5):
        f.PersonFactory(homicide=people.homicide)
    with django_assert_num_queries(9):
        client.get(PEOPLE)


def test_volunteers_do_not_reach_the_people_list(people, signed_in):
    assert signed_in(people.volunteer).get(PEOPLE).status_code == 404


def test_the_api_filters_people_as_the_page_does(people, api_as):
    api = api_as(people.team_leader)

    declined = api.get(reverse("api:person-list"), {"status": "declined"}).json()["results"]
    olly = api.get(reverse("api:person-list"), {"worker": people.other_case_worker.pk, "status": "open"}).json()

    assert [row["id"] for row in declined] == [people.declined.pk]
    assert [row["id"] for row in olly["results"]] == [people.open.pk]


def test_the_api_ignores_the_stage_for_a_role_blind_to_offence_data(listed, api_as):
    rows = api_as(listed.support_worker).get(reverse("api:homicide-list"), {"stage": "trial"}).json()["results"]

    assert {listed.old.pk, listed.recent.pk, listed.nobody.pk} <= {row["id"] for row in rows}
