"""Whatever is thrown at a write endpoint, the answer is a 4xx in JSON with messages, never a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api.tests.endpoints import request_fields, url_for, write_operations
from intake.models import Allocation

pytestmark = pytest.mark.django_db

HUGE = "x" * 100_000
FUTURE_DAY = (timezone.localdate() + timedelta(days=400)).isoformat()

# One hostile value for every field of the body, whatever its type.
HOSTILE_VALUES = {
    "list": ["a", "b"],
    "dict": {"nested": {"deeper": 1}},
    "number": 12345678901234567890,
    "negative": -1,
    "boolean": True,
    "null": None,
    "huge string": HUGE,
    "script tag": "<script>alert(1)</script>",
    "sql fragment": "1'; DROP TABLE casework_bereavedperson; --",
    "unknown id": 999_999_999,
    "impossible date": "2025-02-31",
    "future date": FUTURE_DAY,
    "ancient date": "0001-01-01",
}
RAW_BODIES = {
    "malformed json": "{not json",
    "truncated json": '{"person": ',
    "json list": "[1, 2, 3]",
    "json string": '"hello"',
    "json number": "42",
    "empty": "",
}


@pytest.fixture
def cast_with_allocation(cast):
    cast.allocation = Allocation.objects.create(
        homicide=cast.homicide, case_worker=cast.case_worker, allocated_by=cast.team_leader
    )
    return cast


def _assert_refused_in_json(response):
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert isinstance(body, dict) and body
    assert all(isinstance(messages, list | str | dict) for messages in body.values())


def test_the_write_endpoints_are_all_found():
    found = {(method, path) for method, path in write_operations()}
    assert ("post", "/api/v1/notifications/") in found
    assert ("post", "/api/v1/people/{id}/close/") in found
    assert ("patch", "/api/v1/homicides/{id}/") in found
    assert len(found) >= 11


@pytest.mark.parametrize(("method", "path"), write_operations())
@pytest.mark.parametrize("kind", list(HOSTILE_VALUES))
def test_hostile_values_in_every_field_are_refused_with_field_messages(
    cast_with_allocation, api_as, method, path, kind
):
    fields = request_fields(method, path)
    if not fields:
        pytest.skip("takes no fields (cancelling cover): nothing to put a hostile value in")
    payload = dict.fromkeys(fields, HOSTILE_VALUES[kind])
    api = api_as(cast_with_allocation.national_manager)

    response = getattr(api, method)(url_for(path, cast_with_allocation), payload)

    if set(fields) == {"reason"} and isinstance(payload["reason"], str) and len(payload["reason"]) < 500:
        # Marking a record entered in error takes only a reason, which is free text: any text is a reason, kept
        # as typed (and shown escaped).
        assert response.status_code == 200, response.content
        assert response.json()["error_reason"] == payload["reason"]
        return
    _assert_refused_in_json(response)
    if response.status_code == 400 and fields:
        assert set(response.json()) & (set(fields) | {"non_field_errors"})


@pytest.mark.parametrize(("method", "path"), write_operations())
@pytest.mark.parametrize("kind", list(RAW_BODIES))
def test_bodies_that_are_not_a_json_object_are_refused(cast_with_allocation, api_as, method, path, kind):
    if kind == "empty" and method == "patch":
        pytest.skip("an empty PATCH changes nothing, and says so with 200")
    if kind == "empty" and path.endswith(("/complete/", "/end/", "/cancel/")):
        pytest.skip("completing an action, ending a task or cancelling cover needs no body: it is done now")
    api = api_as(cast_with_allocation.national_manager)

    response = getattr(api.client, method)(
        url_for(path, cast_with_allocation), RAW_BODIES[kind], content_type="application/json"
    )

    _assert_refused_in_json(response)


@pytest.mark.parametrize(("method", "path"), write_operations())
def test_unknown_ids_in_the_address_are_404_in_json(cast_with_allocation, api_as, method, path):
    if "{id}" not in path:
        pytest.skip("no id in this address")
    api = api_as(cast_with_allocation.national_manager)

    for bad_id in ("999999999", "abc", "1.5", "-1", "99999999999999999999999", "1%27%20OR%201=1"):
        response = getattr(api, method)(path.replace("{id}", bad_id), {})
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


def _valid_contact(cast, **overrides) -> dict:
    return {
        "person": cast.person.pk,
        "kind": "call_to_person",
        "occurred_at": (timezone.now() - timedelta(hours=2)).isoformat(),
        "duration_minutes": 20,
        **overrides,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("occurred_at", "in three days"),
        ("occurred_at", "2001-01-01T10:00:00Z"),
        ("occurred_at", "2025-02-31T10:00:00Z"),
        ("duration_minutes", 0),
        ("duration_minutes", 100_000),
        ("duration_minutes", "twenty"),
        ("notes", "n" * 10_001),
        ("kind", "telepathy"),
        ("person", 999_999_999),
        ("person", "1 OR 1=1"),
    ],
)
def test_a_contact_otherwise_valid_is_refused_on_its_one_bad_field(cast, api_as, field, value):
    if value == "in three days":  # computed here, not at collection, so that parallel workers collect the same ids
        value = (timezone.now() + timedelta(days=3)).isoformat()
    response = api_as(cast.case_worker).post(reverse("api:contact-list"), _valid_contact(cast, **{field: value}))

    assert response.status_code == 400
    assert field in response.json()


def test_an_actions_own_rule_comes_back_as_a_field_message(cast, api_as):
    """The date of death check lives in the action; the API shows its message under the field."""
    response = api_as(cast.case_worker).patch(
        reverse("api:homicide-detail", args=[cast.homicide.pk]), {"date_of_death": FUTURE_DAY}
    )

    assert response.status_code == 400
    assert response.json() == {"date_of_death": ["Date of death must be today or in the past"]}


def test_a_rule_without_a_field_comes_back_under_non_field_errors(cast, api_as):
    api = api_as(cast.case_worker)
    closing = {"closed_on": timezone.localdate().isoformat(), "reason": "user_led_exit", "open_actions": "cancel"}
    assert api.post(reverse("api:person-close", args=[cast.person.pk]), closing).status_code == 200

    again = api.post(reverse("api:person-close", args=[cast.person.pk]), closing)
    contact = api.post(reverse("api:contact-list"), _valid_contact(cast))

    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["This case is already closed"]}
    assert contact.status_code == 400
    assert "non_field_errors" in contact.json()


def test_script_tags_are_stored_as_text_and_returned_as_json_not_markup(cast, api_as):
    response = api_as(cast.case_worker).post(
        reverse("api:contact-list"), _valid_contact(cast, notes="<script>alert(1)</script>")
    )

    assert response.status_code == 201
    assert response["Content-Type"] == "application/json"
    assert response.json()["notes"] == "<script>alert(1)</script>"
