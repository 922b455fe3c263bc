"""Every response that shows a person's personal data records who saw which people.

The rule, checked over every page of the permission matrix and every API read in the schema, as every role:
whenever a response shows a bereaved person of the cast (their name, or the text of one of their records), the
access log gains exactly one row for that user and that person, and the rows of one response are written in
one INSERT. A response that shows nobody (a refusal, a list of other records) writes no person rows.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.tests.endpoints import operations, url_for
from audit.models import AccessChannel, AccessLog
from casework.models import (
    AgreedAction,
    BereavedPerson,
    CaseEpisode,
    ConsentDecision,
    Contact,
    NeedsAssessment,
    SupportGiven,
    VolunteerAssignment,
)
from commissioning.models import CicaApplication, CommissionedService
from conftest import sign_in
from equality.models import EqualityRecord
from intake.models import Allocation
from outcomes.models import OutcomeMeasure
from safeguarding.models import RiskCheck, SafeguardingConcern
from tests import factories as f
from tests.test_permission_matrix import PAGES, add_page_records
from volunteering.models import VolunteerUpdate

ROLES = (
    "national_manager",
    "team_leader",
    "other_team_leader",
    "case_worker",
    "other_case_worker",
    "south_east_case_worker",
    "support_worker",
    "other_support_worker",
    "volunteer",
    "other_volunteer",
    "police_referrer",
    "other_police_referrer",
    "analyst",
)
# Names found nowhere else in the cast or in any page's wording: a response shows a person when it holds one.
NAMES = {
    "person": ("Ottoline", "Quillfeather"),
    "second_person": ("Wilhelmina", "Quillmore"),
    "other_person": ("Perpetua", "Quillstone"),
}
# The search page looks for all of them.
QUERIES = {"frontend:search": "?q=Quill"}
INSERT = 'INSERT INTO "audit_accesslog"'


def _name_person(person: BereavedPerson, first: str, last: str) -> None:
    """Give the person unmistakable names, and put their first name into the text of each of their records."""
    BereavedPerson.objects.filter(pk=person.pk).update(first_name=first, last_name=last)
    note = f"Note about {first}"
    for model in (Contact, ConsentDecision, NeedsAssessment, SupportGiven):
        model.objects.filter(person=person).update(notes=note)
    AgreedAction.objects.filter(assessment__person=person).update(description=f"Action for {first}")
    CommissionedService.objects.filter(person=person).update(notes=note)
    CicaApplication.objects.filter(person=person).update(next_step=f"Call {first}")
    VolunteerAssignment.objects.filter(person=person).update(task=f"Visit {first}")
    CaseEpisode.objects.filter(person=person).update(reopened_reason=f"Reopened for {first}")
    VolunteerUpdate.objects.filter(assignment__person=person).update(text=f"News for the visit to {first}")
    OutcomeMeasure.objects.filter(person=person).update(notes=note)
    EqualityRecord.objects.filter(person=person).update(first_language="other", other_language=first)
    RiskCheck.objects.filter(person=person).update(other_risks=note, safety_measures=f"Phone {first} first")
    SafeguardingConcern.objects.filter(person=person).update(description=note)
    person.refresh_from_db()


@pytest.fixture
def world(cast):
    """The cast, with a second London person (so that lists show several people), an allocation, the matrix's
    page records, and names that say when a response shows someone."""
    second = f.PersonFactory(homicide=cast.homicide)
    f.ContactFactory(person=second, made_by=cast.case_worker)
    f.ConsentFactory(person=second, recorded_by=cast.case_worker)
    f.AgreedActionFactory(assessment=f.AssessmentFactory(person=second, assessed_by=cast.case_worker))
    f.SupportFactory(person=second, recorded_by=cast.case_worker)
    f.VolunteerAssignmentFactory(volunteer=cast.volunteer, person=second, assigned_by=cast.case_worker)
    cast.second_person = second
    cast.allocation = Allocation.objects.create(
        homicide=cast.homicide, case_worker=cast.case_worker, allocated_by=cast.team_leader
    )
    add_page_records(cast)
    for name, (first, last) in NAMES.items():
        _name_person(getattr(cast, name), first, last)
    cast.people = [getattr(cast, name) for name in NAMES]
    return cast


class Checker:
    """Sends requests as the cast and lists every response whose access log does not match what it showed."""

    def __init__(self, world):
        self.world, self.problems, self.responses_showing_people = world, [], 0
        self.clients = {}

    def _client(self, role: str) -> Client:
        if role not in self.clients:
            self.clients[role] = sign_in(Client(), getattr(self.world, role))
        return self.clients[role]

    def check(self, role: str, method: str, url: str, **extra) -> None:
        user = getattr(self.world, role)
        client = self._client(role)
        before = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(url, **extra)
        content = response.content.decode(errors="replace") if response.status_code == 200 else ""
        shown = {p.pk for p in self.world.people if p.first_name in content or p.last_name in content}
        rows = list(AccessLog.objects.filter(pk__gt=before, person__isnull=False).values_list("user", "person"))
        logged = {person for _user, person in rows}
        inserts = sum(INSERT in query["sql"] for query in queries.captured_queries)
        where = f"{role} {method.upper()} {url} ({response.status_code})"
        if shown != logged:
            self.problems.append(f"{where}: showed people {sorted(shown)}, logged {sorted(logged)}")
        if len(rows) != len(logged) or any(row_user != user.pk for row_user, _ in rows):
            self.problems.append(f"{where}: wrote {rows}, not one row per person for {user.pk}")
        if shown and inserts != 1:
            self.problems.append(f"{where}: {inserts} INSERTs into the access log, not one")
        self.responses_showing_people += bool(shown)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_showing_people_logs_each_of_them_in_one_insert(world, name):
    access = PAGES[name]
    checker = Checker(world)
    query = QUERIES.get(name, access.query)
    for build in [b for b in (access.kwargs, access.outside_kwargs) if b] or [None]:
        url = reverse(name, kwargs=build(world) if build else None) + query
        for role in ROLES:
            if access.method == "post":
                # Answered to HTMX with the changed row of the person's record.
                checker.check(role, "post", url, HTTP_HX_REQUEST="true")
                continue
            checker.check(role, "get", url)
            if name.startswith("casework:") and build is not None and "pk" in build(world):
                # A form sent back with its errors shows the person again.
                checker.check(role, "post", url, data={})
    assert not checker.problems, "\n".join(checker.problems)


GET_OPERATIONS = sorted(path for method, path in operations() if method == "get")


@pytest.mark.parametrize("path", GET_OPERATIONS)
def test_every_api_read_showing_people_logs_each_of_them_in_one_insert(world, path):
    checker = Checker(world)
    url = url_for(path, world) + ("" if "{id}" in path else "?limit=1000")
    for role in ROLES:
        checker.check(role, "get", url, HTTP_ACCEPT="application/json")
    assert not checker.problems, "\n".join(checker.problems)


def test_the_checks_above_see_people_in_pages_and_answers(world):
    """The name test is not vacuous: the people's pages and lists do show them, and are caught doing so."""
    checker = Checker(world)
    for role, url in (
        ("case_worker", reverse("casework:caseload")),
        ("volunteer", reverse("volunteering:home")),
        ("national_manager", reverse("api:person-list")),
        ("case_worker", reverse("api:contact-list")),
        ("team_leader", reverse("casework:person-edit", args=[world.person.pk])),
    ):
        checker.check(role, "get", url, HTTP_ACCEPT="application/json" if "/api/" in url else "text/html")
    assert not checker.problems
    assert checker.responses_showing_people == 5


def test_a_bulk_api_read_logs_every_person_on_the_page_in_one_statement(cast, signed_in):
    """The finding: `GET /api/v1/people/?limit=1000` as the national manager left no trace."""
    people = [cast.person, cast.other_person] + [f.PersonFactory(homicide=cast.homicide) for _ in range(30)]
    client = signed_in(cast.national_manager)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("api:person-list"), {"limit": 1000})

    rows = AccessLog.objects.filter(user=cast.national_manager, view_name="api:person-list")
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {p.pk for p in people}
    assert sum(INSERT in q["sql"] for q in queries.captured_queries) == 1
    assert sorted(rows.values_list("person", flat=True)) == sorted(p.pk for p in people)
    assert set(rows.values_list("channel", flat=True)) == {AccessChannel.API}
    assert set(rows.values_list("homicide", flat=True)) == {cast.homicide.pk, cast.other_homicide.pk}


def test_a_page_of_an_api_list_logs_only_the_people_on_that_page(cast, signed_in):
    for _ in range(5):
        f.PersonFactory(homicide=cast.homicide)
    client = signed_in(cast.national_manager)

    response = client.get(reverse("api:person-list"), {"limit": 2, "offset": 2})

    shown = {row["id"] for row in response.json()["results"]}
    assert response.status_code == 200
    assert len(shown) == 2
    assert set(AccessLog.objects.filter(user=cast.national_manager).values_list("person", flat=True)) == shown
