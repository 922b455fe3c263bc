"""The OpenAPI schema, the documentation page, and list endpoints whose query count does not grow."""

from __future__ import annotations

import re

import pytest
import yaml
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from intake.models import Allocation
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_3(cast, api_as):
    response = api_as(cast.case_worker).get(reverse("api:schema"))

    schema = yaml.safe_load(response.content)
    assert response.status_code == 200
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    assert "/api/v1/people/{id}/close/" in schema["paths"]


def test_the_schema_needs_a_signed_in_caller(db, client):
    assert client.get(reverse("api:schema")).status_code == 401


def test_the_docs_page_lists_the_endpoints_without_outside_scripts(cast, signed_in):
    response = signed_in(cast.case_worker).get(reverse("api:docs"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "/api/v1/people/{id}/close/" in html
    assert "<caption" in html
    assert "cdn" not in html.lower()
    assert "<script>" not in html


def test_the_docs_page_wants_the_second_factor(cast, signed_in):
    response = signed_in(cast.case_worker, second_factor=False).get(reverse("api:docs"))

    assert response.status_code == 302


def _more_records(cast, n: int = 4) -> None:
    """More homicides, people, contacts and notifications in the case worker's reach."""
    for _ in range(n):
        homicide = f.HomicideFactory(region=cast.london, lead_case_worker=cast.case_worker)
        person = f.PersonFactory(homicide=homicide)
        f.ContactFactory(person=person, made_by=cast.case_worker)
        f.NotificationFactory(region=cast.london, homicide=homicide, submitted_by=cast.support_worker)
        f.AssessmentFactory(person=person, assessed_by=cast.case_worker)
        Allocation.objects.create(homicide=homicide, case_worker=cast.case_worker, allocated_by=cast.team_leader)


# Session, user and second-factor device; the page's count and rows (and prefetches where nested); then the
# session is saved again (three queries: it is renewed on every request).
LIST_QUERIES = {
    "api:person-list": 8,
    "api:homicide-list": 8,
    "api:notification-list": 8,
    "api:contact-list": 8,
    "api:assessment-list": 10,
    "api:consent-decision-list": 8,
    "api:support-given-list": 8,
    "api:allocation-list": 8,
    "api:commissioned-service-list": 8,
    "api:cica-application-list": 9,
    "api:provider-list": 10,
}


@pytest.mark.parametrize(("name", "queries"), list(LIST_QUERIES.items()))
def test_list_endpoints_take_a_fixed_number_of_queries(cast, api_as, django_assert_num_queries, name, queries):
    api = api_as(cast.national_manager)
    _more_records(cast)
    api.get(reverse(name))  # warm the session

    with django_assert_num_queries(queries):
        few = api.get(reverse(name))
    _more_records(cast, 6)
    with django_assert_num_queries(queries):
        many = api.get(reverse(name))

    assert few.status_code == many.status_code == 200
    assert many.json()["count"] >= few.json()["count"]


@pytest.mark.parametrize("name", ["api:api-root", "api:person-list", "api:notification-list", "api:assessment-list"])
def test_the_browsable_api_renders_without_executable_inline_scripts(cast, signed_in, name):
    response = signed_in(cast.national_manager).get(reverse(name), HTTP_ACCEPT="text/html")

    html = response.content.decode()
    opening_tags = re.findall(r"<script([^>]*)>", html)
    assert response.status_code == 200
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in opening_tags)
    assert ' style="' not in html
