"""Property-based fuzzing of every operation in the OpenAPI schema (schemathesis), as several roles.

For each role, each operation gets a bounded number of generated requests, valid by the schema and not, aimed at
the cast's records or at made-up ids. Every answer must be no 500, a status the schema documents, JSON, and a body
that the schema describes. The run is derandomised, so that CI sees the same cases each time; set
WAYPOINT_FUZZ_EXAMPLES for a longer run locally.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.test import override_settings
from django.test.client import ClientHandler
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.tests.endpoints import RECORD_FOR_COLLECTION, schema
from conftest import sign_in
from intake.models import Allocation

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("WAYPOINT_FUZZ_EXAMPLES", 4))
ROLES = ["national_manager", "case_worker", "police_referrer", "volunteer"]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


HANDLER = ClientHandler(enforce_csrf_checks=False)


def _application(environ, start_response):
    """Django as a plain WSGI application that keeps the test's database connection (as the test client does)."""
    response = HANDLER(environ)
    headers = [*response.items(), *(("Set-Cookie", c.output(header="")) for c in response.cookies.values())]
    start_response(f"{response.status_code} {response.reason_phrase}", headers)
    return response


def _operations():
    loaded = schemathesis.openapi.from_dict(schema())
    loaded.app = _application
    return [result.ok() for result in loaded.get_all_operations()]


@pytest.mark.parametrize("role", ROLES)
@override_settings(API_THROTTLE_RATE="1000000/hour")
def test_no_operation_answers_500_or_outside_its_schema(cast, client, role):
    cast.allocation = Allocation.objects.create(
        homicide=cast.homicide, case_worker=cast.case_worker, allocated_by=cast.team_leader
    )
    cookies = {name: morsel.value for name, morsel in sign_in(client, getattr(cast, role)).cookies.items()}
    cases, failures, operations = 0, [], _operations()

    for operation in operations:
        collection = operation.path.removeprefix("/api/v1/").split("/", 1)[0]
        real_id = getattr(cast, RECORD_FOR_COLLECTION[collection]).pk if "{id}" in operation.path else None
        strategies = [
            operation.as_strategy(generation_mode=mode, path_parameters={"id": real_id} if real_id else None)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        ]
        if real_id:  # made-up ids too
            strategies.append(operation.as_strategy(generation_mode=GenerationMode.POSITIVE))

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=st.one_of(strategies))
        def fuzz(case):
            nonlocal cases
            cases += 1
            response = case.call(cookies=cookies)
            case.validate_response(response, checks=CHECKS)

        try:
            fuzz()
        except Exception as failure:  # every operation is tried; all failures are reported together below
            failures.append(f"{operation.method.upper()} {operation.path}: {failure}")

    print(f"\nfuzzed as {role}: {len(operations)} operations, {cases} cases, {len(failures)} failing")  # noqa: T201
    assert not failures, "\n\n".join(failures)
