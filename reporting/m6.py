"""M6, outcomes change: per category, how the people measured in the period changed between their first and last
outcome measure, per region (or one region). Two queries: the figures, counted by PostgreSQL, and the categories.

- A person counts in a category when a measure dated in the period scored it (not "not applicable").
- Their change is the score of the last measure up to the period's end that scored the category, minus the score of
  the first that did (whenever it was taken): so support that began before the period is counted whole.
- Improved, the same or worse compares those two scores; people scored once have no change yet.
- The average change is over the people with a change, to one decimal place; scores run from 1 (very poor) to 5
  (very good), so a positive change is an improvement.
- Only murder, manslaughter and infanticide count, as in every table; the region is the homicide's.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from outcomes.models import OutcomeCategory
from reporting.queries import ELIGIBLE, Period, Row, Table, _average_row, _regions

# Each person's first and last score per category up to the period's end, then counted per region and category.
# Grouping every score by person and category is what costs (a million scores at 100 times the volume), so only the
# people measured more than once up to the period's end are grouped: someone measured once has one score per
# category (one score a category a measure), first and last, and their scores are counted as they are.
FIGURES_SQL = """
WITH measures AS (
    SELECT h.region_id, m.id, m.person_id, m.measured_on,
           ROW_NUMBER() OVER (PARTITION BY m.person_id ORDER BY m.measured_on, m.id) AS nth,
           COUNT(*) OVER (PARTITION BY m.person_id) AS measures
    FROM outcomes_outcomemeasure m
    JOIN casework_bereavedperson p ON p.id = m.person_id
    JOIN intake_homicide h ON h.id = p.homicide_id
    WHERE m.measured_on <= %(end)s
      AND h.region_id = ANY(%(regions)s)
      AND h.offence_type = ANY(%(eligible)s)
),
per_person AS (
    -- The score of the first and of the last measure (in date order, then as recorded) that scored the category:
    -- nth * 10 + score orders by nth (the score is 1 to 5), and integers aggregate faster than arrays.
    SELECT m.region_id, s.category_id,
           MIN(m.nth * 10 + s.score) %% 10 AS first_score,
           MAX(m.nth * 10 + s.score) %% 10 AS last_score,
           MAX(m.measured_on) AS last_on,
           COUNT(*) AS times
    FROM measures m
    JOIN outcomes_outcomescore s ON s.measure_id = m.id
    WHERE s.score IS NOT NULL AND m.measures > 1
    GROUP BY m.region_id, m.person_id, s.category_id
),
counted AS (
    SELECT region_id, category_id,
           COUNT(*) AS measured,
           COUNT(*) FILTER (WHERE times > 1) AS with_change,
           COUNT(*) FILTER (WHERE times > 1 AND last_score > first_score) AS improved,
           COUNT(*) FILTER (WHERE times > 1 AND last_score = first_score) AS same,
           COUNT(*) FILTER (WHERE times > 1 AND last_score < first_score) AS worse,
           COALESCE(SUM(last_score - first_score) FILTER (WHERE times > 1), 0) AS change_sum
    FROM per_person
    WHERE last_on >= %(start)s
    GROUP BY region_id, category_id
    UNION ALL
    -- Measured once: each score counts the person in its category, with no change yet.
    SELECT m.region_id, s.category_id, COUNT(*), 0, 0, 0, 0, 0
    FROM measures m
    JOIN outcomes_outcomescore s ON s.measure_id = m.id
    WHERE s.score IS NOT NULL AND m.measures = 1 AND m.measured_on >= %(start)s
    GROUP BY m.region_id, s.category_id
)
SELECT region_id, category_id, SUM(measured)::bigint, SUM(with_change)::bigint, SUM(improved)::bigint,
       SUM(same)::bigint, SUM(worse)::bigint, SUM(change_sum)::bigint
FROM counted
GROUP BY region_id, category_id
"""
FIGURES = ("measured", "with_change", "improved", "same", "worse", "change_sum")


def m6_outcomes_change(regions, period: Period) -> Table:
    regions = _regions(regions)
    with connection.cursor() as cursor:
        cursor.execute(
            FIGURES_SQL,
            {
                "start": period.start,
                "end": period.end,
                "regions": [r.pk for r in regions],
                "eligible": list(ELIGIBLE),
            },
        )
        rows = cursor.fetchall()
    found: dict[int, dict[int, dict[str, int]]] = defaultdict(dict)  # category -> region -> figures
    for region_id, category_id, *figures in rows:
        found[category_id][region_id] = dict(zip(FIGURES, figures, strict=True))
    categories = OutcomeCategory.objects.filter(Q(is_active=True) | Q(pk__in=list(found))).order_by(
        "display_order", "name"
    )

    def count(category: OutcomeCategory, name: str, label) -> Row:
        values = tuple(found[category.pk].get(r.pk, {}).get(name, 0) for r in regions)
        return Row(f"{category.code}.{name}", str(label), values, sum(values))

    groups = []
    for category in categories:
        measured = count(category, "measured", _("%(name)s: people measured in the period") % {"name": category})
        with_change = count(
            category, "with_change", _("%(name)s: of those, measured more than once") % {"name": category}
        )
        # The sum of the changes is not shown: only the average it makes.
        change_sum = count(category, "change_sum", "")
        mean = _average_row(
            f"{category.code}.average_change",
            _("%(name)s: average change in score") % {"name": category},
            change_sum,
            with_change,
        )
        groups.append(
            (
                measured,
                with_change,
                count(category, "improved", _("%(name)s: improved") % {"name": category}),
                count(category, "same", _("%(name)s: the same") % {"name": category}),
                count(category, "worse", _("%(name)s: worse") % {"name": category}),
                mean,
            )
        )
    return Table(
        code="M6",
        title=str(_("Outcomes change between the first and last measure")),
        regions=regions,
        period=period,
        groups=tuple(groups),
    )
