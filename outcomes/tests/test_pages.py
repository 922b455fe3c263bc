"""The outcome pages: record a measure (one page, a radio group per category), and a person's outcomes over time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from outcomes.actions import active_categories, score_field
from outcomes.models import OutcomeMeasure, OutcomeScore
from tests import factories as f

pytestmark = pytest.mark.django_db


def form_data(day, point="start", score="3", **overrides) -> dict:
    data = {"point": point, "measured_on_day": day.day, "measured_on_month": day.month, "measured_on_year": day.year}
    data |= {score_field(c): score for c in active_categories()}
    return data | overrides


def test_recording_a_measure_shows_it_over_time(cast, signed_in):
    client = signed_in(cast.case_worker)
    day = timezone.localdate() - timedelta(days=3)

    response = client.post(
        reverse("outcomes:measure-new", args=[cast.person.pk]),
        form_data(day, **{"score-drugs-alcohol": "na", "score-feeling-safe": "5"}),
    )

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("outcomes:person-outcomes", args=[cast.person.pk])
    measure = OutcomeMeasure.objects.get(person=cast.person)
    assert (measure.point, measure.measured_on, measure.recorded_by) == ("start", day, cast.case_worker)
    assert OutcomeScore.objects.get(measure=measure, category__code="drugs-alcohol").score is None
    page = client.get(response.headers["Location"]).content.decode()
    assert "Start of support" in page and "Feeling safe" in page and "N/A" in page


def test_an_invalid_form_keeps_what_was_typed_and_saves_nothing(cast, signed_in):
    client = signed_in(cast.case_worker)
    data = form_data(timezone.localdate() + timedelta(days=2), **{"score-feeling-safe": "4"})
    del data["score-drugs-alcohol"]

    response = client.post(reverse("outcomes:measure-new", args=[cast.person.pk]), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Select a score for drugs and alcohol, or not applicable" in page
    assert 'value="4" checked' in page
    assert not OutcomeMeasure.objects.exists()


def test_the_actions_rule_is_shown_on_the_form(cast, signed_in):
    client = signed_in(cast.case_worker)

    response = client.post(
        reverse("outcomes:measure-new", args=[cast.person.pk]), form_data(timezone.localdate() + timedelta(days=2))
    )

    assert "The date of the measure must be today or in the past" in response.content.decode()
    assert not OutcomeMeasure.objects.exists()


def test_outcomes_over_time_show_each_measure_and_the_change(cast, signed_in, django_assert_num_queries):
    start = f.OutcomeMeasureFactory(person=cast.person, recorded_by=cast.case_worker, score=2)
    f.OutcomeMeasureFactory(
        person=cast.person,
        recorded_by=cast.case_worker,
        point="exit",
        measured_on=start.measured_on + timedelta(days=30),
        score=4,
    )
    client = signed_in(cast.case_worker)
    url = reverse("outcomes:person-outcomes", args=[cast.person.pk])
    client.get(url)  # sessions and caches warmed

    # Session, user, device; the workers covered; the person; the access log; measures, scores, categories; whether
    # they may record; the header's region. However many measures there are.
    with django_assert_num_queries(11):
        page = client.get(url).content.decode()

    assert page.count("+2") == len(active_categories())


def test_the_person_page_links_to_outcomes_and_to_equality_for_those_who_may_see_them(cast, signed_in):
    url = reverse("casework:person-detail", args=[cast.person.pk])
    outcomes = reverse("outcomes:person-outcomes", args=[cast.person.pk])
    equality = reverse("equality:person-equality", args=[cast.person.pk])

    for role, sees_outcomes, sees_equality in (
        ("case_worker", True, True),
        ("team_leader", True, True),
        ("support_worker", False, False),
        ("volunteer", False, False),
    ):
        page = signed_in(getattr(cast, role)).get(url).content.decode()
        assert (outcomes in page, equality in page) == (sees_outcomes, sees_equality), role
