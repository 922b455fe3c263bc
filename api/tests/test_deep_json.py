"""A body nested deeper than any endpoint takes is refused with 400 in JSON, before any endpoint reads it."""

from __future__ import annotations

import pytest

from api.parsers import MAX_DEPTH
from api.tests.endpoints import url_for, write_operations

pytestmark = pytest.mark.django_db


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _nested_objects(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


@pytest.mark.parametrize(("method", "path"), write_operations())
@pytest.mark.parametrize("body", [_nested(100_000), _nested_objects(5_000), '{"people": ' + _nested(MAX_DEPTH) + "}"])
def test_deeply_nested_json_is_refused_with_400(cast, api_as, method, path, body):
    api = api_as(cast.national_manager)

    response = getattr(api.client, method)(url_for(path, cast), body, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": f"JSON parse error - nested more than {MAX_DEPTH} levels deep"}


def test_json_as_deep_as_the_limit_is_read(cast, api_as):
    body = f'{{"person": {cast.person.pk}, "notes": {_nested(MAX_DEPTH - 1)}}}'

    response = api_as(cast.case_worker).client.post("/api/v1/contacts/", body, content_type="application/json")

    assert response.status_code == 400
    assert "notes" in response.json()  # read, then refused field by field: not a string
