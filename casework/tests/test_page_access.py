"""Who may open each casework page: allowed roles get the page, anyone outside the record's reach gets 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

OUTSIDERS = ["other_case_worker", "other_team_leader", "other_volunteer", "police_referrer", "analyst"]

# url name, argument (an attribute of the cast), roles that may open it
PAGES = [
    ("casework:person-detail", "person", ["case_worker", "team_leader", "national_manager", "volunteer"]),
    ("casework:person-edit", "person", ["case_worker", "team_leader", "national_manager", "support_worker"]),
    ("casework:consent-new", "person", ["case_worker", "team_leader", "national_manager", "support_worker"]),
    ("casework:contact-new", "person", ["case_worker", "team_leader", "national_manager", "volunteer"]),
    ("casework:assessment-new", "person", ["case_worker", "team_leader", "national_manager"]),
    ("casework:support-new", "person", ["case_worker", "team_leader", "national_manager"]),
    ("casework:case-close", "person", ["case_worker", "team_leader", "national_manager"]),
    ("casework:volunteer-assign", "person", ["case_worker", "team_leader", "national_manager"]),
    ("casework:person-new", "homicide", ["case_worker", "team_leader", "national_manager", "support_worker"]),
]

CASES = [(name, arg, role, 200) for name, arg, roles in PAGES for role in roles] + [
    (name, arg, role, 404) for name, arg, _ in PAGES for role in OUTSIDERS
]


@pytest.mark.parametrize(("url_name", "arg", "role", "status"), CASES)
def test_casework_pages_open_only_for_those_who_may_use_them(cast, signed_in, url_name, arg, role, status):
    url = reverse(url_name, args=[getattr(cast, arg).pk])
    assert signed_in(getattr(cast, role)).get(url).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("case_worker", 200), ("team_leader", 200)]
    + [(role, 404) for role in ["volunteer", "police_referrer", "analyst"]],
)
def test_caseload_is_for_case_holding_staff(cast, signed_in, role, status):
    assert signed_in(getattr(cast, role)).get(reverse("casework:caseload")).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("volunteer", 200), ("other_volunteer", 200)]
    + [(role, 404) for role in ["case_worker", "other_team_leader", "police_referrer", "analyst"]],
)
def test_my_people_is_for_volunteers(cast, signed_in, role, status):
    assert signed_in(getattr(cast, role)).get(reverse("casework:my-people")).status_code == status


def test_signed_out_visitors_are_sent_to_sign_in(cast, client):
    response = client.get(reverse("casework:person-detail", args=[cast.person.pk]))
    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response["Location"]


def test_outsider_cannot_complete_an_agreed_action(cast, signed_in):
    response = signed_in(cast.other_case_worker).post(reverse("casework:action-complete", args=[cast.action.pk]))
    assert response.status_code == 404
    cast.action.refresh_from_db()
    assert cast.action.completed_on is None
