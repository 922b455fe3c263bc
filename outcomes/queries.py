"""A person's outcomes over time: a row per category, a column per measure (oldest first). Three queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from outcomes.models import OutcomeCategory, OutcomeMeasure, OutcomeScore


@dataclass(frozen=True)
class CategoryRow:
    category: OutcomeCategory
    # Per measure: the score (1 to 5), None for not applicable, or "" where the category was not yet in use.
    scores: tuple[int | None | str, ...]

    @property
    def change(self) -> int | None:
        """Last score minus first, across the measures that scored this category (None with fewer than two)."""
        scored = [s for s in self.scores if isinstance(s, int)]
        return scored[-1] - scored[0] if len(scored) > 1 else None


@dataclass(frozen=True)
class OutcomesOverTime:
    measures: list[OutcomeMeasure]
    rows: list[CategoryRow]


def over_time(measures_qs) -> OutcomesOverTime:
    """`measures_qs`: one person's measures, from the policy."""
    measures = list(measures_qs.select_related("recorded_by").order_by("measured_on", "pk"))
    found = {
        (s.measure_id, s.category_id): s.score
        for s in OutcomeScore.objects.filter(measure__in=[m.pk for m in measures]).only(
            "measure_id", "category_id", "score"
        )
    }
    used = {category_id for _measure, category_id in found}
    categories = OutcomeCategory.objects.filter(Q(is_active=True) | Q(pk__in=used)).order_by("display_order", "name")
    rows = [
        CategoryRow(category, tuple(found.get((m.pk, category.pk), "") for m in measures)) for category in categories
    ]
    return OutcomesOverTime(measures, rows)
