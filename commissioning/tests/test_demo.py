"""The demo data has money too: every commissioned support has its cost record, budgets for every region, CICA."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from casework.models import SupportGiven
from commissioning.models import Budget, CicaApplication, CommissionedService, Provider
from organisation.models import Region


def test_the_demo_seeds_providers_budgets_costed_services_and_cica_applications(db):
    call_command("seed_demo", "--scale", "0.5", "--seed", "7", stdout=StringIO())

    commissioned = SupportGiven.objects.filter(support_type__commissioned=True)
    assert Provider.objects.count() >= 10
    assert Budget.objects.count() == 2 * Region.objects.count()
    assert commissioned.exists()
    assert CommissionedService.objects.count() == commissioned.count()
    assert CommissionedService.objects.filter(actual_cost__isnull=False).exists()
    assert CicaApplication.objects.exists()
    for service in CommissionedService.objects.select_related("person__homicide", "provider"):
        assert service.provider.regions.filter(pk=service.person.homicide.region_id).exists()
        assert service.provider.services.filter(pk=service.service_type_id).exists()
