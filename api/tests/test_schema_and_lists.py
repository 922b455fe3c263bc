"""The OpenAPI schema, the documentation page, and list endpoints whose query count does not grow."""

from __future__ import annotations

import base64
import re

import pytest
import yaml
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.views import APIView

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
        task = f.VolunteerAssignmentFactory(volunteer=cast.volunteer, person=person, assigned_by=cast.case_worker)
        f.VolunteerUpdateFactory(assignment=task, sent_by=cast.case_worker)


# Session, user and second-factor device; the throttle's counter, shared by every worker process (without
# REDIS_URL the cache is a database table: read, then written back, six queries; none with Redis); the page's rows
# (and prefetches where nested), with no count, as pages go by cursor. The session is not saved (its idle expiry
# moves on at most once a minute). Lists of people's records add one INSERT into the access log for all the people
# on the page.
LIST_QUERIES = {
    "api:person-list": 11,
    "api:homicide-list": 10,
    "api:notification-list": 10,
    "api:contact-list": 11,
    "api:assessment-list": 13,
    "api:consent-decision-list": 11,
    "api:support-given-list": 11,
    "api:allocation-list": 10,
    "api:commissioned-service-list": 11,
    "api:cica-application-list": 12,
    "api:provider-list": 12,
    "api:case-episode-list": 11,
    "api:volunteer-task-list": 11,
    "api:volunteer-update-list": 11,
    "api:safeguarding-concern-list": 11,
}
# A record of each list that the national manager must find in it.
LISTED = {
    "api:person-list": "person",
    "api:homicide-list": "homicide",
    "api:notification-list": "notification",
    "api:contact-list": "contact",
    "api:assessment-list": "assessment",
    "api:consent-decision-list": "consent",
    "api:support-given-list": "support",
    "api:case-episode-list": "episode",
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
    assert len(many.json()["results"]) >= len(few.json()["results"])
    ids = {row["id"] for row in many.json()["results"]}
    if name in LISTED:
        assert getattr(cast, LISTED[name]).pk in ids


@pytest.mark.parametrize("name", ["api:api-root", "api:person-list", "api:notification-list", "api:assessment-list"])
def test_the_browsable_api_renders_without_executable_inline_scripts(cast, signed_in, monkeypatch, name):
    # On only where a developer sets WAYPOINT_BROWSABLE_API=1 (api/tests/test_api_settings.py); turned on here.
    monkeypatch.setattr(APIView, "renderer_classes", [JSONRenderer, BrowsableAPIRenderer])
    response = signed_in(cast.national_manager).get(reverse(name), HTTP_ACCEPT="text/html")

    html = response.content.decode()
    opening_tags = re.findall(r"<script([^>]*)>", html)
    assert response.status_code == 200
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in opening_tags)
    assert ' style="' not in html


@pytest.mark.parametrize("name", ["api:contact-list", "api:person-list", "api:homicide-list"])
def test_collections_page_by_cursor_through_every_row_once_in_order(cast, api_as, name):
    api = api_as(cast.national_manager)
    _more_records(cast, 6)
    everything = [row["id"] for row in api.get(reverse(name), {"limit": 500}).json()["results"]]

    seen, url, pages = [], reverse(name) + "?limit=2", 0
    while url:
        page = api.get(url).json()
        assert "count" not in page  # nothing counts the whole collection
        seen += [row["id"] for row in page["results"]]
        url, pages = page["next"], pages + 1

    assert seen == everything and len(seen) > 4
    assert pages == -(-len(everything) // 2)  # two a page, and no empty page at the end


def test_a_forged_or_garbled_cursor_is_a_400_with_a_field_message(cast, api_as):
    api = api_as(cast.national_manager)

    forged = base64.urlsafe_b64encode(b'["2020-01-01T00:00:00+00:00",1]:forged:signature').decode()
    for cursor in ["nonsense", forged, "%%%"]:
        response = api.get(reverse("api:contact-list"), {"cursor": cursor})

        assert response.status_code == 400
        assert response.json()["cursor"] == ["This cursor is not one this API gave"]
