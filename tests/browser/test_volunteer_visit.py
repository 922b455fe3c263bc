"""A volunteer on a phone records a visit in a few steps, and the case holder sees it on the person's timeline."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from accounts.models import Role
from tests import factories as f
from tests.browser.helpers import NARROW, assert_accessible, assert_fits_320, sign_in_through_browser
from tests.browser.test_spine import choose, fill, press

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# A phone's screen, and the most a volunteer may take from their list of people to the visit saved.
STEPS_ALLOWED = 4  # open the form, choose "Visit", type the minutes, save: the person and the time are filled in
SECONDS_ALLOWED = 60


def test_a_volunteer_records_a_visit_at_320px_and_the_case_holder_sees_it(page, new_page, live_server):
    london = f.region("london")
    case_worker = f.UserFactory(role=Role.CASE_WORKER, region=london, full_name="Chidi Caseworker")
    volunteer = f.UserFactory(role=Role.VOLUNTEER, region=london, full_name="Vanya Volunteer")
    person = f.PersonFactory(
        homicide=f.HomicideFactory(region=london, lead_case_worker=case_worker), first_name="Rosa", last_name="Visited"
    )
    f.VolunteerAssignmentFactory(volunteer=volunteer, person=person, assigned_by=case_worker, task="Weekly visits")

    phone = page
    phone.set_viewport_size(NARROW)
    sign_in_through_browser(phone, live_server, volunteer)
    assert phone.url.endswith(reverse("volunteering:home"))
    assert "Rosa Visited" in phone.locator("main").inner_text()
    assert_accessible(phone)
    assert_fits_320(phone)

    started, steps = time.monotonic(), 0
    with phone.expect_navigation(wait_until="load"):
        phone.locator("#record-visit-or-call").click()
    steps += 1
    choose(phone, "kind", "visit")
    steps += 1
    fill(phone, "duration_minutes", "45")
    steps += 1
    fill(phone, "notes", "Walked to the park together")  # optional: not counted as a step
    press(phone, "Save")
    steps += 1
    elapsed = time.monotonic() - started

    assert steps <= STEPS_ALLOWED and elapsed < SECONDS_ALLOWED
    assert phone.url.endswith(reverse("volunteering:home"))
    assert "Your visit with Rosa Visited is recorded" in phone.locator("main").inner_text()
    assert_accessible(phone)
    assert_fits_320(phone)

    holder = new_page()
    sign_in_through_browser(holder, live_server, case_worker)
    holder.goto(live_server.url + reverse("casework:person-detail", args=[person.pk]))
    timeline = holder.locator("#timeline").inner_text()
    assert "Walked to the park together" in timeline
    assert "By Vanya Volunteer, 45 minutes." in timeline
    assert "Volunteer" in holder.locator("#timeline .govuk-tag").first.inner_text()
