"""Managing a team's accounts: who sees whom, and deactivation ending sessions and API tokens."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.actions import create_api_token
from accounts.models import Role, User
from conftest import sign_in
from tests.factories import UserFactory, region

from .utils import location

USERS = reverse("accounts:users")


def deactivate_url(user) -> str:
    return reverse("accounts:user-deactivate", args=[user.pk])


def test_national_manager_sees_every_user(signed_in, cast):
    content = signed_in(cast.national_manager).get(USERS).content.decode()
    for member in (cast.team_leader, cast.south_east_case_worker, cast.police_referrer, cast.analyst):
        assert member.full_name in content


def test_team_leader_sees_only_their_regions_team(signed_in, cast):
    content = signed_in(cast.team_leader).get(USERS).content.decode()
    for member in (cast.case_worker, cast.support_worker, cast.volunteer):
        assert member.full_name in content
    for outsider in (cast.south_east_case_worker, cast.other_team_leader, cast.national_manager, cast.police_referrer):
        assert outsider.full_name not in content


@pytest.mark.parametrize("role", ["case_worker", "support_worker", "volunteer", "police_referrer", "analyst"])
def test_other_roles_cannot_see_the_users_page(signed_in, cast, role):
    client = signed_in(getattr(cast, role))
    assert client.get(USERS).status_code == 404
    assert client.post(deactivate_url(cast.other_case_worker)).status_code == 404
    cast.other_case_worker.refresh_from_db()
    assert cast.other_case_worker.is_active


def test_deactivate_buttons_only_where_allowed(signed_in, cast):
    content = signed_in(cast.team_leader).get(USERS).content.decode()
    assert deactivate_url(cast.case_worker) in content
    assert deactivate_url(cast.volunteer) in content
    assert deactivate_url(cast.team_leader) not in content, "nobody deactivates themselves"


def test_deactivation_asks_for_confirmation_on_get(signed_in, cast):
    response = signed_in(cast.team_leader).get(deactivate_url(cast.case_worker))
    assert response.status_code == 200
    assert "Deactivate Casey Worker" in response.content.decode()
    cast.case_worker.refresh_from_db()
    assert cast.case_worker.is_active


def test_deactivation_ends_the_users_sessions_and_api_tokens(signed_in, cast):
    their_session = sign_in(Client(), cast.case_worker)
    assert their_session.get(reverse("accounts:account")).status_code == 200
    token, _ = create_api_token(user=cast.case_worker, name="Script")

    response = signed_in(cast.team_leader).post(deactivate_url(cast.case_worker))

    assert location(response) == USERS
    cast.case_worker.refresh_from_db()
    token.refresh_from_db()
    assert not cast.case_worker.is_active
    # Ended, not merely refused while inactive: reactivating the account would not bring the token back.
    assert token.revoked_at is not None
    assert location(their_session.get(reverse("accounts:account"))).startswith(reverse("accounts:sign-in"))


def test_national_manager_may_deactivate_anyone_but_themselves(signed_in, cast):
    client = signed_in(cast.national_manager)
    for member in (cast.other_team_leader, cast.police_referrer):
        assert location(client.post(deactivate_url(member))) == USERS
        member.refresh_from_db()
        assert not member.is_active
    assert client.post(deactivate_url(cast.national_manager)).status_code == 404


def test_team_leader_cannot_deactivate_outside_their_region(signed_in, cast):
    client = signed_in(cast.team_leader)
    for outsider in (cast.south_east_case_worker, cast.other_team_leader, cast.national_manager):
        assert client.get(deactivate_url(outsider)).status_code == 404
        assert client.post(deactivate_url(outsider)).status_code == 404
        outsider.refresh_from_db()
        assert outsider.is_active


def test_team_leader_cannot_deactivate_another_leader_in_their_region(signed_in, cast):
    co_leader = UserFactory(role=Role.TEAM_LEADER, region=cast.london)
    assert signed_in(cast.team_leader).post(deactivate_url(co_leader)).status_code == 404
    co_leader.refresh_from_db()
    assert co_leader.is_active


def test_deactivation_ignores_posted_extra_fields(signed_in, cast):
    extra = {"role": Role.NATIONAL_MANAGER, "region": cast.south_east.pk, "is_staff": "on", "is_active": "on"}
    signed_in(cast.team_leader).post(deactivate_url(cast.case_worker), extra)

    member = User.objects.get(pk=cast.case_worker.pk)
    leader = User.objects.get(pk=cast.team_leader.pk)
    assert (member.is_active, member.role, member.region_id, member.is_staff) == (
        False,
        Role.CASE_WORKER,
        cast.london.pk,
        False,
    )
    assert (leader.role, leader.region_id, leader.is_staff) == (Role.TEAM_LEADER, cast.london.pk, False)


def test_deactivation_is_kept_in_the_change_history(signed_in, cast):
    signed_in(cast.team_leader).post(deactivate_url(cast.case_worker))
    event = cast.case_worker.events.order_by("pgh_id").last()
    assert event.is_active is False
    assert event.pgh_context.metadata["action"] == "deactivate_user"
    assert event.pgh_context.metadata["user"] == cast.team_leader.pk


# Session, user, OTP device, the users with their regions and forces (the session is not saved again).
USERS_PAGE_QUERIES = 4


@pytest.mark.parametrize("extra_users", [0, 8])
def test_users_page_query_count_does_not_grow_with_users(signed_in, cast, django_assert_num_queries, extra_users):
    for _ in range(extra_users):
        UserFactory(region=region("wales-north-west"))
    client = signed_in(cast.national_manager)
    with django_assert_num_queries(USERS_PAGE_QUERIES):
        response = client.get(USERS)
    assert response.status_code == 200
