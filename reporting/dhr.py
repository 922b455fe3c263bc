"""The Domestic Homicide Review report (issue 9): reviews open, the median days from the homicide to each milestone,
and specialist advocacy offered and taken up, by region, for a period and the previous period of the same length.

Computed by PostgreSQL in five queries whatever the amount of data (and one for the regions' case workers): open
reviews, milestone counts and advocacy grouped by region and lead case worker (summed into the columns, as tables
B2 to B8), and the medians grouped by region and once more for the total (a median is not a sum of medians).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Aggregate, Count, Exists, F, FloatField, Func, IntegerField, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from intake.models import Homicide
from reporting.measures import percentage
from reporting.queries import ELIGIBLE, Period
from reporting.tables import AVERAGE, Column, ComparedTable, Line, _grouped, _setup, _table
from reviews.models import MILESTONES, AdvocacyOffer, DomesticHomicideReview, OfferOutcome, ReviewDecision


class Median(Aggregate):
    """PostgreSQL's continuous median; with a filter, of the rows the filter keeps."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _days_between(later: str, earlier: str) -> Func:
    # A date minus a date is a whole number of days in PostgreSQL.
    return Func(F(later), F(earlier), template="(%(expressions)s)", arg_joiner=" - ", output_field=IntegerField())


def _within(field_name: str, period: Period) -> Q:
    return Q(**{f"{field_name}__gte": period.start, f"{field_name}__lte": period.end})


def _median(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def dhr_reviews(columns: tuple[Column, ...], period: Period) -> ComparedTable:
    periods, region_ids, b = _setup(columns, period)
    current, earlier = periods

    # Open at the end of each period: a domestic homicide that had happened, whose review was neither complete nor
    # decided against by then (with no review record it awaits the partnership's decision).
    not_over = {
        i: Q(date_of_death__lte=p.end)
        & ~Q(dhr__completed_on__lte=p.end)
        & ~Q(dhr__decision=ReviewDecision.NO_REVIEW, dhr__decided_on__lte=p.end)
        for i, p in enumerate(periods)
    }
    homicides = _grouped(
        Homicide.objects.filter(region_id__in=region_ids, offence_type__in=ELIGIBLE, is_domestic=True),
        "region_id",
        "lead_case_worker_id",
        periods,
        open=lambda p: Count("id", filter=not_over[periods.index(p)]),
    )

    reviews = DomesticHomicideReview.objects.filter(
        homicide__region_id__in=region_ids, homicide__offence_type__in=ELIGIBLE, homicide__is_domestic=True
    )
    milestone_counts = {
        name: (lambda p, name=name: Count("id", filter=_within(name, p))) for name, _label in MILESTONES
    }
    counted = _grouped(
        reviews,
        "homicide__region_id",
        "homicide__lead_case_worker_id",
        periods,
        decided_review=lambda p: Count("id", filter=_within("decided_on", p) & Q(decision=ReviewDecision.REVIEW)),
        decided_no_review=lambda p: Count("id", filter=_within("decided_on", p) & Q(decision=ReviewDecision.NO_REVIEW)),
        **milestone_counts,
    )
    medians = {
        f"{name}_{i}": Median(_days_between(name, "homicide__date_of_death"), filter=_within(name, p))
        for name, _label in MILESTONES
        for i, p in enumerate(periods)
    }
    median_rows: dict[int, dict[str, Any]] = {
        row["by_region"]: dict(row)
        for row in reviews.values(by_region=F("homicide__region_id")).annotate(**medians).order_by()
    }
    median_totals = reviews.aggregate(**medians) if b.show_total else {}

    offers = AdvocacyOffer.objects.filter(review=OuterRef("pk"))
    offered = {i: offers.filter(offered_on__gte=p.start, offered_on__lte=p.end) for i, p in enumerate(periods)}
    advocacy = _grouped(
        reviews.annotate(
            **{f"offered_in_{i}": Exists(qs) for i, qs in offered.items()},
            **{f"taken_up_in_{i}": Exists(qs.filter(outcome=OfferOutcome.ACCEPTED)) for i, qs in offered.items()},
        ),
        "homicide__region_id",
        "homicide__lead_case_worker_id",
        periods,
        offered=lambda p: Count("id", filter=Q(**{f"offered_in_{periods.index(p)}": True})),
        taken_up=lambda p: Count("id", filter=Q(**{f"taken_up_in_{periods.index(p)}": True})),
    )

    def median_line(name: str, label) -> Line:
        def per_column(index: int) -> tuple:
            empty: dict[str, Any] = {}
            return tuple(_median(median_rows.get(c.region_id or 0, empty).get(f"{name}_{index}")) for c in b.columns)

        return Line(
            f"{name}_median",
            str(label),
            per_column(0),
            per_column(1),
            _median(median_totals.get(f"{name}_0")) if b.show_total else None,
            _median(median_totals.get(f"{name}_1")) if b.show_total else None,
            kind=AVERAGE,
            parts=(name, name),
        )

    milestone_groups = []
    for name, label in MILESTONES:
        what = str(label)
        milestone_groups.append(
            (
                b.count(name, _("Reviews reaching %(milestone)s in the period") % {"milestone": what}, counted),
                median_line(name, _("Median days from the homicide to %(milestone)s") % {"milestone": what}),
            )
        )
    families_offered = b.count("offered", _("Reviews whose family was offered specialist advocacy"), advocacy)
    families_took_up = b.count("taken_up", _("Of those, the family accepted an offer"), advocacy)
    return _table(
        "DHR",
        _("Domestic Homicide Reviews"),
        columns,
        periods,
        b,
        (
            (
                b.count(
                    "open", _("Reviews open at the end of the period (including those awaiting a decision)"), homicides
                ),
                b.count("decided_review", _("Partnership decided to hold a review"), counted),
                b.count("decided_no_review", _("Partnership decided not to hold a review"), counted),
            ),
            *milestone_groups,
            (
                families_offered,
                families_took_up,
                percentage(
                    b,
                    "taken_up_share",
                    _("Percentage of families offered advocacy who accepted"),
                    families_took_up,
                    families_offered,
                ),
            ),
        ),
    )


# Reports that only readers of criminal offence data may read (`policies.can_read_review_reports`).
OFFENCE_DATA_REPORTS = frozenset({"dhr"})
REPORTS = {
    # code: (build, whether a single case worker's figures make sense), as tables.TABLES: by region and period only.
    "dhr": (dhr_reviews, False),
}
