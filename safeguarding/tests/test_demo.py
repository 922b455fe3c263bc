"""The demo data has risk and safeguarding too: checks for most open cases at realistic levels, a few concerns, and
children linked to a parent or guardian, all within the actions' rules."""

from __future__ import annotations

from collections import Counter
from io import StringIO

from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from casework.actions import age_on
from casework.models import AgeGroup, BereavedPerson
from safeguarding.models import RiskCheck, SafeguardingConcern


def test_the_demo_seeds_risk_checks_concerns_and_guardians_within_the_rules(db):
    call_command("seed_demo", "--scale", "1", "--seed", "7", stdout=StringIO())
    today = timezone.localdate()

    open_cases = BereavedPerson.objects.filter(referred_at__isnull=False, closed_on__isnull=True)
    checked = open_cases.filter(risk_checks__isnull=False).distinct().count()
    levels = Counter(RiskCheck.objects.values_list("risk_level", flat=True))
    assert 0.7 < checked / open_cases.count() < 0.95
    assert levels["low"] > levels["medium"] > levels["high"] > 0
    assert SafeguardingConcern.objects.filter(referred_on__isnull=False).exists()
    assert not RiskCheck.objects.filter(checked_on__gt=today).exists()
    assert not RiskCheck.objects.filter(checked_on__lt=F("person__homicide__date_of_death")).exists()
    assert not SafeguardingConcern.objects.filter(referred_on__lt=F("raised_on")).exists()
    assert not SafeguardingConcern.objects.filter(outcome_on__lt=F("referred_on")).exists()

    children = BereavedPerson.objects.filter(age_group=AgeGroup.CHILD)
    linked = children.filter(parent_or_guardian__isnull=False)
    assert linked.exists()
    assert not linked.exclude(parent_or_guardian__homicide=F("homicide")).exists()
    assert not linked.exclude(parent_or_guardian__age_group=AgeGroup.ADULT).exists()
    for person in BereavedPerson.objects.filter(date_of_birth__isnull=False):
        assert (age_on(person.date_of_birth, today) < 18) == (person.age_group == AgeGroup.CHILD), person.pk
