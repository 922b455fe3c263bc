"""Search finds only what the user may see; navigation and landing pages follow the role."""

import pytest
from django.urls import reverse


def test_search_finds_people_and_homicides_in_reach(cast, signed_in):
    response = signed_in(cast.team_leader).get(reverse("frontend:search"), {"q": cast.person.first_name})
    assert cast.person.full_name in response.content.decode()

    response = signed_in(cast.team_leader).get(reverse("frontend:search"), {"q": cast.homicide.reference})
    assert cast.homicide.victim_name in response.content.decode()


def test_search_never_shows_what_is_out_of_reach(cast, signed_in):
    page = signed_in(cast.other_team_leader).get(reverse("frontend:search"), {"q": "Testperson"}).content.decode()
    assert cast.person.full_name not in page
    assert cast.homicide.reference not in page
    assert cast.other_person.full_name in page


def test_a_volunteer_finds_only_their_assigned_people(cast, signed_in):
    page = signed_in(cast.volunteer).get(reverse("frontend:search"), {"q": "Testperson"}).content.decode()
    assert cast.person.full_name in page
    assert cast.other_person.full_name not in page
    assert cast.homicide.reference not in page


def test_search_answers_htmx_with_the_results_fragment_only(cast, signed_in):
    response = signed_in(cast.team_leader).get(reverse("frontend:search"), {"q": "Testperson"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content
    assert cast.person.full_name in response.content.decode()


def test_search_takes_a_fixed_number_of_queries(cast, signed_in, django_assert_num_queries):
    from tests import factories as f

    found = [f.PersonFactory(homicide=cast.homicide) for _ in range(10)]
    client = signed_in(cast.team_leader)
    client.get(reverse("frontend:search"), {"q": "Testperson"})  # the first page after signing in starts the clock
    # Session, user, device; people; homicides; the access log of the people found (one INSERT); the header
    # region.
    with django_assert_num_queries(7):
        response = client.get(reverse("frontend:search"), {"q": "Testperson"})
    assert response.status_code == 200
    html = response.content.decode()
    assert all(person.full_name in html for person in found)


@pytest.mark.parametrize(
    "role, landing",
    [
        ("case_worker", "casework:caseload"),
        ("team_leader", "teams:home"),
        ("volunteer", "volunteering:home"),
        ("support_worker", "intake:notifications"),
        ("police_referrer", "intake:notifications"),
        ("national_manager", "reporting:index"),
        ("analyst", "reporting:index"),
    ],
)
def test_each_role_lands_on_its_own_page(cast, signed_in, role, landing):
    response = signed_in(getattr(cast, role)).get(reverse("frontend:home"))
    assert response.headers["Location"] == reverse(landing)


def test_navigation_offers_only_what_the_role_may_use(cast, signed_in):
    page = signed_in(cast.volunteer).get(reverse("volunteering:home")).content.decode()
    assert reverse("volunteering:home") in page
    assert reverse("reporting:index") not in page
    assert reverse("intake:notifications") not in page
    page = signed_in(cast.national_manager).get(reverse("reporting:index")).content.decode()
    assert reverse("reporting:index") in page and reverse("intake:homicides") in page


def test_the_header_shows_the_signed_in_user_and_role(cast, signed_in):
    page = signed_in(cast.case_worker).get(reverse("casework:caseload")).content.decode()
    assert cast.case_worker.full_name in page
    assert "Case worker" in page


def test_only_the_closest_navigation_link_is_current(cast, signed_in):
    from frontend.navigation import items_for

    current = [item["href"] for item in items_for(cast.team_leader, reverse("casework:covers")) if item["current"]]
    assert current == [reverse("casework:covers")]
