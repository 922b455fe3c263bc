"""A team leader or the national manager resets the second factor of someone who lost their authenticator."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import otp
from accounts.models import Role
from conftest import sign_in
from tests.factories import TEST_PASSWORD, UserFactory

from .utils import location

USERS = reverse("accounts:users")
ACCOUNT = reverse("accounts:account")
SECOND_FACTOR = reverse("accounts:second-factor")
SET_UP = reverse("accounts:set-up-second-factor")


def reset_url(member) -> str:
    return reverse("accounts:user-reset-second-factor", kwargs={"pk": member.pk})


def test_users_page_links_to_reset_only_where_allowed(signed_in, cast):
    page = signed_in(cast.team_leader).get(USERS).content.decode()

    assert reset_url(cast.case_worker) in page
    assert reset_url(cast.support_worker) in page
    assert reset_url(cast.team_leader) not in page  # not themselves


def test_reset_asks_for_confirmation_on_get(signed_in, cast):
    sign_in(Client(), cast.case_worker)  # gives them an authenticator app

    response = signed_in(cast.team_leader).get(reset_url(cast.case_worker))

    assert response.status_code == 200
    assert "Reset Casey Worker’s second factor" in response.content.decode()
    assert otp.authenticator_app(cast.case_worker) is not None


def test_reset_removes_app_and_backup_codes_and_sends_open_session_to_second_factor(signed_in, cast):
    their_session = sign_in(Client(), cast.case_worker)
    otp.new_backup_codes(cast.case_worker)
    assert their_session.get(ACCOUNT).status_code == 200

    response = signed_in(cast.team_leader).post(reset_url(cast.case_worker))

    assert location(response) == USERS
    assert not TOTPDevice.objects.filter(user=cast.case_worker).exists()
    assert not StaticDevice.objects.filter(user=cast.case_worker).exists()
    assert location(their_session.get(ACCOUNT)) == SECOND_FACTOR
    assert location(their_session.get(SECOND_FACTOR)) == SET_UP


def test_reset_user_is_offered_set_up_at_next_sign_in(signed_in, cast):
    sign_in(Client(), cast.case_worker)

    signed_in(cast.team_leader).post(reset_url(cast.case_worker))

    response = Client().post(reverse("accounts:sign-in"), {"email": cast.case_worker.email, "password": TEST_PASSWORD})
    assert location(response) == SET_UP


def test_team_leader_cannot_reset_outside_their_region(signed_in, cast):
    sign_in(Client(), cast.south_east_case_worker)
    client = signed_in(cast.team_leader)

    assert client.get(reset_url(cast.south_east_case_worker)).status_code == 404
    assert client.post(reset_url(cast.south_east_case_worker)).status_code == 404
    assert otp.authenticator_app(cast.south_east_case_worker) is not None


def test_team_leader_cannot_reset_another_leader(signed_in, cast):
    other_leader = UserFactory(role=Role.TEAM_LEADER, region=cast.london)

    assert signed_in(cast.team_leader).post(reset_url(other_leader)).status_code == 404


@pytest.mark.parametrize("role", ["team_leader", "national_manager"])
def test_nobody_resets_their_own_second_factor_here(signed_in, cast, role):
    user = getattr(cast, role)
    client = signed_in(user)

    assert client.get(reset_url(user)).status_code == 404
    assert client.post(reset_url(user)).status_code == 404
    assert otp.authenticator_app(user) is not None


@pytest.mark.parametrize("role", ["case_worker", "support_worker", "volunteer", "analyst", "police_referrer"])
def test_other_roles_cannot_reset(signed_in, cast, role):
    sign_in(Client(), cast.other_case_worker)

    assert signed_in(getattr(cast, role)).post(reset_url(cast.other_case_worker)).status_code == 404
    assert otp.authenticator_app(cast.other_case_worker) is not None


def test_the_reset_is_in_the_accounts_history_with_who_made_it(signed_in, cast):
    from accounts.models import UserEvent

    signed_in(cast.team_leader).post(reset_url(cast.case_worker))

    event = UserEvent.objects.filter(pgh_obj=cast.case_worker, pgh_label="update").latest("pgh_id")
    assert event.second_factor_reset_at is not None
    assert event.pgh_context.metadata["user"] == cast.team_leader.pk
    assert event.pgh_context.metadata["action"] == "reset_second_factor"
