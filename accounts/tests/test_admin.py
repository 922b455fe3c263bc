"""The admin site: reference data only, for superusers signed in with both factors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import UserFactory

from .utils import location


@pytest.fixture
def superuser(db):
    return UserFactory(role=Role.NATIONAL_MANAGER, region=None, is_staff=True, is_superuser=True)


def test_superuser_with_both_factors_sees_the_reference_data(signed_in, superuser):
    response = signed_in(superuser).get("/admin/")
    assert response.status_code == 200
    content = response.content.decode()
    for label in ("Regions", "Police forces", "Need types", "Support types"):
        assert label in content


@pytest.mark.parametrize(
    "path",
    [
        "/admin/organisation/region/",
        "/admin/organisation/policeforce/",
        "/admin/casework/needtype/",
        "/admin/casework/supporttype/",
    ],
)
def test_reference_data_lists_open_for_a_superuser(signed_in, superuser, path):
    assert signed_in(superuser).get(path).status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/admin/accounts/user/", "/admin/casework/bereavedperson/", "/admin/intake/homicide/", "/admin/auth/group/"],
)
def test_no_personal_data_is_in_the_admin(signed_in, superuser, path):
    assert signed_in(superuser).get(path).status_code == 404


def test_staff_who_are_not_superusers_are_refused(signed_in, db):
    staff = UserFactory(role=Role.NATIONAL_MANAGER, region=None, is_staff=True)
    client = signed_in(staff)
    assert location(client.get("/admin/")).startswith("/admin/login/")
    assert client.get("/admin/login/").status_code == 403


def test_signed_out_visitors_are_sent_to_the_services_sign_in(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert location(response).startswith(reverse("accounts:sign-in"))
