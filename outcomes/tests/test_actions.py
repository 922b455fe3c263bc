"""The rules of recording an outcome measure, each proved on the action (pages and API map the same errors)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone
from pghistory.models import Events

from access.policies import NotAllowed
from outcomes.actions import active_categories, record_outcome_measure
from outcomes.models import OutcomeCategory, OutcomeMeasure, OutcomeScore
from tests import factories as f

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def all_scored(score=3) -> dict:
    return {c.code: score for c in active_categories()}


def record(cast, *, by=None, point="start", days_ago=10, scores=None, person=None, **extra):
    return record_outcome_measure(
        person=person or cast.person,
        by=by or cast.case_worker,
        point=point,
        measured_on=TODAY() - timedelta(days=days_ago),
        scores=all_scored() if scores is None else scores,
        **extra,
    )


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_the_categories_are_the_commissioning_framework_and_two_of_our_own():
    assert [c.name for c in active_categories()] == [
        "Mental and physical health",
        "Shelter and accommodation",
        "Family, friends and children",
        "Education, skills and employment",
        "Drugs and alcohol",
        "Finance and benefits",
        "Outlook and attitudes",
        "Social interaction",
        "Feeling safe",
        "Coping with the justice process",
    ]


def test_a_measure_keeps_a_score_per_category_and_not_applicable_as_none(cast):
    scores = all_scored(2) | {"drugs-alcohol": None, "feeling-safe": 5}

    measure = record(cast, scores=scores, notes="  Went through it at home  ")

    kept = dict(OutcomeScore.objects.filter(measure=measure).values_list("category__code", "score"))
    assert kept == scores
    assert (measure.point, measure.recorded_by, measure.notes) == ("start", cast.case_worker, "Went through it at home")


def test_the_history_records_who_recorded_the_measure_and_its_scores(cast):
    measure = record(cast)

    events = Events.objects.filter(pgh_context__action="record_outcome_measure")
    assert {e.pgh_context["user"] for e in events} == {cast.case_worker.pk}
    assert events.filter(pgh_obj_model="outcomes.OutcomeMeasure", pgh_obj_id=str(measure.pk)).count() == 1
    assert events.filter(pgh_obj_model="outcomes.OutcomeScore").count() == len(active_categories())


def test_the_date_may_not_be_in_the_future(cast):
    assert errors_of(lambda: record(cast, days_ago=-1)) == {
        "measured_on": ["The date of the measure must be today or in the past"]
    }


def test_the_date_may_not_be_before_the_referral(cast):
    referred = timezone.localdate(cast.person.referred_at)

    errors = errors_of(lambda: record(cast, days_ago=(TODAY() - referred).days + 1))

    message = f"The date of the measure must be on or after the referral ({referred:%d/%m/%Y})"
    assert errors == {"measured_on": [message]}


def test_the_date_may_not_be_after_the_case_closed(cast):
    cast.person.closed_on = TODAY() - timedelta(days=5)
    cast.person.save()

    errors = errors_of(lambda: record(cast, point="exit", days_ago=2))

    closed = cast.person.closed_on
    message = f"The date of the measure must be on or before the case closed ({closed:%d/%m/%Y})"
    assert errors == {"measured_on": [message]}
    assert record(cast, point="exit", days_ago=5).point == "exit"


def test_someone_not_referred_is_not_measured(cast):
    declined = f.PersonFactory(homicide=cast.homicide, referred_at=None)

    with pytest.raises(ValidationError) as caught:
        record(cast, person=declined)

    assert caught.value.messages == ["This person has not been referred: outcomes are measured for people supported"]


def test_only_one_start_measure(cast):
    first = record(cast, days_ago=20)

    errors = errors_of(lambda: record(cast, days_ago=10))

    day = first.measured_on
    message = f"A start of support measure was already recorded ({day:%d/%m/%Y}): choose review or exit"
    assert errors == {"point": [message]}


def test_only_one_exit_measure_and_it_comes_last(cast):
    record(cast, point="review", days_ago=10)
    assert errors_of(lambda: record(cast, point="exit", days_ago=12)) == {
        "measured_on": [f"The exit measure must be on or after the latest measure ({TODAY() - timedelta(10):%d/%m/%Y})"]
    }
    exit_measure = record(cast, point="exit", days_ago=5)

    assert errors_of(lambda: record(cast, point="exit", days_ago=1)) == {
        "point": [f"An exit measure was already recorded ({exit_measure.measured_on:%d/%m/%Y}): choose review"]
    }
    assert errors_of(lambda: record(cast, point="review", days_ago=1)) == {
        "measured_on": [f"A review must be on or before the exit measure ({exit_measure.measured_on:%d/%m/%Y})"]
    }


def test_the_start_comes_first(cast):
    record(cast, point="review", days_ago=10)
    assert errors_of(lambda: record(cast, point="start", days_ago=5)) == {
        "measured_on": [
            f"The start of support measure must be on or before the first measure ({TODAY() - timedelta(10):%d/%m/%Y})"
        ]
    }
    start = record(cast, point="start", days_ago=12)
    assert errors_of(lambda: record(cast, point="review", days_ago=13)) == {
        "measured_on": [f"A review must be on or after the start of support measure ({start.measured_on:%d/%m/%Y})"]
    }


def test_the_database_also_refuses_a_second_start(cast):
    f.OutcomeMeasureFactory(person=cast.person, recorded_by=cast.case_worker)

    with pytest.raises(IntegrityError):
        f.OutcomeMeasureFactory(person=cast.person, recorded_by=cast.case_worker)


def test_every_category_in_use_is_answered_and_scores_are_on_the_scale(cast):
    scores = all_scored()
    del scores["drugs-alcohol"]
    scores["feeling-safe"] = 6
    scores["finance-benefits"] = 0
    scores["no-such-category"] = 3

    errors = errors_of(lambda: record(cast, scores=scores))

    assert errors == {
        "score-drugs-alcohol": ["Select a score for drugs and alcohol, or not applicable"],
        "score-feeling-safe": ["The score for feeling safe must be from 1 to 5"],
        "score-finance-benefits": ["The score for finance and benefits must be from 1 to 5"],
        "score-no-such-category": ["“no-such-category” is not a category in use"],
    }
    assert not OutcomeMeasure.objects.exists()


def test_a_retired_category_is_no_longer_asked_and_a_new_one_is(cast):
    OutcomeCategory.objects.filter(code="drugs-alcohol").update(is_active=False)
    OutcomeCategory.objects.create(code="sleep", name="Sleep", display_order=99)
    scores = all_scored()

    measure = record(cast, scores=scores)

    assert "drugs-alcohol" not in scores and scores["sleep"] == 3
    assert measure.scores.count() == len(scores)


def test_notes_are_bounded(cast):
    assert errors_of(lambda: record(cast, notes="x" * 2001)) == {"notes": ["Notes must be 2,000 characters or fewer"]}


@pytest.mark.parametrize("role", ["support_worker", "volunteer", "police_referrer", "analyst", "other_team_leader"])
def test_roles_without_the_persons_casework_may_not_record(cast, role):
    with pytest.raises(NotAllowed):
        record(cast, by=getattr(cast, role))
