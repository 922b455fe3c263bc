"""The rules of commissioned services, budgets and CICA applications, proved on the actions themselves."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from access import policies
from casework.models import SupportGiven, SupportType
from commissioning import actions, queries
from commissioning.models import Budget, CicaStatus, financial_year_bounds, financial_year_of
from commissioning.tests.helpers import provider, service
from tests import factories as f

TODAY = timezone.localdate


def _commission(cast, by, cost="200.00", **overrides):
    fields = {
        "person": cast.person,
        "by": by,
        "provider": cast.provider,
        "service_type": SupportType.objects.get(code="security-locks"),
        "case_stage": "pre_trial",
        "agreed_on": TODAY() - timedelta(days=3),
        "starts_on": TODAY() - timedelta(days=1),
        "agreed_cost": cost,
        **overrides,
    }
    return actions.commission_service(**fields)


def _b6_count(person) -> int:
    return SupportGiven.objects.filter(person=person, support_type__commissioned=True).count()


# ---- Approval -------------------------------------------------------------------------------------------


def test_at_the_limit_the_case_worker_approves_their_own_service_and_it_counts_once_in_b6(cast):
    before = _b6_count(cast.person)

    service = _commission(cast, cast.case_worker, cost="500.00")

    assert service.approved_by == cast.case_worker and service.approved_at is not None
    assert _b6_count(cast.person) == before + 1
    assert service.support.support_type == service.service_type
    assert service.support.given_on == service.agreed_on


def test_a_penny_over_the_limit_waits_for_a_team_leader_and_is_not_yet_counted(cast):
    before = _b6_count(cast.person)

    service = _commission(cast, cast.case_worker, cost="500.01")

    assert service.approved_by is None and service.approved_at is None and service.support is None
    assert _b6_count(cast.person) == before


def test_the_limit_is_a_setting(cast, settings):
    settings.WAYPOINT_COMMISSIONING_APPROVAL_LIMIT = "100"

    assert not _commission(cast, cast.case_worker, cost="100.01").is_approved
    assert _commission(cast, cast.case_worker, cost="100.00").is_approved


@pytest.mark.parametrize("approver", ["team_leader", "national_manager"])
def test_a_team_leader_of_the_region_or_the_national_manager_approves_as_they_record(cast, approver):
    service = _commission(cast, getattr(cast, approver), cost="2500.00")

    assert service.approved_by == getattr(cast, approver)


def test_a_service_above_the_limit_is_approved_by_the_regions_team_leader_only(cast):
    service = _commission(cast, cast.case_worker, cost="900.00")
    before = _b6_count(cast.person)

    for refused in (cast.case_worker, cast.other_case_worker, cast.other_team_leader, cast.support_worker):
        with pytest.raises(policies.NotAllowed):
            actions.approve_service(service=service, by=refused)
    actions.approve_service(service=service, by=cast.team_leader)

    service.refresh_from_db()
    assert service.approved_by == cast.team_leader
    assert _b6_count(cast.person) == before + 1
    with pytest.raises(ValidationError, match="already been approved"):
        actions.approve_service(service=service, by=cast.national_manager)
    assert _b6_count(cast.person) == before + 1


# ---- Provider, type, dates, money -----------------------------------------------------------------------


def test_the_provider_must_cover_the_persons_region(cast):
    elsewhere = provider([cast.south_east])

    with pytest.raises(ValidationError) as refused:
        _commission(cast, cast.case_worker, provider=elsewhere)

    assert refused.value.message_dict == {"provider": ["This provider does not cover London"]}


def test_the_provider_must_offer_the_service(cast):
    with pytest.raises(ValidationError) as refused:
        _commission(cast, cast.case_worker, service_type=SupportType.objects.get(code="glazing"))

    assert refused.value.message_dict == {"provider": ["This provider does not offer Glazing"]}


def test_an_inactive_provider_is_refused(cast):
    retired = provider([cast.london], is_active=False)

    with pytest.raises(ValidationError) as refused:
        _commission(cast, cast.case_worker, provider=retired)

    assert refused.value.message_dict == {"provider": ["This provider is no longer active"]}


def test_direct_support_is_not_a_commissioned_service(cast):
    with pytest.raises(ValidationError) as refused:
        _commission(cast, cast.case_worker, service_type=SupportType.objects.get(code="emotional-support"))

    assert refused.value.message_dict == {"service_type": ["Choose a commissioned service that is in use"]}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"agreed_on": TODAY() + timedelta(days=1)}, "agreed_on"),
        ({"agreed_on": TODAY() - timedelta(days=400)}, "agreed_on"),
        ({"ends_on": TODAY() - timedelta(days=2)}, "ends_on"),
        ({"agreed_cost": "-1"}, "agreed_cost"),
        ({"agreed_cost": "12.345"}, "agreed_cost"),
        ({"agreed_cost": "lots"}, "agreed_cost"),
        ({"agreed_cost": "NaN"}, "agreed_cost"),
    ],
)
def test_dates_and_costs_are_the_actions_rules(cast, overrides, field):
    with pytest.raises(ValidationError) as refused:
        _commission(cast, cast.case_worker, **overrides)

    assert set(refused.value.message_dict) == {field}


def test_only_the_persons_case_holders_record_a_service(cast):
    for refused in (cast.other_team_leader, cast.south_east_case_worker, cast.volunteer, cast.analyst):
        with pytest.raises(policies.NotAllowed):
            _commission(cast, refused)


# ---- Actual cost and the budget -------------------------------------------------------------------------


def test_the_actual_cost_follows_approval_and_the_date_agreed(cast):
    waiting = _commission(cast, cast.case_worker, cost="800.00")
    with pytest.raises(ValidationError, match="must be approved"):
        actions.record_actual_cost(service=waiting, by=cast.case_worker, actual_cost="780.00")

    with pytest.raises(ValidationError) as refused:
        actions.record_actual_cost(
            service=cast.service,
            by=cast.case_worker,
            actual_cost="280",
            costed_on=cast.service.agreed_on - timedelta(1),
        )
    assert set(refused.value.message_dict) == {"costed_on"}

    actions.record_actual_cost(service=cast.service, by=cast.case_worker, actual_cost="280.50")
    cast.service.refresh_from_db()
    assert cast.service.actual_cost == Decimal("280.50") and cast.service.costed_on == TODAY()


def test_committed_is_actual_where_known_else_agreed_and_spent_is_actual(cast):
    year = financial_year_of(TODAY())
    start, _end = financial_year_bounds(year)
    day = max(start, cast.homicide.date_of_death)
    london = {"agreed_on": day, "starts_on": day}
    costed = service(cast.person, cast.provider, cast.case_worker, cost="400.00", **london)
    actions.record_actual_cost(service=costed, by=cast.case_worker, actual_cost="350.00", costed_on=TODAY())
    service(cast.person, cast.provider, cast.case_worker, cost="999.00", approved=False, **london)
    # Another region's, and last year's, do not count.
    service(cast.other_person, cast.provider, cast.south_east_case_worker, cost="777.00")
    service(cast.person, cast.provider, cast.case_worker, cost="555.00", agreed_on=start - timedelta(days=1))

    [(_region, figures)] = queries.region_figures(policies.budget_regions(cast.team_leader), year)

    in_year = cast.service.agreed_on >= start  # the cast's own £300 service, agreed ten days ago
    assert figures.budget == Decimal("10000.00")
    assert figures.committed == Decimal("350.00") + (Decimal("300.00") if in_year else 0)
    assert figures.spent == Decimal("350.00")
    assert figures.awaiting_approval == Decimal("999.00")


def test_only_the_national_manager_sets_a_budget_and_setting_again_changes_it(cast):
    year = financial_year_of(TODAY())
    with pytest.raises(policies.NotAllowed):
        actions.set_budget(region=cast.london, financial_year=year, amount="1", by=cast.team_leader)

    actions.set_budget(region=cast.london, financial_year=year, amount="12500.00", by=cast.national_manager)

    assert Budget.objects.get(region=cast.london, financial_year=year).amount == Decimal("12500.00")
    with pytest.raises(ValidationError) as refused:
        actions.set_budget(region=cast.london, financial_year=1999, amount="-5", by=cast.national_manager)
    assert set(refused.value.message_dict) == {"financial_year", "amount"}


# ---- CICA applications ----------------------------------------------------------------------------------


def test_an_application_and_its_status_changes_are_dated_history(cast):
    applied = TODAY() - timedelta(days=30)
    application = actions.record_cica_application(
        person=cast.person, by=cast.case_worker, applied_on=applied, helped_by=cast.volunteer
    )
    actions.record_cica_status(
        application=application,
        by=cast.case_worker,
        status=CicaStatus.FURTHER_INFORMATION,
        changed_on=applied + timedelta(days=10),
        next_step="Send the GP letter",
        next_step_on=TODAY() + timedelta(days=7),
    )
    actions.record_cica_status(
        application=application, by=cast.case_worker, status=CicaStatus.DECISION, changed_on=TODAY(), award_amount="0"
    )

    application.refresh_from_db()
    steps = list(application.status_changes.values_list("status", "changed_on"))
    assert steps == [
        ("submitted", applied),
        ("further_information", applied + timedelta(days=10)),
        ("decision", TODAY()),
    ]
    assert application.status == "decision" and application.award_amount == Decimal("0.00")
    assert application.award_decided_on == TODAY() and application.next_step_on is None


def test_a_decision_needs_the_award_and_a_change_cannot_predate_the_last(cast):
    with pytest.raises(ValidationError) as refused:
        actions.record_cica_status(
            application=cast.cica,
            by=cast.case_worker,
            status=CicaStatus.DECISION,
            changed_on=cast.cica.status_on - timedelta(days=1),
        )

    assert set(refused.value.message_dict) == {"award_amount", "changed_on"}


def test_a_paid_application_is_finished(cast):
    actions.record_cica_status(
        application=cast.cica, by=cast.case_worker, status=CicaStatus.PAID, changed_on=TODAY(), award_amount="11000"
    )
    cast.cica.refresh_from_db()
    assert cast.cica.paid_on == TODAY()

    with pytest.raises(ValidationError, match="finished"):
        actions.record_cica_status(
            application=cast.cica, by=cast.case_worker, status=CicaStatus.APPEAL, changed_on=TODAY()
        )


def test_the_helper_is_from_the_persons_region_and_active(cast):
    outsider = f.UserFactory(role="case_worker", region=cast.south_east)
    with pytest.raises(ValidationError) as refused:
        actions.record_cica_application(person=cast.person, by=cast.case_worker, applied_on=TODAY(), helped_by=outsider)

    assert set(refused.value.message_dict) == {"helped_by"}


def test_a_next_step_needs_saying_and_cannot_be_before_the_application(cast):
    with pytest.raises(ValidationError) as refused:
        actions.record_cica_application(
            person=cast.person,
            by=cast.case_worker,
            applied_on=TODAY(),
            helped_by=cast.case_worker,
            next_step_on=TODAY() - timedelta(days=1),
        )

    assert set(refused.value.message_dict) == {"next_step_on"}


def test_only_the_case_holders_record_applications(cast):
    for refused in (cast.other_team_leader, cast.volunteer, cast.support_worker, cast.analyst):
        with pytest.raises(policies.NotAllowed):
            actions.record_cica_application(
                person=cast.person, by=refused, applied_on=TODAY(), helped_by=cast.case_worker
            )


# ---- The providers' services and regions are in the history ---------------------------------------------


def test_a_providers_services_and_regions_added_and_removed_are_in_the_history_with_who(cast):
    from commissioning.models import ProviderRegion, ProviderService

    locks, glazing = SupportType.objects.get(code="security-locks"), SupportType.objects.get(code="glazing")
    made = actions.add_provider(by=cast.team_leader, name="Invented Glass", services=[locks], regions=[cast.london])
    actions.update_provider(
        provider=made, by=cast.national_manager, name="Invented Glass", services=[glazing], regions=[cast.south_east]
    )

    services = ProviderService.pgh_event_model.objects.filter(provider_id=made.pk).select_related("pgh_context")
    regions = ProviderRegion.pgh_event_model.objects.filter(provider_id=made.pk).select_related("pgh_context")
    assert sorted((e.pgh_label, e.support_type_id, e.pgh_context.metadata["user"]) for e in services) == sorted(
        [
            ("insert", locks.pk, cast.team_leader.pk),
            ("delete", locks.pk, cast.national_manager.pk),
            ("insert", glazing.pk, cast.national_manager.pk),
        ]
    )
    assert sorted((e.pgh_label, e.region_id) for e in regions) == sorted(
        [("insert", cast.london.pk), ("delete", cast.london.pk), ("insert", cast.south_east.pk)]
    )
    assert set(made.services.all()) == {glazing} and set(made.regions.all()) == {cast.south_east}
