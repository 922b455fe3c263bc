"""The commissioning pages: forms keep what was typed and show the action's messages, views of a person are logged,
and the list pages take a fixed number of queries however many rows they show."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from commissioning.models import CicaApplication, CommissionedService, financial_year_of
from commissioning.tests.helpers import cica, provider, service
from tests import factories as f

TODAY = timezone.localdate


def _day(name, value) -> dict:
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


def _service_form(cast, **overrides) -> dict:
    return {
        "service_type": cast.service.service_type_id,
        "provider": cast.provider.pk,
        "case_stage": "trial",
        **_day("agreed_on", TODAY() - timedelta(days=1)),
        **_day("starts_on", TODAY()),
        "agreed_cost": "650.00",
        **overrides,
    }


def test_a_service_over_the_limit_is_recorded_from_the_page_and_shown_awaiting_approval(cast, signed_in):
    client = signed_in(cast.case_worker)

    response = client.post(reverse("commissioning:service-new", args=[cast.person.pk]), _service_form(cast))

    assert response.status_code == 302
    service = CommissionedService.objects.latest("pk")
    assert service.agreed_cost == Decimal("650.00") and not service.is_approved
    page = client.get(reverse("commissioning:person-money", args=[cast.person.pk])).content.decode()
    assert "Awaiting approval" in page
    assert reverse("commissioning:service-approve", args=[service.pk]) not in page  # the case worker may not


def test_the_team_leader_approves_from_the_page(cast, signed_in):
    waiting = service(cast.person, cast.provider, cast.case_worker, cost="900.00", approved=False)
    client = signed_in(cast.team_leader)
    money = client.get(reverse("commissioning:person-money", args=[cast.person.pk])).content.decode()
    assert reverse("commissioning:service-approve", args=[waiting.pk]) in money

    response = client.post(reverse("commissioning:service-approve", args=[waiting.pk]))

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.approved_by == cast.team_leader and waiting.support is not None


def test_a_refused_cost_keeps_what_was_typed_with_the_actions_message(cast, signed_in):
    response = signed_in(cast.case_worker).post(
        reverse("commissioning:service-new", args=[cast.person.pk]), _service_form(cast, agreed_cost="12.345")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter the agreed cost in pounds, such as 350.00" in page
    assert 'value="12.345"' in page
    assert not CommissionedService.objects.filter(agreed_cost=Decimal("12.35")).exists()


def test_the_provider_list_offers_only_active_providers_covering_the_region(cast, signed_in):
    provider([cast.south_east], name="Invented Far Away Ltd")
    provider([cast.london], name="Invented Retired Ltd", is_active=False)

    page = signed_in(cast.case_worker).get(reverse("commissioning:service-new", args=[cast.person.pk]))

    html = page.content.decode()
    assert cast.provider.name in html
    assert "Invented Far Away Ltd" not in html and "Invented Retired Ltd" not in html


def test_the_money_page_logs_the_view_of_the_person(cast, signed_in):
    before = AccessLog.objects.filter(person=cast.person, view_name="person-money").count()

    signed_in(cast.team_leader).get(reverse("commissioning:person-money", args=[cast.person.pk]))

    assert AccessLog.objects.filter(person=cast.person, view_name="person-money").count() == before + 1


def test_a_cica_application_and_its_decision_through_the_pages(cast, signed_in):
    client = signed_in(cast.case_worker)
    client.post(
        reverse("commissioning:cica-new", args=[cast.person.pk]),
        {**_day("applied_on", TODAY() - timedelta(days=5)), "status": "submitted", "helped_by": cast.volunteer.pk},
    )
    application = CicaApplication.objects.latest("pk")
    assert application.helped_by == cast.volunteer

    refused = client.post(
        reverse("commissioning:cica-status", args=[application.pk]),
        {"status": "decision", **_day("changed_on", TODAY())},
    )
    assert "Enter the award in pounds (0 for no award)" in refused.content.decode()

    client.post(
        reverse("commissioning:cica-status", args=[application.pk]),
        {"status": "decision", **_day("changed_on", TODAY()), "award_amount": "1500"},
    )
    application.refresh_from_db()
    assert application.status == "decision" and application.award_amount == Decimal("1500.00")


def test_the_budget_page_shows_the_figures_from_the_database(cast, signed_in):
    year = financial_year_of(TODAY())
    day = max(TODAY() - timedelta(days=1), cast.homicide.date_of_death)
    costed = service(cast.person, cast.provider, cast.case_worker, cost="400.00", agreed_on=day, starts_on=day)
    costed.actual_cost, costed.costed_on = Decimal("350.00"), TODAY()
    costed.save()
    CommissionedService.objects.filter(pk=cast.service.pk).update(agreed_on=day)

    page = signed_in(cast.team_leader).get(reverse("commissioning:budget", args=[cast.london.pk]), {"year": year})

    html = page.content.decode()
    assert "£10000.00" in html  # the budget
    assert "£650.00" in html  # committed: £350 actual + the cast's £300 agreed, not yet costed
    assert "£350.00" in html  # spent


def test_the_national_manager_sets_a_budget_from_the_page(cast, signed_in):
    year = financial_year_of(TODAY())
    response = signed_in(cast.national_manager).post(
        reverse("commissioning:budget-set", args=[cast.south_east.pk]), {"financial_year": year, "amount": "8000"}
    )

    assert response.status_code == 302
    assert cast.south_east.budgets.get(financial_year=year).amount == Decimal("8000.00")


# ---- Query counts -------------------------------------------------------------------------------------------


def _more(cast, n: int) -> None:
    for i in range(n):
        made = provider(
            [cast.london, cast.south_east], name=f"Invented Extra {Decimal(i)} {timezone.now().timestamp()}"
        )
        service(cast.person, made, cast.case_worker)
        application = cica(cast.person, cast.case_worker)
        application.status_changes.create(
            status="further_information", changed_on=TODAY(), recorded_by=cast.case_worker
        )
        other = f.PersonFactory(homicide=cast.homicide)
        service(other, made, cast.case_worker, approved=False)


@pytest.mark.parametrize(
    ("name", "args", "queries"),
    [
        ("commissioning:providers", lambda c: [], 7),
        ("commissioning:person-money", lambda c: [c.person.pk], 11),
        ("commissioning:budgets", lambda c: [], 8),
        ("commissioning:budget", lambda c: [c.london.pk], 9),
    ],
)
def test_list_pages_take_a_fixed_number_of_queries(cast, signed_in, django_assert_num_queries, name, args, queries):
    client = signed_in(cast.team_leader)
    url = reverse(name, args=args(cast))
    client.get(url)  # warm the session

    with django_assert_num_queries(queries):
        few = client.get(url)
    _more(cast, 5)
    with django_assert_num_queries(queries):
        many = client.get(url)

    assert few.status_code == many.status_code == 200


def test_a_cica_next_step_is_due_on_the_case_holders_caseload_until_the_application_is_finished(cast, signed_in):
    from commissioning import actions

    actions.record_cica_status(
        application=cast.cica,
        by=cast.case_worker,
        status="further_information",
        changed_on=TODAY(),
        next_step="Send the invented GP letter",
        next_step_on=TODAY() + timedelta(days=3),
    )
    client = signed_in(cast.case_worker)

    assert "CICA application: next step" in client.get(reverse("casework:caseload")).content.decode()

    actions.record_cica_status(application=cast.cica, by=cast.case_worker, status="withdrawn", changed_on=TODAY())
    assert "CICA application: next step" not in client.get(reverse("casework:caseload")).content.decode()
