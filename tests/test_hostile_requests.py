"""A NUL byte in any search or filter is a clear 400, in pages and API alike, never a database error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from api.tests.endpoints import operations

pytestmark = pytest.mark.django_db

MESSAGE = "The address contains a character that cannot be searched for. Remove it and try again."
# Every page that reads its query string, with the parameter it searches or filters by.
SEARCHING_PAGES = [
    ("frontend:search", "q"),
    ("intake:notifications", "source"),
    ("intake:homicides", "q"),
    ("intake:homicides", "status"),
    ("reporting:b1", "region"),
    ("reporting:b9", "start"),
    ("casework:caseload", "page"),
]


@pytest.mark.parametrize(("page", "parameter"), SEARCHING_PAGES)
@pytest.mark.parametrize("value", ["\x00", "Smith\x00", "%00"])
def test_a_nul_byte_in_a_pages_search_is_a_page_saying_so_with_400(cast, signed_in, page, parameter, value):
    client = signed_in(cast.national_manager)
    url = f"{reverse(page)}?{parameter}={value}" if value == "%00" else reverse(page)
    params = None if value == "%00" else {parameter: value}

    response = client.get(url, params)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Check the address" in response.content.decode()
    assert MESSAGE in response.content.decode()


def test_a_nul_byte_in_a_parameters_name_is_refused_too(cast, signed_in):
    response = signed_in(cast.case_worker).get(reverse("frontend:search") + "?q%00=Smith")

    assert response.status_code == 400


def test_the_htmx_search_answers_400_too(cast, signed_in):
    response = signed_in(cast.case_worker).get(reverse("frontend:search"), {"q": "a\x00"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 400


def test_a_search_without_nul_still_finds(cast, signed_in):
    response = signed_in(cast.case_worker).get(reverse("frontend:search"), {"q": cast.person.last_name})

    assert response.status_code == 200
    assert cast.person in response.context["people"]


@pytest.mark.parametrize("path", sorted({path for method, path in operations() if method == "get"}))
def test_a_nul_byte_in_any_api_parameter_is_400_in_json(cast, signed_in, path):
    client = signed_in(cast.national_manager)

    for parameter in ("limit", "offset", "q", "search", "ordering"):
        response = client.get(path.replace("{id}", str(cast.person.pk)), {parameter: "1\x00"})

        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": MESSAGE}


def test_a_nul_byte_before_signing_in_is_refused_the_same_way(client):
    response = client.get(reverse("accounts:sign-in") + "?next=%00")

    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
