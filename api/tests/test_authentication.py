"""Who may call the API: a session that passed the second factor, or a token of an active account."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts import actions
from accounts.models import ApiToken
from api.tests.endpoints import operations, url_for
from intake.models import Allocation

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast_with_allocation(cast):
    cast.allocation = Allocation.objects.create(
        homicide=cast.homicide, case_worker=cast.case_worker, allocated_by=cast.team_leader
    )
    return cast


def test_a_token_gives_the_api_as_its_user(cast, client):
    _, secret = actions.create_api_token(user=cast.case_worker, name="Script")

    response = client.get(reverse("api:person-detail", args=[cast.person.pk]), HTTP_AUTHORIZATION=f"Token {secret}")

    assert response.status_code == 200
    assert response.json()["id"] == cast.person.pk


def test_a_bearer_token_is_accepted_too(cast, client):
    _, secret = actions.create_api_token(user=cast.case_worker, name="Script")

    response = client.get(reverse("api:person-list"), HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [cast.person.pk]


def test_a_token_carries_its_users_role_and_reach(cast, client):
    _, secret = actions.create_api_token(user=cast.other_case_worker, name="Script")

    response = client.get(reverse("api:person-detail", args=[cast.person.pk]), HTTP_AUTHORIZATION=f"Token {secret}")

    assert response.status_code == 404


def test_an_inactive_users_token_is_refused(cast, client):
    _, secret = actions.create_api_token(user=cast.case_worker, name="Script")
    cast.case_worker.is_active = False
    cast.case_worker.save()

    response = client.get(reverse("api:person-list"), HTTP_AUTHORIZATION=f"Token {secret}")

    assert response.status_code == 401
    assert "detail" in response.json()


@pytest.mark.parametrize("header", ["Token nonsense", "Bearer", "Token a b", "Bearer 00000000000000000000"])
def test_a_bad_token_is_refused_with_401(db, client, header):
    response = client.get(reverse("api:person-list"), HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"


def test_without_credentials_the_answer_is_401_and_says_how_to_sign_in(db, client):
    response = client.get(reverse("api:person-list"))

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


@pytest.mark.parametrize(("method", "path"), operations())
def test_a_password_only_session_opens_no_endpoint(cast_with_allocation, signed_in, method, path):
    client = signed_in(cast_with_allocation.national_manager, second_factor=False)

    url = url_for(path, cast_with_allocation)
    if method == "get":
        response = client.get(url)
    else:
        response = getattr(client, method)(url, "{}", content_type="application/json")

    assert response.status_code in {401, 403}
    assert response["Content-Type"] == "application/json"


def test_a_password_only_session_still_works_with_a_token(cast, signed_in):
    _, secret = actions.create_api_token(user=cast.case_worker, name="Script")
    client = signed_in(cast.case_worker, second_factor=False)

    response = client.get(reverse("api:person-list"), HTTP_AUTHORIZATION=f"Token {secret}")

    assert response.status_code == 200


def test_the_command_prints_a_new_token_that_signs_in(cast, client):
    out = StringIO()
    call_command("create_api_token", cast.team_leader.email.upper(), "--name", "Nightly export", stdout=out)
    secret = out.getvalue().strip()

    response = client.get(reverse("api:homicide-list"), HTTP_AUTHORIZATION=f"Token {secret}")

    assert response.status_code == 200
    token = ApiToken.objects.get(user=cast.team_leader)
    assert token.name == "Nightly export"
    assert secret not in {token.digest, token.prefix} and token.prefix == secret[:10]


def test_the_command_replaces_tokens_on_request(cast, client):
    _, old = actions.create_api_token(user=cast.team_leader, name="Old")
    out = StringIO()

    call_command("create_api_token", cast.team_leader.email, "--replace", stdout=out)

    assert out.getvalue().strip() != old
    assert client.get(reverse("api:homicide-list"), HTTP_AUTHORIZATION=f"Token {old}").status_code == 401


def test_the_command_refuses_unknown_and_inactive_accounts(cast):
    cast.volunteer.is_active = False
    cast.volunteer.save()

    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody@waypoint.test")
    with pytest.raises(CommandError):
        call_command("create_api_token", cast.volunteer.email)
    assert not ApiToken.objects.filter(user=cast.volunteer).exists()
