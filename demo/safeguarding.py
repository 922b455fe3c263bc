"""Demo risk and safeguarding: a lone-working risk check for most open cases (mostly low, some medium, few high),
reviewed on time or a little late, a few safeguarding concerns with their referrals and outcomes, and children linked
to an adult of their family as parent or guardian. Deterministic for a seed and day; written in bulk (the rules are
safeguarding.actions' and casework.actions'; the dates drawn here keep them)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone

from casework.models import AgeGroup, BereavedPerson
from demo import tracked
from safeguarding.models import (
    ConcernAbout,
    ConcernKind,
    ReferredTo,
    RiskCheck,
    RiskLevel,
    SafeguardingConcern,
    SuspectContact,
)

CHECKED_SHARE = 0.85
LEVEL_WEIGHTS = {RiskLevel.LOW: 70, RiskLevel.MEDIUM: 23, RiskLevel.HIGH: 7}
REVIEW_DAYS = {RiskLevel.LOW: 120, RiskLevel.MEDIUM: 60, RiskLevel.HIGH: 28}
REVIEWED_ON_TIME = 0.8
CONCERN_SHARE = 0.03
LINKED_CHILD_SHARE = 0.9
ADDRESS_RISKS = ["", "", "Dog at the address", "Steep steps, poor lighting", "Other adults living there", "Remote farm"]
MEASURES = {
    RiskLevel.LOW: ["Usual check-in with the office after the visit", ""],
    RiskLevel.MEDIUM: ["Visit in pairs", "Phone the office before and after the visit", "Daytime visits only"],
    RiskLevel.HIGH: ["Meet at the office or a police station only", "Two staff; FLO told before each visit"],
}
CONCERNS = [
    "Threats from a neighbour after the news coverage",
    "Person says they are not coping; self-neglect at home",
    "Child missing school since the death",
    "Financial exploitation by an acquaintance",
]


def _checks(rng: random.Random, person: Mapping[str, Any], today: date) -> list[RiskCheck]:
    checks = []
    checked = timezone.localdate(person["referred_at"]) + timedelta(days=rng.randint(1, 14))
    while checked <= today:
        level = rng.choices(list(LEVEL_WEIGHTS), weights=list(LEVEL_WEIGHTS.values()))[0]
        review_by = checked + timedelta(days=REVIEW_DAYS[level])
        checks.append(
            RiskCheck(
                person_id=person["id"],
                address_risks=rng.choice(ADDRESS_RISKS),
                suspect_contact=rng.choices(list(SuspectContact), weights=[4, 80, 16])[0],
                safety_measures=rng.choice(MEASURES[level]),
                risk_level=level,
                checked_on=checked,
                review_by=review_by,
                recorded_by_id=person["lead"],
            )
        )
        if rng.random() > REVIEWED_ON_TIME:
            break  # the review is overdue
        checked = review_by - timedelta(days=rng.randint(0, 7))
    return checks


def _concern(rng: random.Random, person: Mapping[str, Any], children: list, today: date) -> SafeguardingConcern:
    raised = timezone.localdate(person["referred_at"]) + timedelta(days=rng.randint(3, 120))
    raised = min(raised, today)
    child = rng.choice(children) if children and rng.random() < 0.5 else None
    about_a_child = child is not None or person["age_group"] == AgeGroup.CHILD
    concern = SafeguardingConcern(
        person_id=person["id"],
        kind=ConcernKind.CHILD if about_a_child else ConcernKind.ADULT,
        about=ConcernAbout.CHILD if child else ConcernAbout.PERSON,
        child_id=child["id"] if child else None,
        child_name=f"{child['first_name']} {child['last_name']}" if child else "",
        description=CONCERNS[2] if child else rng.choice(CONCERNS),
        raised_on=raised,
        recorded_by_id=person["lead"],
    )
    referred = raised + timedelta(days=rng.randint(0, 3))
    if referred <= today and rng.random() < 0.8:
        concern.referred_to = (
            ReferredTo.CHILDRENS_SERVICES
            if about_a_child
            else rng.choice([ReferredTo.ADULT_SOCIAL_CARE, ReferredTo.POLICE])
        )
        concern.referred_on = referred
        outcome_on = referred + timedelta(days=rng.randint(7, 40))
        if outcome_on <= today and rng.random() < 0.6:
            concern.outcome = rng.choice(["No further action", "Assessment and support plan", "Police gave advice"])
            concern.outcome_on = outcome_on
    return concern


def add_safeguarding(rng: random.Random, today: date) -> None:
    """Risk checks, concerns and children's guardians for the people of every allocated homicide."""
    people = list(
        BereavedPerson.objects.filter(homicide__lead_case_worker__isnull=False)
        .order_by("pk")
        .values("id", "homicide_id", "age_group", "referred_at", "closed_on", "first_name", "last_name")
        .annotate(lead=F("homicide__lead_case_worker_id"))
    )
    by_family: dict[int, list[Mapping[str, Any]]] = {}
    for person in people:
        by_family.setdefault(person["homicide_id"], []).append(person)

    checks, concerns, linked = [], [], []
    for person in people:
        if person["referred_at"] is None or person["closed_on"] is not None:
            continue
        if rng.random() < CHECKED_SHARE:
            checks.extend(_checks(rng, person, today))
        if rng.random() < CONCERN_SHARE:
            family = by_family[person["homicide_id"]]
            children = [p for p in family if p["age_group"] == AgeGroup.CHILD and p["id"] != person["id"]]
            concerns.append(_concern(rng, person, children, today))
    for family in by_family.values():
        adults = [p["id"] for p in family if p["age_group"] == AgeGroup.ADULT]
        for child in family:
            if child["age_group"] == AgeGroup.CHILD and adults and rng.random() < LINKED_CHILD_SHARE:
                linked.append(BereavedPerson(pk=child["id"], parent_or_guardian_id=rng.choice(adults)))

    tracked.create(checks, action="seed_demo")
    tracked.create(concerns, action="seed_demo")
    tracked.update(linked, ["parent_or_guardian"], action="seed_demo")
