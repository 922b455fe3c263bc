"""M5, equality reach: the make-up of the people supported beside the people who declined, by each equality
category, for a period and a region (or all). One query, counted by PostgreSQL.

- People supported: referred, with their case open at some time in the period (B9's people supported).
- People who declined: a decline recorded in the period, and not referred by the period's end (someone who
  declined and then took the service up within the period counts as supported).
- Only murder, manslaughter and infanticide count, as in every table; the region is the homicide's.

Each category's answers, then "Prefer not to say", then "Not recorded" (no record, or the question left blank), so
that each category adds up to the people counted. The columns are the two groups and their total (everyone offered
the service), so small-number suppression also hides the figure beside a hidden one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from casework.models import BereavedPerson, ConsentDecision, ConsentOutcome
from equality.models import EQUALITY_FIELDS, NOT_SAID, BroadEthnicGroup, EthnicGroup
from reporting.queries import ELIGIBLE, Period, Row, Table, _regions
from reporting.tables import _open_in

NOT_RECORDED = "not_recorded"
CATEGORY_NAMES = {
    "ethnic_group": _("Ethnic group"),
    "age_band": _("Age"),
    "sex": _("Sex"),
    "gender_same_as_at_birth": _("Gender the same as sex registered at birth"),
    "disabled": _("Disabled"),
    "religion": _("Religion"),
    "sexual_orientation": _("Sexual orientation"),
    "first_language": _("First language"),
}


@dataclass(frozen=True)
class Side:
    """A column of M5: people supported, or people who declined (a table's columns are usually regions)."""

    code: str
    name: str


SIDES = (Side("supported", str(_("People supported"))), Side("declined", str(_("People who declined"))))


def _answers(field: str) -> list[tuple[str, str, Q]]:
    """(key, label, condition) per answer of a category, prefer not to say and not recorded last."""
    name = CATEGORY_NAMES[field]
    path = f"equality__{field}"
    answers = [
        (f"{field}.{value}", f"{name}: {label}", Q(**{path: value}))
        for value, label in EQUALITY_FIELDS[field].choices
        if value != NOT_SAID
    ]
    if field == "ethnic_group":
        # The five high-level groups first; the 19 detailed categories follow.
        answers = [
            (f"ethnic_group.{group.value}", f"{name}: {group.label}", Q(**{f"{path}__startswith": f"{group.value}_"}))
            for group in BroadEthnicGroup
        ] + [(k, f"{name} (detailed): {EthnicGroup(k.split('.')[1]).label}", q) for k, _label, q in answers]
    return [
        *answers,
        (f"{field}.{NOT_SAID}", f"{name}: {_('Prefer not to say')}", Q(**{path: NOT_SAID})),
        (f"{field}.{NOT_RECORDED}", f"{name}: {_('Not recorded')}", Q(equality__isnull=True) | Q(**{path: ""})),
    ]


def m5_equality_reach(regions, period: Period) -> Table:
    regions = _regions(regions)
    declined_in_period = (
        ConsentDecision.objects.in_force()
        .filter(person=OuterRef("pk"), outcome=ConsentOutcome.DECLINED, decided_at__gte=period.starts_at)
        .filter(decided_at__lt=period.ends_before)
    )
    not_referred_by_the_end = Q(referred_at__isnull=True) | Q(referred_at__gte=period.ends_before)
    sides = {"supported": _open_in(period), "declined": Q(declined_in_period=True) & not_referred_by_the_end}
    people = BereavedPerson.objects.filter(
        homicide__offence_type__in=ELIGIBLE, homicide__region_id__in=[r.pk for r in regions]
    ).annotate(declined_in_period=Exists(declined_in_period))
    groups = [[("people", str(_("People")), Q())]] + [_answers(field) for field in EQUALITY_FIELDS]
    aggregates = {
        f"{side}__{key}": Count("id", filter=condition & side_q)
        for side, side_q in sides.items()
        for group in groups
        for key, _label, condition in group
    }
    found = people.filter(sides["supported"] | sides["declined"]).aggregate(**aggregates)

    def row(key: str, label: str) -> Row:
        values = tuple(found[f"{side.code}__{key}"] for side in SIDES)
        return Row(key, label, values, sum(values))

    return Table(
        code="M5",
        title=str(_("Equality reach: people supported and people who declined")),
        regions=SIDES,  # type: ignore[arg-type]  # the columns are the two groups, not regions
        period=period,
        groups=tuple(tuple(row(key, label) for key, label, _condition in group) for group in groups),
    )
