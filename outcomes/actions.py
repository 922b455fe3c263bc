"""Recording an outcome measure. First `access.policies.authorize`, then every rule, then the measure and its scores
with their history context in one transaction. Pages and the API call this, so each rule holds for both."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access import policies
from accounts.models import User
from casework.models import BereavedPerson
from outcomes.models import (
    HIGHEST_SCORE,
    LOWEST_SCORE,
    NOTES_MAX_LENGTH,
    MeasurePoint,
    OutcomeCategory,
    OutcomeMeasure,
    OutcomeScore,
)


def score_field(category: OutcomeCategory | str) -> str:
    """The name a category's score goes by in forms, API input and error messages."""
    code = category if isinstance(category, str) else category.code
    return f"score-{code}"


def _date_text(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def active_categories() -> list[OutcomeCategory]:
    return list(OutcomeCategory.objects.filter(is_active=True).order_by("display_order", "name"))


def _date_errors(person: BereavedPerson, point: str, measured_on: date | None) -> dict:
    if measured_on is None:
        return {"measured_on": _("Enter the date of the measure")}
    if measured_on > timezone.localdate():
        return {"measured_on": _("The date of the measure must be today or in the past")}
    assert person.referred_at is not None  # checked first by the caller
    referred_on = timezone.localdate(person.referred_at)
    if measured_on < referred_on:
        return {
            "measured_on": _("The date of the measure must be on or after the referral (%(date)s)")
            % {"date": _date_text(referred_on)}
        }
    if person.closed_on is not None and measured_on > person.closed_on:
        return {
            "measured_on": _("The date of the measure must be on or before the case closed (%(date)s)")
            % {"date": _date_text(person.closed_on)}
        }
    # Start first, exit last, one of each: the order that makes "first" and "last" mean something in report M6.
    earlier = list(person.outcome_measures.select_for_update().order_by("measured_on", "pk"))
    start = next((m for m in earlier if m.point == MeasurePoint.START), None)
    exit_ = next((m for m in earlier if m.point == MeasurePoint.EXIT), None)
    if point == MeasurePoint.START:
        if start is not None:
            return {
                "point": _("A start of support measure was already recorded (%(date)s): choose review or exit")
                % {"date": _date_text(start.measured_on)}
            }
        if earlier and measured_on > earlier[0].measured_on:
            return {
                "measured_on": _("The start of support measure must be on or before the first measure (%(date)s)")
                % {"date": _date_text(earlier[0].measured_on)}
            }
    elif point == MeasurePoint.EXIT:
        if exit_ is not None:
            return {
                "point": _("An exit measure was already recorded (%(date)s): choose review")
                % {"date": _date_text(exit_.measured_on)}
            }
        if earlier and measured_on < earlier[-1].measured_on:
            return {
                "measured_on": _("The exit measure must be on or after the latest measure (%(date)s)")
                % {"date": _date_text(earlier[-1].measured_on)}
            }
    else:
        if start is not None and measured_on < start.measured_on:
            return {
                "measured_on": _("A review must be on or after the start of support measure (%(date)s)")
                % {"date": _date_text(start.measured_on)}
            }
        if exit_ is not None and measured_on > exit_.measured_on:
            return {
                "measured_on": _("A review must be on or before the exit measure (%(date)s)")
                % {"date": _date_text(exit_.measured_on)}
            }
    return {}


def _score_errors(categories: list[OutcomeCategory], scores: Mapping[str, int | None]) -> dict:
    errors = {}
    known = {c.code for c in categories}
    for code in sorted(set(scores) - known):
        errors[score_field(code)] = _("“%(code)s” is not a category in use") % {"code": code}
    for category in categories:
        if category.code not in scores:
            errors[score_field(category)] = _("Select a score for %(name)s, or not applicable") % {
                "name": category.name.lower()
            }
            continue
        score = scores[category.code]
        if score is not None and (
            isinstance(score, bool) or not isinstance(score, int) or not LOWEST_SCORE <= score <= HIGHEST_SCORE
        ):
            errors[score_field(category)] = _("The score for %(name)s must be from %(low)s to %(high)s") % {
                "name": category.name.lower(),
                "low": LOWEST_SCORE,
                "high": HIGHEST_SCORE,
            }
    return errors


@transaction.atomic
def record_outcome_measure(
    *,
    person: BereavedPerson,
    by: User,
    point: str,
    measured_on: date | None,
    scores: Mapping[str, int | None],
    notes: str = "",
) -> OutcomeMeasure:
    """A measure of how the person is doing, on its own date, with a score (1 to 5, or None for not applicable)
    for every category in use, keyed by the category's code.

    Only for someone referred, dated from the referral to today (and not after the case closed); one start of
    support measure, before any other; one exit measure, after every other; reviews between them.
    """
    policies.authorize("record_outcome_measure", by, person)
    if person.referred_at is None:
        raise ValidationError(_("This person has not been referred: outcomes are measured for people supported"))
    notes = (notes or "").strip()
    errors: dict = {}
    if point not in MeasurePoint.values:
        errors["point"] = _("Select when in the support the measure was taken")
    else:
        errors.update(_date_errors(person, point, measured_on))
    if len(notes) > NOTES_MAX_LENGTH:
        errors["notes"] = _("Notes must be %(n)s characters or fewer") % {"n": f"{NOTES_MAX_LENGTH:,}"}
    categories = active_categories()
    errors.update(_score_errors(categories, scores))
    if errors:
        raise ValidationError(errors)
    assert measured_on is not None  # refused above otherwise
    with pghistory.context(user=by.pk, action="record_outcome_measure"):
        measure = OutcomeMeasure.objects.create(
            person=person, point=point, measured_on=measured_on, notes=notes, recorded_by=by
        )
        OutcomeScore.objects.bulk_create(
            OutcomeScore(measure=measure, category=category, score=scores[category.code]) for category in categories
        )
    return measure
