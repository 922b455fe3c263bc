"""Every POST can be retried with its Idempotency-Key: the first answer again, nothing made or changed twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from api.idempotency import KEY_LIFETIME
from api.models import IdempotentRequest
from api.tests.endpoints import schema, write_operations
from api.tests.test_access_matrix import WRITES, _write
from casework.models import Contact

pytestmark = pytest.mark.django_db

# The POSTs a national manager makes: not the PATCHes (updates, corrections), and each endpoint once (a volunteer's
# contact is marked entered in error at the same endpoint as a case worker's).
POSTS = [
    name
    for name in WRITES
    if WRITES[name]["national_manager"] in (200, 201)
    and name.split("-")[-1] not in {"update", "correct"}
    and not name.startswith("volunteer-contact-")
]


def _rows() -> dict[str, int]:
    """How many rows every casework, intake and review table holds, their history tables included."""
    return {
        model._meta.label: model.objects.count()
        for label in ("intake", "casework", "reviews", "outcomes")
        for model in apps.get_app_config(label).get_models()
    }


def test_every_post_in_the_schema_is_retried_here():
    posts = {path for method, path in write_operations() if method == "post"}
    assert len(posts) == len(POSTS) == 39


@pytest.mark.parametrize(("method", "path"), [op for op in write_operations() if op[0] == "post"])
def test_every_post_documents_the_key_and_the_refusal_of_a_reused_one(method, path):
    operation = schema()["paths"][path][method]

    headers = [p for p in operation.get("parameters", []) if p["in"] == "header"]
    assert [p["name"] for p in headers] == ["Idempotency-Key"]
    assert "422" in operation["responses"]


@pytest.mark.parametrize("write", POSTS)
def test_a_retry_gets_the_first_answer_and_makes_and_changes_nothing(cast, api_as, write):
    method, url, payload = _write(cast, write)
    api = api_as(cast.national_manager)

    first = getattr(api, method)(url, payload, HTTP_IDEMPOTENCY_KEY=f"retry-{write}")
    after_first = _rows()
    retry = getattr(api, method)(url, payload, HTTP_IDEMPOTENCY_KEY=f"retry-{write}")

    assert first.status_code == WRITES[write]["national_manager"], first.content
    assert (retry.status_code, retry.json()) == (first.status_code, first.json())
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert _rows() == after_first


@pytest.mark.parametrize("write", POSTS)
def test_the_same_key_with_another_body_is_refused_with_422(cast, api_as, write):
    method, url, payload = _write(cast, write)
    api = api_as(cast.national_manager)
    first = getattr(api, method)(url, payload, HTTP_IDEMPOTENCY_KEY="one-key")
    after_first = _rows()

    other = getattr(api, method)(url, {**payload, "note": "a different request"}, HTTP_IDEMPOTENCY_KEY="one-key")

    assert first.status_code in (200, 201)
    assert other.status_code == 422
    assert other["Content-Type"] == "application/json"
    assert other.json() == {
        "idempotency_key": [
            "This Idempotency-Key was already used for a different request. "
            "Send a new key with each new request, and the same key only to retry the same request."
        ]
    }
    assert _rows() == after_first


def test_the_same_key_on_another_endpoint_is_refused_with_422(cast, api_as):
    api = api_as(cast.national_manager)
    _m, contact_url, contact = _write(cast, "contact-create")
    _m, support_url, support = _write(cast, "support-create")
    assert api.post(contact_url, contact, HTTP_IDEMPOTENCY_KEY="shared").status_code == 201

    assert api.post(support_url, support, HTTP_IDEMPOTENCY_KEY="shared").status_code == 422


def test_the_order_of_the_fields_does_not_make_another_body(cast, api_as):
    _m, url, payload = _write(cast, "contact-create")
    api = api_as(cast.case_worker)

    first = api.post(url, payload, HTTP_IDEMPOTENCY_KEY="ordered")
    retry = api.post(url, dict(reversed(list(payload.items()))), HTTP_IDEMPOTENCY_KEY="ordered")

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json()["id"] == first.json()["id"]


def test_another_users_same_key_is_their_own_request(cast, api_as):
    _m, url, payload = _write(cast, "contact-create")

    mine = api_as(cast.case_worker).post(url, payload, HTTP_IDEMPOTENCY_KEY="k-1")
    theirs = api_as(cast.team_leader).post(url, {**payload, "duration_minutes": 5}, HTTP_IDEMPOTENCY_KEY="k-1")

    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json()["id"] != theirs.json()["id"]
    assert theirs.json()["duration_minutes"] == 5


def test_a_refused_request_keeps_nothing_and_may_be_corrected_under_the_same_key(cast, api_as):
    _m, url, payload = _write(cast, "contact-create")
    api = api_as(cast.case_worker)
    before = Contact.objects.count()

    refused = api.post(url, {**payload, "duration_minutes": 0}, HTTP_IDEMPOTENCY_KEY="fix-me")
    corrected = api.post(url, payload, HTTP_IDEMPOTENCY_KEY="fix-me")
    retried = api.post(url, payload, HTTP_IDEMPOTENCY_KEY="fix-me")

    assert refused.status_code == 400
    assert "duration_minutes" in refused.json()
    assert (corrected.status_code, retried.status_code) == (201, 201)
    assert retried.json() == corrected.json()
    assert Contact.objects.count() == before + 1
    assert IdempotentRequest.objects.filter(user=cast.case_worker, key="fix-me", status=201).count() == 1


def test_a_request_without_a_key_is_made_each_time_and_nothing_is_kept(cast, api_as):
    _m, url, payload = _write(cast, "contact-create")
    api = api_as(cast.case_worker)

    first, second = api.post(url, payload), api.post(url, payload)

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] != second.json()["id"]
    assert not IdempotentRequest.objects.exists()


def test_a_key_expires_and_its_kept_answer_is_deleted(cast, api_as):
    _m, url, payload = _write(cast, "contact-create")
    api = api_as(cast.case_worker)
    first = api.post(url, payload, HTTP_IDEMPOTENCY_KEY="old")
    IdempotentRequest.objects.update(created_at=timezone.now() - KEY_LIFETIME - timedelta(minutes=1))

    later = api.post(url, payload, HTTP_IDEMPOTENCY_KEY="old")

    assert (first.status_code, later.status_code) == (201, 201)
    assert later.json()["id"] != first.json()["id"]
    assert IdempotentRequest.objects.get().response["id"] == later.json()["id"]


def test_only_a_hash_of_the_body_is_kept(cast, api_as):
    _m, url, payload = _write(cast, "contact-create")
    api_as(cast.case_worker).post(url, {**payload, "notes": "Unforgettable words"}, HTTP_IDEMPOTENCY_KEY="h")

    stored = IdempotentRequest.objects.get()
    assert len(stored.body_hash) == 64
    assert stored.endpoint == f"POST {reverse('api:contact-list')}"


@pytest.mark.parametrize("key", ["k" * 101, "two words", "émoji-ключ"])
def test_a_key_that_is_too_long_or_not_plain_is_refused(cast, api_as, key):
    _m, url, payload = _write(cast, "contact-create")
    before = Contact.objects.count()

    response = api_as(cast.case_worker).post(url, payload, HTTP_IDEMPOTENCY_KEY=key)

    assert response.status_code == 400
    assert response.json() == {"idempotency_key": ["Use an Idempotency-Key of 1 to 100 letters, digits or punctuation"]}
    assert Contact.objects.count() == before
