"""The Witness Service hand-over before a trial: a journey event the case holder records on its own date, and due on
the caseload before each listed trial until one is recorded since the trial was listed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from casework import queries
from casework.models import BereavedPerson
from casework.queries import caseload, dues
from justice import actions
from justice.models import EventKind, JourneyEvent
from justice.queries import current_stage
from tests import factories as f

pytestmark = pytest.mark.django_db

HANDOVER = "Witness Service hand-over"


def _event(cast, **fields):
    fields.setdefault("recorded_by", cast.case_worker)
    return f.JourneyEventFactory(homicide=cast.homicide, **fields)


def _trial(cast, days_ahead=30, **fields):
    return _event(
        cast, kind=EventKind.TRIAL_LISTED, occurred_on=timezone.localdate() + timedelta(days=days_ahead), **fields
    )


def _handover_dues(user):
    return [due.moment for person in caseload(user) for due in dues(person) if str(due.label) == HANDOVER]


# ---- The action ---------------------------------------------------------------------------------------------


def test_a_hand_over_needs_a_trial_listed_first(cast):
    _event(cast, kind=EventKind.TRIAL_LISTED, entered_in_error=True, error_reason="Wrong homicide")

    with pytest.raises(ValidationError) as excinfo:
        actions.record_journey_event(
            homicide=cast.homicide,
            by=cast.case_worker,
            kind=EventKind.WITNESS_SERVICE_HANDOVER,
            occurred_on=timezone.localdate(),
        )

    assert excinfo.value.message_dict == {
        "kind": ["Record the trial listing first: the Witness Service hand-over is before a trial"]
    }
    assert not JourneyEvent.objects.filter(kind=EventKind.WITNESS_SERVICE_HANDOVER).exists()


def test_a_hand_over_is_recorded_on_the_day_it_happened_and_does_not_move_the_stage(cast):
    trial = _trial(cast)
    today = timezone.localdate()

    with pytest.raises(ValidationError) as excinfo:
        actions.record_journey_event(
            homicide=cast.homicide,
            by=cast.case_worker,
            kind=EventKind.WITNESS_SERVICE_HANDOVER,
            occurred_on=today + timedelta(days=1),
        )
    assert list(excinfo.value.message_dict) == ["occurred_on"]

    handover = actions.record_journey_event(
        homicide=cast.homicide, by=cast.case_worker, kind=EventKind.WITNESS_SERVICE_HANDOVER, occurred_on=today
    )
    assert handover.recorded_by == cast.case_worker
    assert current_stage([trial, handover], today=today) == current_stage([trial], today=today)


def test_a_hand_over_is_on_or_before_the_day_the_trial_is_listed_for(cast):
    today = timezone.localdate()
    trial = _trial(cast, days_ahead=-10)  # listed for a day now past: the hand-over is entered afterwards

    with pytest.raises(ValidationError) as excinfo:
        actions.record_journey_event(
            homicide=cast.homicide,
            by=cast.case_worker,
            kind=EventKind.WITNESS_SERVICE_HANDOVER,
            occurred_on=trial.occurred_on + timedelta(days=1),
        )

    assert excinfo.value.message_dict == {
        "occurred_on": [
            f"The hand-over must be on or before the day the trial is listed for ({trial.occurred_on:%d/%m/%Y})"
        ]
    }
    on_the_day = actions.record_journey_event(
        homicide=cast.homicide,
        by=cast.case_worker,
        kind=EventKind.WITNESS_SERVICE_HANDOVER,
        occurred_on=trial.occurred_on,
    )
    assert on_the_day.occurred_on == today - timedelta(days=10)


# ---- The due rule --------------------------------------------------------------------------------------------


@override_settings(WITNESS_HANDOVER_DAYS_BEFORE=10)
def test_the_hand_over_is_due_before_a_listed_trial_until_one_is_recorded_since_the_listing(cast):
    today = timezone.localdate()
    assert _handover_dues(cast.case_worker) == []

    trial = _trial(cast, days_ahead=30)
    assert _handover_dues(cast.case_worker) == [trial.occurred_on - timedelta(days=10)]

    _event(cast, kind=EventKind.WITNESS_SERVICE_HANDOVER, occurred_on=today)
    assert _handover_dues(cast.case_worker) == []


def test_a_hand_over_before_the_listing_or_entered_in_error_does_not_count(cast):
    today = timezone.localdate()
    _event(
        cast,
        kind=EventKind.WITNESS_SERVICE_HANDOVER,
        occurred_on=today - timedelta(days=5),
        created_at=timezone.now() - timedelta(days=5),
    )
    _event(cast, kind=EventKind.WITNESS_SERVICE_HANDOVER, occurred_on=today, entered_in_error=True, error_reason="Typo")
    trial = _trial(cast, days_ahead=20)

    assert _handover_dues(cast.case_worker) == [trial.occurred_on - timedelta(days=14)]


def test_only_trials_still_ahead_make_it_due_and_the_soonest_counts(cast):
    _trial(cast, days_ahead=-1)
    _trial(cast, days_ahead=40, entered_in_error=True, error_reason="Typo")
    assert _handover_dues(cast.case_worker) == []

    soon = _trial(cast, days_ahead=3)
    _trial(cast, days_ahead=60)
    # Three days ahead is already late: due (overdue) a fortnight before.
    [due] = [d for person in caseload(cast.case_worker) for d in dues(person) if str(d.label) == HANDOVER]
    assert (due.moment, due.status) == (soon.occurred_on - timedelta(days=14), "overdue")


def test_roles_without_offence_data_are_not_told_of_a_trial(cast):
    trial = _trial(cast)
    people = BereavedPerson.objects.filter(pk=cast.person.pk)

    def due_for(user):
        return people.annotate(due=queries._witness_handover_due(user)).get().due

    assert due_for(cast.case_worker) == trial.occurred_on - timedelta(days=14)
    assert due_for(cast.support_worker) is None


# ---- Page and API -------------------------------------------------------------------------------------------


def _day(name, value) -> dict:
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


def test_the_caseload_shows_the_hand_over_due_and_recording_it_on_the_page_clears_it(cast, signed_in):
    trial = _trial(cast, days_ahead=30)
    client = signed_in(cast.case_worker)

    html = client.get(reverse("casework:caseload")).content.decode()
    due = (trial.occurred_on - timedelta(days=14)).strftime("%-d %b %Y")
    assert f"{HANDOVER}:\n            {due}" in html

    response = client.post(
        reverse("justice:event-new", args=[cast.homicide.pk]),
        {
            "kind": "witness_service_handover",
            **_day("occurred_on", timezone.localdate()),
            "notes": "Pre-trial visit booked",
        },
    )
    assert response.status_code == 302
    journey = client.get(reverse("intake:homicide-detail", args=[cast.homicide.pk])).content.decode()
    assert HANDOVER in journey
    assert f"{HANDOVER}:" not in client.get(reverse("casework:caseload")).content.decode()


def test_the_api_records_a_hand_over_and_refuses_one_before_any_trial_is_listed(cast, api_as):
    api = api_as(cast.case_worker)
    url = reverse("api:homicide-journey-events", args=[cast.homicide.pk])
    body = {"kind": "witness_service_handover", "occurred_on": timezone.localdate().isoformat()}

    refused = api.post(url, body)
    assert refused.status_code == 400
    assert refused.json() == {
        "kind": ["Record the trial listing first: the Witness Service hand-over is before a trial"]
    }

    _trial(cast)
    created = api.post(url, body)
    assert created.status_code == 201, created.content
    assert created.json()["kind"] == "witness_service_handover"
    assert [row["kind"] for row in api.get(url).json()["results"]] == ["trial_listed", "witness_service_handover"]
