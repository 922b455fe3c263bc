"""Each intake page: the roles that may use it get the page; anyone else gets 404, as if nothing were there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories as f


@pytest.fixture
def unlinked(cast):
    return f.NotificationFactory(region=cast.london, submitted_by=cast.support_worker)


def _homicide(c, _unlinked):
    return [c.homicide.pk]


# url name -> (arguments, roles that get 200, roles that get 404)
PAGES = {
    "notifications": (
        None,
        ["national_manager", "team_leader", "support_worker", "case_worker", "police_referrer"],
        ["volunteer", "analyst"],
    ),
    "notification-new": (
        None,
        ["national_manager", "team_leader", "support_worker", "police_referrer"],
        ["case_worker", "volunteer", "analyst"],
    ),
    "notification-detail": (
        lambda c, _u: [c.notification.pk],
        ["national_manager", "team_leader", "support_worker", "case_worker", "police_referrer"],
        ["other_team_leader", "other_support_worker", "other_case_worker", "other_police_referrer", "volunteer"],
    ),
    "notification-link": (
        lambda c, u: [u.pk],
        ["national_manager", "team_leader", "support_worker"],
        ["other_team_leader", "other_support_worker", "case_worker", "police_referrer", "volunteer"],
    ),
    "homicides": (
        None,
        ["national_manager", "team_leader", "support_worker", "case_worker"],
        ["volunteer", "police_referrer", "analyst"],
    ),
    "homicide-detail": (
        _homicide,
        ["national_manager", "team_leader", "support_worker", "case_worker"],
        ["other_team_leader", "other_support_worker", "other_case_worker", "volunteer", "police_referrer", "analyst"],
    ),
    "homicide-edit": (
        _homicide,
        ["national_manager", "team_leader", "case_worker"],
        ["other_team_leader", "other_case_worker", "support_worker", "volunteer", "police_referrer"],
    ),
    "homicide-allocate": (
        _homicide,
        ["national_manager", "team_leader"],
        ["other_team_leader", "case_worker", "support_worker", "police_referrer"],
    ),
    "homicide-no-referral": (
        _homicide,
        ["national_manager", "team_leader"],
        ["other_team_leader", "case_worker", "support_worker", "police_referrer"],
    ),
}


def _cases():
    for name, (_args, allowed, outsiders) in PAGES.items():
        yield from (pytest.param(name, role, 200, id=f"{name}-{role}-200") for role in allowed)
        yield from (pytest.param(name, role, 404, id=f"{name}-{role}-404") for role in outsiders)


@pytest.mark.parametrize("name, role, status", list(_cases()))
@pytest.mark.django_db
def test_intake_page_is_for_the_roles_that_may_use_it(cast, unlinked, signed_in, name, role, status):
    args_for = PAGES[name][0]
    path = reverse(f"intake:{name}", args=args_for(cast, unlinked) if args_for else None)
    assert signed_in(getattr(cast, role)).get(path).status_code == status


@pytest.mark.parametrize("name", ["homicide-edit", "homicide-allocate", "homicide-no-referral", "notification-link"])
@pytest.mark.django_db
def test_outsiders_cannot_post_to_intake_forms(cast, unlinked, signed_in, name):
    args = [unlinked.pk] if name == "notification-link" else [cast.homicide.pk]
    response = signed_in(cast.other_team_leader).post(reverse(f"intake:{name}", args=args), {"homicide": "new"})
    assert response.status_code == 404
    unlinked.refresh_from_db()
    assert unlinked.homicide is None


@pytest.mark.django_db
def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("intake:notifications"))
    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response.url
