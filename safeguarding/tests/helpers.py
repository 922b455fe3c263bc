"""Risk and safeguarding records for the test cast: for each side's person a current risk check (and an older one it
replaced) and a safeguarding concern. Synthetic throughout."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from casework.models import AgeGroup, Relationship
from safeguarding.models import ConcernAbout, ConcernKind, RiskCheck, RiskLevel, SafeguardingConcern, SuspectContact


def risk_check(person, by, *, days_ago: int = 10, level: str = RiskLevel.MEDIUM, **fields) -> RiskCheck:
    checked_on = timezone.localdate() - timedelta(days=days_ago)
    values = {
        "person": person,
        "address_risks": "Large dog at the address",
        "suspect_contact": SuspectContact.NO,
        "other_risks": "",
        "safety_measures": "Visit in pairs; phone the office after the visit",
        "risk_level": level,
        "checked_on": checked_on,
        "review_by": checked_on + timedelta(days=90),
        "recorded_by": by,
        **fields,
    }
    return RiskCheck.objects.create(**values)


def concern(person, by, **fields) -> SafeguardingConcern:
    values = {
        "person": person,
        "kind": ConcernKind.ADULT,
        "about": ConcernAbout.PERSON,
        "description": "Synthetic concern: threats from a neighbour",
        "raised_on": timezone.localdate() - timedelta(days=8),
        "recorded_by": by,
        **fields,
    }
    return SafeguardingConcern.objects.create(**values)


def add_safeguarding(c) -> None:
    """Add the risk and safeguarding records to a cast built by `conftest.make_cast`."""
    for prefix, lead in (("", c.case_worker), ("other_", c.south_east_case_worker)):
        person = getattr(c, f"{prefix}person")
        risk_check(person, lead, days_ago=120, level=RiskLevel.LOW, review_by=timezone.localdate() - timedelta(30))
        setattr(c, f"{prefix}risk_check", risk_check(person, lead))
        setattr(c, f"{prefix}concern", concern(person, lead))


def child_of(parent, **fields):
    """A child of the parent's family, linked to them as their parent or guardian (nine years old)."""
    from tests import factories as f

    values = {
        "homicide": parent.homicide,
        "first_name": "Kit",
        "age_group": AgeGroup.CHILD,
        "relationship_to_victim": Relationship.CHILD,
        "date_of_birth": timezone.localdate() - timedelta(days=9 * 365 + 5),
        "parent_or_guardian": parent,
        **fields,
    }
    return f.PersonFactory(**values)
