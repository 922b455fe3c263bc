"""The report API: exact figures with stable keys, the pages' access rules, small numbers, and JSON 400s."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from accounts.actions import create_api_token
from accounts.models import Role
from api.tests.conftest import Caller
from conftest import sign_in
from reporting.tests.test_tables import END, START
from reporting.tests.test_tables import data as data  # the hand-built data set of the B2 to B8 tests
from tests import factories as f

PERIOD = {"start": START.isoformat(), "end": END.isoformat()}
BAD_DATE = "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."
NOT_AFTER = "The end date must be the same as or after the start date."
NOT_YOURS = "Give the code of a region whose figures you may read."


@pytest.fixture
def readers(data):
    """A national manager, London's team leader and an analyst, each with their own signed-in client."""

    def caller(role, **kw):
        return Caller(sign_in(Client(), f.UserFactory(role=role, **kw)))

    return SimpleNamespace(
        national=caller(Role.NATIONAL_MANAGER, region=None),
        leader=caller(Role.TEAM_LEADER, region=data.london),
        analyst=caller(Role.ANALYST, region=None),
    )


def get(api, code, **params):
    return api.get(reverse(f"api:report-{code}"), {**PERIOD, **params})


def row(body, key):
    return next(r for r in body["rows"] if r["key"] == key)


def test_b7_for_a_region_with_the_previous_period_by_stable_keys(data, readers):
    response = get(readers.national, "b7", region="london")

    assert response.status_code == 200
    body = response.json()
    assert body["table"] == "B7"
    assert body["period"] == {"start": "2026-01-01", "end": "2026-03-31"}
    assert body["previous_period"] == {"start": "2025-10-03", "end": "2025-12-31"}
    assert body["suppressed_below"] is None
    assert body["columns"] == [{"key": "london", "name": "London", "region": "london", "worker": None}]
    closed = row(body, "closed")
    assert closed["kind"] == "count" and closed["in_evaluation_table"] is True
    assert (closed["values"], closed["previous_values"]) == ({"london": 2}, {"london": 1})
    assert row(body, "per_case_worker")["values"] == {"london": 1.0}
    assert row(body, "range")["values"] == {"london": {"low": 0, "high": 2}}
    assert row(body, "average_days")["in_evaluation_table"] is False
    assert row(body, "average_days")["values"] == {"london": 60.0}


def test_all_regions_come_with_a_total(data, readers):
    body = get(readers.national, "b8").json()

    assert [c["key"] for c in body["columns"]][-1] == "total"
    consent = row(body, "consent_referrals")
    assert (consent["values"]["london"], consent["values"]["south-east-east"], consent["values"]["total"]) == (2, 0, 2)
    assert consent["previous_values"]["total"] == 3


def test_a_case_worker_beside_their_team_keyed_by_their_id(data, readers):
    body = get(readers.leader, "b8", worker=data.worker_a.pk).json()

    key = f"worker-{data.worker_a.pk}"
    assert [(c["key"], c["worker"]) for c in body["columns"]] == [(key, data.worker_a.pk), ("london", None)]
    assert row(body, "people_supported")["values"] == {key: 3, "london": 4}
    assert row(body, "people_supported")["previous_values"] == {key: 1, "london": 2}


def test_b1_and_b9_have_no_previous_period(data, readers):
    body = get(readers.leader, "b1").json()

    assert body["previous_period"] is None
    assert [c["key"] for c in body["columns"]] == ["london"]  # a team leader reads their region only
    assert row(body, "consent_referrals") == {
        "key": "consent_referrals",
        "label": "Total number of consent referrals (homicides)",
        "kind": "count",
        "in_evaluation_table": True,
        "values": {"london": 2},
        "previous_values": None,
    }


def test_analysts_get_small_numbers_suppressed_and_staff_when_sharing_outside(data, readers):
    analyst = get(readers.analyst, "b7", region="london").json()
    outside = get(readers.national, "b7", region="london", audience="outside").json()

    for body in (analyst, outside):
        assert body["suppressed_below"] == 5
        assert row(body, "closed")["values"] == {"london": "<5"}
        assert row(body, "per_case_worker")["values"] == {"london": "<5"}
        assert row(body, "range")["values"] == {"london": {"low": 0, "high": "<5"}}
        assert row(body, "case_workers")["values"] == {"london": 2}


@pytest.mark.parametrize(
    ("caller", "code", "params", "errors"),
    [
        ("national", "b4", {"start": "2026-02-30"}, {"start": [BAD_DATE]}),
        ("national", "b4", {"start": "2026-03-01", "end": "2026-02-01"}, {"end": [NOT_AFTER]}),
        ("national", "b4", {"start": "1899-12-31"}, {"start": ["Enter a date after 1900."]}),
        ("national", "b4", {"region": "atlantis"}, {"region": [NOT_YOURS]}),
        ("leader", "b4", {"region": "south-east-east"}, {"region": [NOT_YOURS]}),
        ("national", "b2", {"worker": "1"}, {"worker": ["This table has no figures per case worker."]}),
        ("national", "b4", {"worker": "every"}, {"worker": ["Give a region to see each of its case workers."]}),
        ("analyst", "b4", {"worker": "1"}, {"worker": ["Give the id of a case worker whose figures you may read."]}),
        ("national", "b4", {"audience": "everyone"}, {"audience": ['"everyone" is not a valid choice.']}),
    ],
)  # fmt: skip
def test_bad_parameters_are_json_400s_with_field_messages(data, readers, caller, code, params, errors):
    response = get(getattr(readers, caller), code, **params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == errors


def test_a_worker_of_another_team_is_refused_to_a_team_leader(data, readers):
    response = get(readers.leader, "b4", worker=data.se_worker.pk)

    assert response.status_code == 400
    assert response.json() == {"worker": ["Give the id of a case worker whose figures you may read."]}


def test_every_case_worker_of_a_region(data, readers):
    body = get(readers.national, "b7", region="london", worker="every").json()

    keys = [c["key"] for c in body["columns"]]
    # London's case-holding staff: Ada, Ben, the team leader of the data set, and the team leader who reads here.
    assert {f"worker-{w.pk}" for w in (data.worker_a, data.worker_b, data.leader)} < set(keys[:-1])
    assert len(keys) == 5
    assert keys[-1] == "london"
    assert row(body, "closed")["values"][f"worker-{data.worker_a.pk}"] == 2


@pytest.mark.parametrize("code", ["b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10", "m1", "m2", "m7"])
def test_each_table_takes_a_fixed_number_of_queries(code, data, readers, django_assert_max_num_queries):
    get(readers.national, code)  # warm the session
    # Session, user, device, the throttle's counter in the database cache (six without Redis), the table's own few
    # queries: at most 17, and no more with more records.
    with django_assert_max_num_queries(17) as captured:
        get(readers.national, code)
    before = len(captured)
    for _ in range(3):
        person = f.PersonFactory(homicide=f.HomicideFactory(region=data.south_east, lead_case_worker=data.se_worker))
        f.AssessmentFactory(person=person, assessed_by=data.se_worker, assessed_on=START)
    with django_assert_max_num_queries(before):
        get(readers.national, code)


def test_a_token_reads_the_reports_of_its_user_and_others_are_refused(data, client):
    _token, analyst = create_api_token(user=f.UserFactory(role=Role.ANALYST, region=None), name="Figures")
    _token, case_worker = create_api_token(user=data.worker_a, name="Figures")
    url = reverse("api:report-b2")

    by_analyst = client.get(url, {**PERIOD, "region": "london"}, HTTP_AUTHORIZATION=f"Token {analyst}")
    by_case_worker = client.get(url, PERIOD, HTTP_AUTHORIZATION=f"Bearer {case_worker}")
    by_nobody = client.get(url, PERIOD)

    assert by_analyst.status_code == 200
    assert row(by_analyst.json(), "people")["values"] == {"london": "<5"}
    assert by_case_worker.status_code == 403
    assert by_case_worker.json() == {"detail": "You do not have permission to perform this action."}
    assert by_nobody.status_code == 401
