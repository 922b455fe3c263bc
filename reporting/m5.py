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

from django.db import connection
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
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


def _answers(field: str) -> list[tuple[str, str]]:
    """(key, label) per answer of a category, prefer not to say and not recorded last. A key is the field and the
    value counted (`_counted`): the answer, the high-level ethnic group, or blank for not recorded."""
    name = CATEGORY_NAMES[field]
    answers = [
        (f"{field}.{value}", f"{name}: {label}") for value, label in EQUALITY_FIELDS[field].choices if value != NOT_SAID
    ]
    if field == "ethnic_group":
        # The five high-level groups first; the 19 detailed categories follow.
        answers = [(f"ethnic_group.{group.value}", f"{name}: {group.label}") for group in BroadEthnicGroup] + [
            (k, f"{name} (detailed): {EthnicGroup(k.split('.')[1]).label}") for k, _label in answers
        ]
    return [
        *answers,
        (f"{field}.{NOT_SAID}", f"{name}: {_('Prefer not to say')}"),
        (f"{field}.{NOT_RECORDED}", f"{name}: {_('Not recorded')}"),
    ]


# Counts the people of each side per answer of each category at once: GROUPING SETS hash each category's answers
# in one pass over the people (a filtered count per answer and side would test every person some 140 times). Rows:
# whether supported, the field grouped on ("" for everyone) and its answer ("" when not recorded: no record, or the
# question left blank), then the high-level ethnic groups, summed from the detailed ones whose code begins with
# the group's and "_" (as `BroadEthnicGroup` says). The side is a boolean and the answers plain columns so that
# PostgreSQL knows how few groups each set has, and hashes them all rather than sorting the people once per set.
COUNTED_SQL = """
WITH answers AS (
    SELECT people.supported, {field} AS field, COALESCE({columns}, '') AS value, COUNT(*) AS people
    FROM ({people}) people
    GROUP BY people.supported, GROUPING SETS ((), {sets})
)
SELECT supported, field, value, SUM(people)::bigint FROM answers GROUP BY supported, field, value
UNION ALL
SELECT supported, 'broad_ethnic_group', split_part(value, '_', 1), SUM(people)::bigint
FROM answers
WHERE field = 'ethnic_group' AND strpos(value, '_') > 0
GROUP BY supported, split_part(value, '_', 1)
"""


def _counted(people) -> dict[tuple[bool, str, str], int]:
    """The people per side (supported or not), field and answer, from `people`: a row a person, with `supported`
    and each field of `EQUALITY_FIELDS`. One query; the people's SQL and parameters are the ORM's."""
    sql, params = people.query.sql_with_params()
    columns = [f'people."{field}"' for field in EQUALITY_FIELDS]
    query = COUNTED_SQL.format(
        people=sql,
        field=" ".join(
            ["CASE", *(f"WHEN GROUPING({c}) = 0 THEN '{f}'" for c, f in zip(columns, EQUALITY_FIELDS, strict=True))]
        )
        + " ELSE '' END",
        columns=", ".join(columns),
        sets=", ".join(f"({c})" for c in columns),
    )
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return {(supported, field, value): count for supported, field, value, count in cursor.fetchall()}


def m5_equality_reach(regions, period: Period) -> Table:
    regions = _regions(regions)
    declined_in_period = (
        ConsentDecision.objects.in_force()
        .filter(person=OuterRef("pk"), outcome=ConsentOutcome.DECLINED, decided_at__gte=period.starts_at)
        .filter(decided_at__lt=period.ends_before)
    )
    not_referred_by_the_end = Q(referred_at__isnull=True) | Q(referred_at__gte=period.ends_before)
    sides = {"supported": _open_in(period), "declined": Q(Exists(declined_in_period)) & not_referred_by_the_end}
    # Referred by the period's end or not: nobody is on both sides. Each person once (one equality record a person).
    people = (
        BereavedPerson.objects.filter(
            sides["supported"] | sides["declined"],
            homicide__offence_type__in=ELIGIBLE,
            homicide__region_id__in=[r.pk for r in regions],
        )
        .order_by()
        .values(
            supported=Case(When(sides["supported"], then=Value(True)), default=Value(False)),
            **{field: F(f"equality__{field}") for field in EQUALITY_FIELDS},
        )
    )
    found = _counted(people)
    groups = [[("people", str(_("People")))]] + [_answers(field) for field in EQUALITY_FIELDS]

    def count(side: Side, key: str) -> int:
        field, value = key.split(".", 1) if "." in key else ("", "")
        if field == "ethnic_group" and value in BroadEthnicGroup.values:
            field = "broad_ethnic_group"
        return found.get((side.code == "supported", field, "" if value == NOT_RECORDED else value), 0)

    def row(key: str, label: str) -> Row:
        values = tuple(count(side, key) for side in SIDES)
        return Row(key, label, values, sum(values))

    return Table(
        code="M5",
        title=str(_("Equality reach: people supported and people who declined")),
        regions=SIDES,  # type: ignore[arg-type]  # the columns are the two groups, not regions
        period=period,
        groups=tuple(tuple(row(key, label) for key, label in group) for group in groups),
    )
