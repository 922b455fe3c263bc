"""The risk and safeguarding API: a person's risk checks and concerns under the person, a concern's referral and
outcome by PATCH, the current risk and the parent or guardian in the people endpoint. The roles' access is in
api/tests/test_access_matrix.py; here, what the answers hold and the actions' messages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api.tests.conftest import Caller
from audit.models import AccessLog
from safeguarding.models import RiskCheck
from safeguarding.tests.helpers import child_of

TODAY = timezone.localdate


@pytest.fixture
def api_as(signed_in):
    return lambda user: Caller(signed_in(user))


def _risk_url(person) -> str:
    return reverse("api:person-risk-checks", args=[person.pk])


def _concerns_url(person) -> str:
    return reverse("api:person-safeguarding-concerns", args=[person.pk])


def test_the_risk_checks_are_listed_newest_first_and_logged(cast, api_as):
    response = api_as(cast.case_worker).get(_risk_url(cast.person))

    rows = response.json()["results"]
    assert response.status_code == 200
    assert [row["id"] for row in rows][0] == cast.risk_check.pk and len(rows) == 2
    assert rows[0]["address_risks"] == "Large dog at the address" and rows[0]["suspect_contact"] == "no"
    logged = AccessLog.objects.filter(user=cast.case_worker, view_name="api:person-risk-checks")
    assert list(logged.values_list("person", flat=True)) == [cast.person.pk]


def test_a_risk_check_is_recorded_and_becomes_the_persons_current_risk(cast, api_as):
    api = api_as(cast.case_worker)
    body = {
        "checked_on": TODAY().isoformat(),
        "suspect_contact": "not_known",
        "risk_level": "high",
        "safety_measures": "Office meetings only",
        "review_by": (TODAY() + timedelta(days=30)).isoformat(),
    }

    created = api.post(_risk_url(cast.person), body)
    person = api.get(reverse("api:person-detail", args=[cast.person.pk])).json()

    assert created.status_code == 201
    assert created.json()["person"] == cast.person.pk and created.json()["recorded_by_name"] == "Casey Worker"
    assert (person["risk_level"], person["risk_safety_measures"]) == ("high", "Office meetings only")
    assert person["risk_review_by"] == body["review_by"]


def test_a_refused_risk_check_answers_the_actions_messages(cast, api_as):
    body = {
        "checked_on": (TODAY() + timedelta(days=1)).isoformat(),
        "suspect_contact": "no",
        "risk_level": "medium",
        "review_by": (TODAY() + timedelta(days=500)).isoformat(),
    }

    response = api_as(cast.team_leader).post(_risk_url(cast.person), body)

    assert response.status_code == 400
    assert response.json() == {
        "checked_on": ["The date of the check must not be in the future"],
        "safety_measures": ["Enter the safety measures agreed for a medium or high risk"],
        "review_by": ["The review date must be within a year of the check"],
    }


def test_a_volunteer_reads_the_current_level_and_measures_of_their_person_and_nothing_else(cast, api_as):
    api = api_as(cast.volunteer)

    person = api.get(reverse("api:person-detail", args=[cast.person.pk])).json()

    assert person["risk_level"] == "medium"
    assert person["risk_safety_measures"] == "Visit in pairs; phone the office after the visit"
    assert "parent_or_guardian" not in person
    assert api.get(_risk_url(cast.person)).status_code == 404
    assert api.get(_concerns_url(cast.person)).status_code == 404
    assert api.get(reverse("api:safeguarding-concern-list")).json()["results"] == []


def test_a_person_without_a_check_answers_no_risk(cast, api_as):
    RiskCheck.objects.filter(person=cast.person).delete()

    person = api_as(cast.case_worker).get(reverse("api:person-detail", args=[cast.person.pk])).json()

    assert (person["risk_level"], person["risk_safety_measures"], person["risk_review_by"]) == (None, None, None)


def test_a_concern_is_raised_about_a_named_child_and_its_referral_and_outcome_follow(cast, api_as):
    child = child_of(cast.person)
    api = api_as(cast.case_worker)
    raised = TODAY() - timedelta(days=3)

    created = api.post(
        _concerns_url(cast.person),
        {"about": "child", "child": child.pk, "description": "Not at school", "raised_on": raised.isoformat()},
    )
    url = reverse("api:safeguarding-concern-detail", args=[created.json()["id"]])
    early = api.patch(url, {"referred_to": "childrens_services", "referred_on": (raised - timedelta(1)).isoformat()})
    referred = api.patch(url, {"referred_to": "childrens_services", "referred_on": raised.isoformat()})
    outcome = api.patch(url, {"outcome": "Family support plan", "outcome_on": TODAY().isoformat()})

    assert created.status_code == 201
    assert (created.json()["kind"], created.json()["child_name"]) == ("child", child.full_name)
    assert early.status_code == 400
    assert early.json() == {
        "referred_on": [f"The date referred must be on or after the date the concern was raised ({raised:%d/%m/%Y})"]
    }
    assert referred.status_code == outcome.status_code == 200
    assert outcome.json()["referred_to"] == "childrens_services"  # kept: a PATCH changes only what it names
    assert (outcome.json()["outcome"], outcome.json()["outcome_on"]) == ("Family support plan", TODAY().isoformat())
    listed = api.get(_concerns_url(cast.person)).json()["results"]
    assert listed[0]["id"] == created.json()["id"]


def test_a_child_out_of_reach_reads_as_not_existing(cast, api_as):
    elsewhere = child_of(cast.other_person)

    response = api_as(cast.case_worker).post(
        _concerns_url(cast.person),
        {"about": "child", "child": elsewhere.pk, "description": "x", "raised_on": TODAY().isoformat()},
    )

    assert response.status_code == 400
    assert list(response.json()) == ["child"]
    # The message for a child who does not exist at all.
    assert response.json()["child"] == ["Select the child from the records you may see"]


def test_the_parent_or_guardian_is_set_and_refused_through_the_people_api(cast, api_as):
    child = child_of(cast.person, parent_or_guardian=None)
    adult = cast.person
    api = api_as(cast.case_worker)
    url = reverse("api:person-detail", args=[child.pk])

    linked = api.patch(url, {"parent_or_guardian": adult.pk})
    itself = api.patch(url, {"parent_or_guardian": child.pk})
    out_of_reach = api.patch(url, {"parent_or_guardian": cast.other_person.pk})
    adult_link = api.patch(reverse("api:person-detail", args=[adult.pk]), {"parent_or_guardian": child.pk})

    assert linked.status_code == 200 and linked.json()["parent_or_guardian"] == adult.pk
    assert itself.json() == {"parent_or_guardian": ["A person cannot be their own parent or guardian"]}
    assert out_of_reach.status_code == 400
    assert out_of_reach.json()["parent_or_guardian"] == ["Select the parent or guardian from the records you may see"]
    assert adult_link.json() == {"parent_or_guardian": ["Only a child can have a parent or guardian recorded"]}


def test_the_people_list_answers_the_current_risk_without_a_query_per_person(cast, api_as, django_assert_num_queries):
    api = api_as(cast.national_manager)
    api.get(reverse("api:person-list"))
    with django_assert_num_queries(11) as few:
        api.get(reverse("api:person-list"))
    for _ in range(5):
        child_of(cast.person)
    with django_assert_num_queries(len(few)):
        rows = api.get(reverse("api:person-list")).json()["results"]
    current = {row["id"]: row["risk_level"] for row in rows}
    assert current[cast.person.pk] == "medium" and current[cast.other_person.pk] == "medium"
