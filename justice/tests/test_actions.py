"""The justice journey's rules, each proved on the action (pages and API call the same action)."""

from __future__ import annotations

from datetime import timedelta

import pghistory.models
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from access.policies import NotAllowed
from casework.models import CaseStage
from justice import actions
from justice.models import EventKind, JourneyEvent
from justice.queries import current_stage
from tests import factories as f

pytestmark = pytest.mark.django_db


def _after_death(cast, days: int):
    return cast.homicide.date_of_death + timedelta(days=days)


def _record(cast, by=None, **fields):
    fields.setdefault("occurred_on", _after_death(cast, 1))
    return actions.record_journey_event(homicide=cast.homicide, by=by or cast.case_worker, **fields)


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


def test_an_event_is_recorded_with_who_recorded_it_in_the_history(cast):
    event = _record(cast, kind=EventKind.ARREST, notes="Arrested at home")

    assert event.recorded_by == cast.case_worker
    context = pghistory.models.Events.objects.tracks(event).get().pgh_context
    assert context["user"] == cast.case_worker.pk
    assert context["action"] == "record_journey_event"


def test_a_charge_needs_a_defendant_and_the_offence(cast):
    with pytest.raises(ValidationError) as excinfo:
        _record(cast, kind=EventKind.CHARGE)

    assert _errors(excinfo) == {
        "defendant": ["Select the defendant"],
        "offence": ["Enter the offence charged"],
    }


def test_a_charge_or_verdict_names_a_defendant_of_the_same_homicide(cast):
    elsewhere = f.DefendantFactory(homicide=cast.other_homicide)

    with pytest.raises(ValidationError) as excinfo:
        _record(cast, kind=EventKind.CHARGE, defendant=elsewhere, offence="Murder")
    assert _errors(excinfo) == {"defendant": ["Select a defendant in this homicide"]}

    with pytest.raises(ValidationError) as excinfo:
        _record(cast, kind=EventKind.VERDICT, defendant=elsewhere, outcome="guilty")
    assert _errors(excinfo) == {"defendant": ["Select a defendant in this homicide"]}

    with pytest.raises(ValidationError) as excinfo:
        _record(cast, kind=EventKind.SENTENCE, defendant=elsewhere)
    assert _errors(excinfo) == {"defendant": ["Select a defendant in this homicide"]}


def test_a_verdict_needs_its_outcome(cast):
    defendant = f.DefendantFactory(homicide=cast.homicide)

    with pytest.raises(ValidationError) as excinfo:
        _record(cast, kind=EventKind.VERDICT, defendant=defendant, outcome="")
    assert _errors(excinfo) == {"outcome": ["Select the verdict"]}

    event = _record(cast, kind=EventKind.VERDICT, defendant=defendant, outcome="guilty")
    assert (event.defendant, event.outcome) == (defendant, "guilty")


def test_fields_that_do_not_belong_to_the_kind_are_not_kept(cast):
    event = _record(
        cast, kind=EventKind.ARREST, offence="Murder", outcome="guilty", family_days_attended=3, staff_days_attended=2
    )

    event.refresh_from_db()
    assert (event.offence, event.outcome, event.family_days_attended, event.staff_days_attended) == ("", "", None, None)


def test_no_event_before_the_date_of_death(cast):
    with pytest.raises(ValidationError) as excinfo:
        _record(cast, kind=EventKind.ARREST, occurred_on=_after_death(cast, -1))

    expected = cast.homicide.date_of_death.strftime("%d/%m/%Y")
    assert _errors(excinfo) == {"occurred_on": [f"The date must be on or after the date of death ({expected})"]}
    assert _record(cast, kind=EventKind.ARREST, occurred_on=cast.homicide.date_of_death).pk


@pytest.mark.parametrize("kind", [EventKind.FIRST_HEARING, EventKind.PLEA_HEARING, EventKind.TRIAL_LISTED])
def test_hearings_and_trials_may_be_listed_ahead(cast, kind):
    event = _record(cast, kind=kind, occurred_on=timezone.localdate() + timedelta(days=40))

    assert event.pk


@pytest.mark.parametrize("kind", [EventKind.ARREST, EventKind.TRIAL_STARTED, EventKind.SENTENCE, EventKind.APPEAL])
def test_other_events_cannot_be_in_the_future(cast, kind):
    with pytest.raises(ValidationError) as excinfo:
        _record(cast, kind=kind, occurred_on=timezone.localdate() + timedelta(days=1))

    assert _errors(excinfo) == {
        "occurred_on": ["The date must be today or in the past: only hearings and trials can be recorded ahead"]
    }


def test_a_trial_does_not_end_before_it_started(cast):
    started = _record(cast, kind=EventKind.TRIAL_STARTED, occurred_on=_after_death(cast, 20))

    with pytest.raises(ValidationError) as excinfo:
        _record(cast, kind=EventKind.TRIAL_ENDED, occurred_on=_after_death(cast, 19))
    assert _errors(excinfo) == {
        "occurred_on": [f"The trial must end on or after the day it started ({started.occurred_on:%d/%m/%Y})"]
    }

    assert _record(cast, kind=EventKind.TRIAL_ENDED, occurred_on=_after_death(cast, 20)).pk


def test_a_start_entered_in_error_does_not_hold_the_end_back(cast):
    started = _record(cast, kind=EventKind.TRIAL_STARTED, occurred_on=_after_death(cast, 20))
    actions.mark_journey_event_in_error(event=started, by=cast.case_worker, reason="Wrong homicide")

    assert _record(cast, kind=EventKind.TRIAL_ENDED, occurred_on=_after_death(cast, 10)).pk


def test_a_trial_does_not_start_after_its_recorded_end(cast):
    _record(cast, kind=EventKind.TRIAL_STARTED, occurred_on=_after_death(cast, 5))
    ended = _record(cast, kind=EventKind.TRIAL_ENDED, occurred_on=_after_death(cast, 10))

    with pytest.raises(ValidationError) as excinfo:
        _record(cast, kind=EventKind.TRIAL_STARTED, occurred_on=_after_death(cast, 11))
    assert _errors(excinfo) == {
        "occurred_on": [f"The trial must start on or before the day it ended ({ended.occurred_on:%d/%m/%Y})"]
    }


def test_days_attended_fit_within_the_trial(cast):
    _record(cast, kind=EventKind.TRIAL_STARTED, occurred_on=_after_death(cast, 10))

    with pytest.raises(ValidationError) as excinfo:
        _record(
            cast,
            kind=EventKind.TRIAL_ENDED,
            occurred_on=_after_death(cast, 14),
            family_days_attended=6,
            staff_days_attended=-1,
        )
    assert _errors(excinfo) == {
        "family_days_attended": ["Enter the days the family attended as a number from 0 to 5"],
        "staff_days_attended": ["Enter the days staff attended as a number from 0 to 5"],
    }

    event = _record(
        cast,
        kind=EventKind.TRIAL_ENDED,
        occurred_on=_after_death(cast, 14),
        family_days_attended=5,
        staff_days_attended=3,
    )
    assert (event.family_days_attended, event.staff_days_attended) == (5, 3)


def test_notes_have_a_length_limit(cast):
    with pytest.raises(ValidationError) as excinfo:
        _record(cast, kind=EventKind.ARREST, notes="x" * 2001)

    assert _errors(excinfo) == {"notes": ["Notes must be 2,000 characters or fewer"]}
    assert _record(cast, kind=EventKind.ARREST, notes="x" * 2000).pk


@pytest.mark.parametrize(
    "user_name", ["support_worker", "volunteer", "analyst", "other_case_worker", "other_team_leader"]
)
def test_only_whoever_may_edit_the_homicide_and_see_offence_data_records_the_journey(cast, user_name):
    user = getattr(cast, user_name)
    with pytest.raises(NotAllowed):
        _record(cast, by=user, kind=EventKind.ARREST)
    with pytest.raises(NotAllowed):
        actions.add_defendant(homicide=cast.homicide, by=user, name="Invented Name")
    assert not JourneyEvent.objects.exists()


def test_a_defendant_needs_a_name_and_a_past_date_of_birth(cast):
    with pytest.raises(ValidationError) as excinfo:
        actions.add_defendant(
            homicide=cast.homicide, by=cast.case_worker, name="  ", date_of_birth=timezone.localdate() + timedelta(1)
        )
    assert _errors(excinfo) == {
        "name": ["Enter the defendant's name"],
        "date_of_birth": ["Date of birth must be in the past"],
    }

    defendant = actions.add_defendant(homicide=cast.homicide, by=cast.team_leader, name=" Invented Person ")
    assert (defendant.name, defendant.added_by) == ("Invented Person", cast.team_leader)
    assert pghistory.models.Events.objects.tracks(defendant).get().pgh_context["action"] == "add_defendant"


def test_marking_in_error_keeps_the_event_with_the_reason(cast):
    event = _record(cast, kind=EventKind.ARREST)

    with pytest.raises(ValidationError) as excinfo:
        actions.mark_journey_event_in_error(event=event, by=cast.case_worker, reason=" ")
    assert _errors(excinfo) == {"reason": ["Enter why the event was entered in error"]}

    actions.mark_journey_event_in_error(event=event, by=cast.case_worker, reason="Recorded on the wrong homicide")
    event.refresh_from_db()
    assert (event.entered_in_error, event.error_reason) == (True, "Recorded on the wrong homicide")
    with pytest.raises(ValidationError):
        actions.mark_journey_event_in_error(event=event, by=cast.case_worker, reason="Again")
    with pytest.raises(ValidationError):
        actions.correct_journey_event(event=event, by=cast.case_worker, reason="Typo", notes="Changed")


def test_a_correction_keeps_the_rules_and_the_history_shows_both_versions(cast):
    event = _record(cast, kind=EventKind.ARREST, notes="First version")

    with pytest.raises(ValidationError):
        actions.correct_journey_event(
            event=event, by=cast.case_worker, reason="Wrong date", occurred_on=_after_death(cast, -3)
        )
    event.refresh_from_db()
    actions.correct_journey_event(event=event, by=cast.team_leader, reason="Notes were wrong", notes="Second version")

    versions = pghistory.models.Events.objects.tracks(event).order_by("pgh_created_at")
    assert [v.pgh_data["notes"] for v in versions] == ["First version", "Second version"]


@pytest.mark.parametrize(
    ("kinds", "stage"),
    [
        ([], CaseStage.INVESTIGATION),
        ([EventKind.ARREST], CaseStage.INVESTIGATION),
        ([EventKind.ARREST, EventKind.CHARGE], CaseStage.PRE_TRIAL),
        ([EventKind.CHARGE, EventKind.TRIAL_STARTED], CaseStage.TRIAL),
        ([EventKind.TRIAL_STARTED, EventKind.TRIAL_ENDED], CaseStage.POST_TRIAL),
        ([EventKind.VERDICT, EventKind.APPEAL], CaseStage.APPEAL),
        ([EventKind.INQUEST_OPENED], CaseStage.INQUEST),
        ([EventKind.INQUEST_OPENED, EventKind.INQUEST_ADJOURNED, EventKind.CHARGE], CaseStage.PRE_TRIAL),
        ([EventKind.SENTENCE, EventKind.INQUEST_RESUMED], CaseStage.INQUEST),
        ([EventKind.SENTENCE, EventKind.INQUEST_RESUMED, EventKind.INQUEST_CONCLUDED], CaseStage.POST_TRIAL),
        ([EventKind.ARREST, EventKind.NO_FURTHER_ACTION], CaseStage.NO_PROCEEDINGS),
    ],
)
def test_the_stage_follows_the_events_in_date_order(kinds, stage):
    today = timezone.localdate()
    events = [
        JourneyEvent(kind=kind, occurred_on=today - timedelta(days=100 - i), created_at=timezone.now())
        for i, kind in enumerate(kinds)
    ]

    assert current_stage(list(reversed(events))) == stage


def test_listed_hearings_and_events_in_error_do_not_set_the_stage():
    today = timezone.localdate()
    now = timezone.now()
    events = [
        JourneyEvent(kind=EventKind.CHARGE, occurred_on=today - timedelta(days=30), created_at=now),
        JourneyEvent(kind=EventKind.TRIAL_STARTED, occurred_on=today - timedelta(days=2), created_at=now),
        JourneyEvent(kind=EventKind.TRIAL_LISTED, occurred_on=today + timedelta(days=30), created_at=now),
    ]
    events[1].entered_in_error = True

    assert current_stage(events) == CaseStage.PRE_TRIAL
    events[1].entered_in_error = False
    assert current_stage(events) == CaseStage.TRIAL
