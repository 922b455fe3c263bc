"""The journey's pages: the timeline on the homicide and person pages (offence-data roles only), the forms with
the GOV.UK error summary keeping what was typed, and hearings in "What is due"."""

from __future__ import annotations

import re
from datetime import timedelta

import pghistory.models
import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from justice.models import EventKind, JourneyEvent
from tests import factories as f

pytestmark = pytest.mark.django_db


def _day(name, value) -> dict:
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


def _event(cast, **fields):
    fields.setdefault("recorded_by", cast.case_worker)
    return f.JourneyEventFactory(homicide=cast.homicide, **fields)


def test_the_homicide_page_shows_the_journey_as_a_timeline_with_the_stage(cast, signed_in):
    defendant = f.DefendantFactory(homicide=cast.homicide, name="Invented Accused")
    _event(cast, kind=EventKind.CHARGE, defendant=defendant, offence="Murder")
    _event(cast, kind=EventKind.ARREST, entered_in_error=True, error_reason="Wrong date")

    page = signed_in(cast.case_worker).get(reverse("intake:homicide-detail", args=[cast.homicide.pk]))

    html = page.content.decode()
    assert html.count('class="moj-timeline__item"') == 2
    assert "Charge: Invented Accused" in html
    assert "Charged with Murder." in html
    assert "Entered in error: Wrong date" in html
    assert '<strong class="govuk-tag govuk-tag--blue" id="journey-stage">Pre-trial</strong>' in html
    assert reverse("justice:event-new", args=[cast.homicide.pk]) in html
    assert reverse("justice:defendant-new", args=[cast.homicide.pk]) in html


@pytest.mark.parametrize("user_name", ["support_worker"])
def test_roles_that_may_not_see_offence_data_are_not_shown_the_journey(cast, signed_in, user_name):
    defendant = f.DefendantFactory(homicide=cast.homicide, name="Invented Accused")
    _event(cast, kind=EventKind.CHARGE, defendant=defendant, offence="Murder")

    for url in (
        reverse("intake:homicide-detail", args=[cast.homicide.pk]),
        reverse("casework:person-detail", args=[cast.person.pk]),
    ):
        html = signed_in(getattr(cast, user_name)).get(url).content.decode()
        assert "Invented Accused" not in html
        assert "Justice journey" not in html


def test_the_person_page_shows_the_journey_beside_their_timeline_without_links_to_change_it(cast, signed_in):
    _event(cast, kind=EventKind.TRIAL_STARTED)

    html = signed_in(cast.case_worker).get(reverse("casework:person-detail", args=[cast.person.pk])).content.decode()

    assert re.search(r'<div class="govuk-grid-column-one-third">\s*<section id="journey"', html)
    assert "Trial started" in html
    assert reverse("justice:event-new", args=[cast.homicide.pk]) not in html


def test_recording_an_event_goes_back_to_the_journey(cast, signed_in):
    client = signed_in(cast.case_worker)
    defendant = f.DefendantFactory(homicide=cast.homicide)
    day = cast.homicide.date_of_death + timedelta(days=3)

    response = client.post(
        reverse("justice:event-new", args=[cast.homicide.pk]),
        {"kind": "charge", **_day("occurred_on", day), "defendant": defendant.pk, "offence": "Murder"},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("intake:homicide-detail", args=[cast.homicide.pk]) + "#journey"
    event = JourneyEvent.objects.get()
    assert (event.kind, event.occurred_on, event.defendant, event.offence) == ("charge", day, defendant, "Murder")


def test_a_refused_event_shows_the_error_summary_and_keeps_what_was_typed(cast, signed_in):
    client = signed_in(cast.case_worker)
    before_death = cast.homicide.date_of_death - timedelta(days=1)

    response = client.post(
        reverse("justice:event-new", args=[cast.homicide.pk]),
        {"kind": "charge", **_day("occurred_on", before_death), "offence": "Invented offence", "notes": "Typed"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert '<a href="#id_occurred_on_day">The date must be on or after the date of death' in html
    assert '<a href="#id_defendant">Select the defendant</a>' in html
    assert 'value="Invented offence"' in html
    assert ">Typed</textarea>" in html
    assert not JourneyEvent.objects.exists()


def test_an_empty_form_says_what_to_enter(cast, signed_in):
    response = signed_in(cast.case_worker).post(reverse("justice:event-new", args=[cast.homicide.pk]), {})

    html = response.content.decode()
    assert '<a href="#id_kind">Select what happened</a>' in html
    assert '<a href="#id_occurred_on_day">Enter the date</a>' in html


def test_days_attended_that_are_not_numbers_get_a_plain_message(cast, signed_in):
    response = signed_in(cast.case_worker).post(
        reverse("justice:event-new", args=[cast.homicide.pk]),
        {"kind": "trial_ended", **_day("occurred_on", timezone.localdate()), "family_days_attended": "three"},
    )

    assert "Enter the days the family attended as a whole number, such as 5" in response.content.decode()


def test_adding_a_defendant(cast, signed_in):
    client = signed_in(cast.team_leader)

    response = client.post(
        reverse("justice:defendant-new", args=[cast.homicide.pk]),
        {"name": "Invented Accused", **_day("date_of_birth", timezone.localdate().replace(year=1990))},
    )

    assert response.status_code == 302
    assert cast.homicide.defendants.get().name == "Invented Accused"
    refused = client.post(reverse("justice:defendant-new", args=[cast.homicide.pk]), {"name": "", "notes": "Kept"})
    assert '<a href="#id_name">Enter the defendant&#x27;s name</a>' in refused.content.decode()
    assert ">Kept</textarea>" in refused.content.decode()


def test_correcting_and_marking_in_error(cast, signed_in):
    client = signed_in(cast.case_worker)
    event = _event(cast, kind=EventKind.ARREST, notes="Old")

    form = client.get(reverse("justice:event-correct", args=[event.pk])).content.decode()
    assert ">Old</textarea>" in form
    without_reason = client.post(
        reverse("justice:event-correct", args=[event.pk]),
        {"kind": "arrest", **_day("occurred_on", event.occurred_on), "notes": "New"},
    )
    assert '<a href="#id_reason">Enter why the event is being corrected</a>' in without_reason.content.decode()
    client.post(
        reverse("justice:event-correct", args=[event.pk]),
        {"kind": "arrest", **_day("occurred_on", event.occurred_on), "notes": "New", "reason": "Typed too soon"},
    )
    event.refresh_from_db()
    assert event.notes == "New"
    latest = pghistory.models.Events.objects.tracks(event).order_by("-pgh_created_at", "-pgh_id").first()
    assert latest.pgh_context["reason"] == "Typed too soon"

    empty = client.post(reverse("justice:event-error", args=[event.pk]), {"reason": ""})
    assert '<a href="#id_reason">Enter why the event was entered in error</a>' in empty.content.decode()
    client.post(reverse("justice:event-error", args=[event.pk]), {"reason": "Duplicate"})
    event.refresh_from_db()
    assert (event.entered_in_error, event.error_reason) == (True, "Duplicate")


def test_the_forms_are_in_the_access_log(cast, signed_in):
    event = _event(cast)
    client = signed_in(cast.case_worker)
    for name, arg in (
        ("justice:event-new", cast.homicide.pk),
        ("justice:defendant-new", cast.homicide.pk),
        ("justice:event-correct", event.pk),
        ("justice:event-error", event.pk),
    ):
        client.get(reverse(name, args=[arg]))
        assert AccessLog.objects.filter(
            user=cast.case_worker, homicide=cast.homicide, view_name=name, person=None
        ).exists(), name


def test_new_assessments_and_support_start_at_the_derived_stage(cast, signed_in):
    _event(cast, kind=EventKind.TRIAL_STARTED)
    client = signed_in(cast.case_worker)

    for name in ("casework:assessment-new", "casework:support-new"):
        html = client.get(reverse(name, args=[cast.person.pk])).content.decode()
        assert '<option value="trial" selected>Trial</option>' in html, name


@override_settings(JOURNEY_DUE_DAYS_AHEAD=10)
def test_hearings_listed_within_the_days_ahead_are_due_on_the_caseload(cast, signed_in):
    today = timezone.localdate()
    client = signed_in(cast.case_worker)
    _event(cast, kind=EventKind.FIRST_HEARING, occurred_on=today + timedelta(days=11))
    _event(
        cast,
        kind=EventKind.PLEA_HEARING,
        occurred_on=today + timedelta(days=2),
        entered_in_error=True,
        error_reason="Typo",
    )
    _event(cast, kind=EventKind.PLEA_HEARING, occurred_on=today - timedelta(days=1))

    html = client.get(reverse("casework:caseload")).content.decode()
    assert "First hearing:" not in html
    assert "Plea hearing:" not in html

    _event(cast, kind=EventKind.TRIAL_LISTED, occurred_on=today + timedelta(days=10))
    html = client.get(reverse("casework:caseload")).content.decode()
    due = (today + timedelta(days=10)).strftime("%-d %b %Y")
    assert f"Trial listed:\n            {due}" in html
