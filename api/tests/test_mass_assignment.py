"""A PATCH changes only the fields its input lists: every other field, read-only ones first, is ignored (200).

The fields tried are read from the OpenAPI schema (every field the endpoint answers with, less those it accepts),
plus the ones an attacker would try first, so that a field added to a serializer is tried without edits here.
"""

from __future__ import annotations

import pytest

from api.tests.endpoints import RECORD_FOR_COLLECTION, request_fields, schema, url_for, write_operations

pytestmark = pytest.mark.django_db

PATCHES = [(method, path) for method, path in write_operations() if method in ("patch", "put")]
# Tried on every PATCH whether or not the endpoint shows or accepts them: who holds a record, where it belongs,
# its reference and its dates are set only by their own actions (allocate, refer, close).
TEMPTING = ("region", "lead_case_worker", "reference", "homicide", "referred_at", "closed_on")
TEMPTING_TYPES = {"referred_at": "date-time", "closed_on": "date"}


def _answer_fields(method: str, path: str) -> dict[str, dict]:
    responses = schema()["paths"][path][method]["responses"]
    ref = responses["200"]["content"]["application/json"]["schema"]["$ref"]
    return schema()["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]


def _untouchable(method: str, path: str) -> list[str]:
    """Every field answered but not accepted, and the tempting ones even if an input lists them by mistake."""
    accepted = set(request_fields(method, path))
    return sorted((set(_answer_fields(method, path)) - accepted) | set(TEMPTING))


def _other_value(name: str, prop: dict, current, other_record: dict, cast):
    """A value for `name` that differs from `current`: the other region's, else one of the field's type."""
    tempting = {
        "region": cast.south_east.pk,
        "lead_case_worker": cast.other_case_worker.pk,
        "homicide": cast.other_homicide.pk,
        "reference": "HOM-OTHER-0001",
    }
    if name in tempting:
        return tempting[name]
    if other_record.get(name) not in (None, current):
        return other_record[name]
    kind, shape = prop.get("type"), prop.get("format") or TEMPTING_TYPES.get(name)
    if kind == "boolean":
        return not current
    if kind == "integer":
        return (current or 0) + 1
    if shape == "date":
        return "2001-02-03"
    if shape == "date-time":
        return "2001-02-03T04:05:06Z"
    return "changed by a PATCH"


def _row(model, pk) -> dict:
    return model.objects.filter(pk=pk).values().get()


def test_the_patches_are_found():
    assert sorted(PATCHES) == [
        ("patch", "/api/v1/advocacy-offers/{id}/"),
        ("patch", "/api/v1/assessments/{id}/"),
        ("patch", "/api/v1/consent-decisions/{id}/"),
        ("patch", "/api/v1/contacts/{id}/"),
        ("patch", "/api/v1/homicides/{id}/"),
        ("patch", "/api/v1/homicides/{id}/dhr/"),
        ("patch", "/api/v1/journey-events/{id}/"),
        ("patch", "/api/v1/people/{id}/"),
        ("patch", "/api/v1/people/{id}/equality/"),
        ("patch", "/api/v1/safeguarding-concerns/{id}/"),
        ("patch", "/api/v1/support-given/{id}/"),
        ("patch", "/api/v1/volunteer-profiles/{id}/"),
    ]
    # Corrections take a reason; changes to a homicide, a person, a concern, a review, an offer or a volunteer's
    # profile do not.
    updates = ("homicides", "people", "safeguarding-concerns", "advocacy-offers", "volunteer-profiles")
    corrections = [patch for patch in PATCHES if patch[1].split("/")[3] not in updates]
    assert len(corrections) == 5
    assert all("reason" in request_fields(*patch) for patch in corrections)
    assert {"lead_case_worker", "region", "reference", "created_at"} <= set(
        _untouchable("patch", "/api/v1/homicides/{id}/")
    )
    assert {"homicide", "referred_at", "closed_on", "closure_reason", "is_open"} <= set(
        _untouchable("patch", "/api/v1/people/{id}/")
    )
    assert {"entered_in_error", "error_reason", "by_volunteer", "person"} <= set(
        _untouchable("patch", "/api/v1/contacts/{id}/")
    )


@pytest.mark.parametrize(
    ("method", "path", "field"),
    [(method, path, field) for method, path in PATCHES for field in _untouchable(method, path)],
)
def test_a_patch_ignores_every_field_it_does_not_accept(cast, api_as, method, path, field):
    collection = path.removeprefix("/api/v1/").split("/", 1)[0]
    record = getattr(cast, RECORD_FOR_COLLECTION[collection])
    other = getattr(cast, f"other_{RECORD_FOR_COLLECTION[collection]}")
    model = type(record)
    api = api_as(cast.national_manager)
    url = url_for(path, cast)
    shown = api.get(url).json()
    other_shown = api.get(url.replace(f"/{record.pk}/", f"/{other.pk}/")).json()
    row = _row(model, record.pk)
    value = _other_value(field, _answer_fields(method, path).get(field, {}), shown.get(field), other_shown, cast)

    body, changed = {field: value}, {}
    if "reason" in request_fields(method, path):
        # A correction changes something, with a reason (one that changes nothing is refused): the notes.
        changed = {"notes": "Corrected notes"}
        body.update(changed, reason="Typed on the wrong record")

    response = getattr(api, method)(url, body)

    assert response.status_code == 200, response.content
    assert response.json() == {**shown, **changed}
    assert _row(model, record.pk) == {**row, **changed}
