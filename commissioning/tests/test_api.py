"""The commissioning API: the actions' rules come back as JSON field messages, and records outside reach are 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api.tests.conftest import Caller
from commissioning.models import CicaApplication, CommissionedService
from commissioning.tests.helpers import provider

TODAY = timezone.localdate


@pytest.fixture
def api_as(signed_in):
    """`api_as(user)`: the API as `user`, as in api/tests."""
    return lambda user: Caller(signed_in(user))


def _service(cast, **overrides) -> dict:
    return {
        "person": cast.person.pk,
        "provider": cast.provider.pk,
        "service_type": cast.service.service_type_id,
        "case_stage": "trial",
        "agreed_on": (TODAY() - timedelta(days=2)).isoformat(),
        "starts_on": TODAY().isoformat(),
        "agreed_cost": "501.00",
        **overrides,
    }


def test_a_service_over_the_limit_is_created_awaiting_approval_then_approved(cast, api_as):
    created = api_as(cast.case_worker).post(reverse("api:commissioned-service-list"), _service(cast))

    assert created.status_code == 201, created.content
    body = created.json()
    assert body["approved_at"] is None and body["support"] is None and body["agreed_cost"] == "501.00"

    refused = api_as(cast.case_worker).post(reverse("api:commissioned-service-approve", args=[body["id"]]))
    assert refused.status_code == 404
    approved = api_as(cast.team_leader).post(reverse("api:commissioned-service-approve", args=[body["id"]]))
    assert approved.status_code == 200
    assert approved.json()["approved_by_name"] == cast.team_leader.full_name
    assert approved.json()["support"] is not None


def test_the_region_rule_comes_back_as_a_field_message(cast, api_as):
    elsewhere = provider([cast.south_east])

    response = api_as(cast.case_worker).post(
        reverse("api:commissioned-service-list"), _service(cast, provider=elsewhere.pk)
    )

    assert response.status_code == 400
    assert response.json() == {"provider": ["This provider does not cover London"]}
    assert not CommissionedService.objects.filter(provider=elsewhere).exists()


def test_an_approved_service_gets_its_actual_cost(cast, api_as):
    response = api_as(cast.case_worker).post(
        reverse("api:commissioned-service-actual-cost", args=[cast.service.pk]), {"actual_cost": "299.99"}
    )

    assert response.status_code == 200
    assert response.json()["actual_cost"] == "299.99" and response.json()["costed_on"] == TODAY().isoformat()


def test_another_regions_service_is_404_in_the_address_and_absent_from_the_list(cast, api_as):
    api = api_as(cast.case_worker)

    assert api.get(reverse("api:commissioned-service-detail", args=[cast.other_service.pk])).status_code == 404
    cost = api.post(reverse("api:commissioned-service-actual-cost", args=[cast.other_service.pk]), {"actual_cost": "1"})
    assert cost.status_code == 404 and cost.json() == {"detail": "Not found."}
    listed = api.get(reverse("api:commissioned-service-list")).json()["results"]
    assert {row["id"] for row in listed} == {cast.service.pk}


def test_a_cica_application_with_its_dated_history(cast, api_as):
    api = api_as(cast.case_worker)
    applied = TODAY() - timedelta(days=9)
    created = api.post(
        reverse("api:cica-application-list"),
        {"person": cast.person.pk, "applied_on": applied.isoformat(), "helped_by": cast.case_worker.pk},
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]

    missing_award = api.post(
        reverse("api:cica-application-status", args=[pk]), {"status": "decision", "changed_on": TODAY().isoformat()}
    )
    assert missing_award.status_code == 400
    assert missing_award.json() == {"award_amount": ["Enter the award in pounds (0 for no award)"]}

    decided = api.post(
        reverse("api:cica-application-status", args=[pk]),
        {"status": "decision", "changed_on": TODAY().isoformat(), "award_amount": "0"},
    )
    assert decided.status_code == 200
    assert [step["status"] for step in decided.json()["status_changes"]] == ["submitted", "decision"]
    assert CicaApplication.objects.get(pk=pk).award_amount == 0


def test_a_cica_application_for_someone_out_of_reach_reads_as_not_existing(cast, api_as):
    response = api_as(cast.case_worker).post(
        reverse("api:cica-application-list"),
        {"person": cast.other_person.pk, "applied_on": TODAY().isoformat(), "helped_by": cast.case_worker.pk},
    )

    assert response.status_code == 400
    # The message for a person who does not exist at all.
    assert response.json()["person"] == ["Select the person from the records you may see"]


def test_a_provider_is_added_by_a_team_leader_with_field_messages_for_bad_input(cast, api_as):
    api = api_as(cast.team_leader)
    bad = api.post(reverse("api:provider-list"), {"name": "Invented Ltd", "services": [], "regions": [cast.london.pk]})
    assert bad.status_code == 400 and set(bad.json()) == {"services"}

    direct = cast.support.support_type_id  # direct support, not commissioned
    wrong = api.post(
        reverse("api:provider-list"), {"name": "Invented Ltd", "services": [direct], "regions": [cast.london.pk]}
    )
    assert wrong.status_code == 400 and set(wrong.json()) == {"services"}

    made = api.post(
        reverse("api:provider-list"),
        {"name": "Invented Ltd", "services": [cast.service.service_type_id], "regions": [cast.london.pk]},
    )
    assert made.status_code == 201 and made.json()["is_active"] is True
    duplicate = api.post(
        reverse("api:provider-list"),
        {"name": "Invented Ltd", "services": [cast.service.service_type_id], "regions": [cast.london.pk]},
    )
    assert duplicate.status_code == 400 and set(duplicate.json()) == {"name"}


def test_a_new_application_is_drafted_or_submitted_by_the_actions_rule(cast, api_as):
    response = api_as(cast.case_worker).post(
        reverse("api:cica-application-list"),
        {
            "person": cast.person.pk,
            "applied_on": TODAY().isoformat(),
            "helped_by": cast.case_worker.pk,
            "status": "paid",
        },
    )

    assert response.status_code == 400
    assert response.json() == {"status": ["A new application is drafted or submitted"]}
