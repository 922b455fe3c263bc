"""A domestic homicide's whole life, walked in the browser as the case worker and the team leader walk it:
a charge, the trial listed and the Witness Service hand-over before it, the trial and its verdict, the Domestic
Homicide Review opened and completed, the exit planned, the case closed through its check-your-answers page (refused
while the review is open, saying why), and reopened for a second period of support.

Screenshots of the pages at 1280 and 320px go to /tmp/shots (WAYPOINT_SHOTS to change), to look at by eye.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from tests import factories as f
from tests.browser.helpers import (
    DESKTOP,
    NARROW,
    assert_accessible,
    assert_fits_320,
    sign_in_through_browser,
)
from tests.browser.test_spine import choose, fill, fill_date, follow, press, select

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SHOTS = Path(os.environ.get("WAYPOINT_SHOTS", "/tmp/shots"))  # noqa: S108 (a place to look at them, nothing secret)


def shoot(page, name: str) -> None:
    """Screenshots of the page as it stands at desktop width and at 320px, whole page."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size in (DESKTOP, NARROW):
        page.set_viewport_size(size)
        page.wait_for_timeout(50)
        page.screenshot(path=str(SHOTS / f"{name}-{size['width']}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def fits_320(page) -> None:
    """No sideways scrolling at 320px (the helper names the overflowing elements), and the width itself."""
    assert_fits_320(page)
    page.set_viewport_size(NARROW)
    try:
        page.wait_for_timeout(50)
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"], page.url
    finally:
        page.set_viewport_size(DESKTOP)


def table_fits_320(page, selector: str) -> None:
    """At 320px the table fits its scrolling wrapper: no column or caption hidden off to the side."""
    page.set_viewport_size(NARROW)
    try:
        page.wait_for_timeout(50)
        widths = page.evaluate(
            "(s) => { const t = document.querySelector(s); return [t.scrollWidth, t.parentElement.clientWidth,"
            " Array.from(t.querySelectorAll('thead th')).map((th) => Math.round(th.getBoundingClientRect().width))]; }",
            selector,
        )
        assert widths[0] <= widths[1], (
            f"{selector} is {widths[0]}px wide in a {widths[1]}px wrapper at 320px (columns {widths[2]})"
        )
    finally:
        page.set_viewport_size(DESKTOP)


def main_text(page) -> str:
    return page.locator("main").inner_text()


def record_event(page, homicide_url: str, kind: str, day, **fields) -> None:
    page.goto(homicide_url)
    follow(page, "Record an event")
    select(page, "kind", label=kind)
    fill_date(page, "occurred_on", day)
    for name, value in fields.items():
        if name in {"defendant", "outcome"}:
            select(page, name, label=value)
        else:
            fill(page, name, value)
    press(page, "Save event")


def test_a_domestic_homicide_from_charge_to_a_reopened_case(page, new_page, live_server):
    london = f.region("london")
    team_leader = f.UserFactory(role=Role.TEAM_LEADER, region=london, full_name="Tomasz Leader")
    case_worker = f.UserFactory(role=Role.CASE_WORKER, region=london, full_name="Chidi Caseworker")
    today = timezone.localdate()
    homicide = f.HomicideFactory(
        region=london,
        lead_case_worker=case_worker,
        is_domestic=True,
        victim_first_name="Imaginary",
        victim_last_name="Lifevictim",
        date_of_death=today - timedelta(days=320),
    )
    referred_at = timezone.now() - timedelta(days=300)
    person = f.PersonFactory(homicide=homicide, first_name="Ada", last_name="Bereaved", referred_at=referred_at)
    homicide_url = live_server.url + reverse("intake:homicide-detail", args=[homicide.pk])
    person_url = live_server.url + reverse("casework:person-detail", args=[person.pk])
    trial_on = today + timedelta(days=20)
    handover_due = trial_on - timedelta(days=settings.WITNESS_HANDOVER_DAYS_BEFORE)

    # The case worker records the charge: a defendant first, then the charge naming them.
    worker = page
    sign_in_through_browser(worker, live_server, case_worker)
    worker.goto(homicide_url)
    follow(worker, "Add a defendant")
    fill(worker, "name", "Invented Accused")
    press(worker, "Add defendant")
    record_event(
        worker,
        homicide_url,
        "Charge",
        homicide.date_of_death + timedelta(days=5),
        defendant="Invented Accused",
        offence="Murder",
    )
    assert "Charge: Invented Accused" in main_text(worker)
    assert worker.locator("#journey-stage").inner_text() == "Pre-trial"

    # The hand-over cannot come before a trial is listed; once listed, it is due on the caseload.
    worker.goto(homicide_url)
    follow(worker, "Record an event")
    select(worker, "kind", label="Witness Service hand-over")
    fill_date(worker, "occurred_on", today)
    with worker.expect_navigation(wait_until="load"):
        worker.locator("main").get_by_role("button", name="Save event", exact=True).click()
    assert "Record the trial listing first" in worker.locator(".govuk-error-summary").inner_text()

    record_event(worker, homicide_url, "Trial listed", trial_on)
    follow(worker, "My caseload")
    row = worker.locator("main table tbody tr").filter(has_text="Ada Bereaved")
    assert "Witness Service hand-over" in row.inner_text()
    assert handover_due.strftime("%-d %b %Y") in row.inner_text()
    assert_accessible(worker)
    fits_320(worker)

    record_event(worker, homicide_url, "Witness Service hand-over", today, notes="Pre-trial court visit booked")
    follow(worker, "My caseload")
    row = worker.locator("main table tbody tr").filter(has_text="Ada Bereaved")
    assert "Witness Service hand-over" not in row.inner_text()

    # The trial, brought forward to today, and its verdict.
    record_event(worker, homicide_url, "Trial started", today)
    assert worker.locator("#journey-stage").inner_text() == "Trial"
    record_event(worker, homicide_url, "Trial ended", today, family_days_attended="1", staff_days_attended="1")
    record_event(worker, homicide_url, "Verdict", today, defendant="Invented Accused", outcome="Guilty as charged")
    assert worker.locator("#journey-stage").inner_text() == "Post-trial"
    journey = main_text(worker)
    for title in ("Witness Service hand-over", "Trial listed", "Trial started", "Trial ended", "Verdict: Invented"):
        assert title in journey, title
    assert_accessible(worker)
    shoot(worker, "homicide-journey")

    # The exit is planned ahead; closing is refused while the review is awaited, saying why.
    worker.goto(person_url)
    follow(worker, "Plan the exit")
    fill_date(worker, "planned_on", today)
    fill(worker, "conditions", "After the verdict and the review")
    press(worker, "Save the exit plan")
    follow(worker, "Close the case")
    refusal = worker.locator("#dhr-open").inner_text()
    assert "still open: the partnership has not yet decided whether to hold one" in refusal
    assert "cannot be closed yet" in refusal
    assert worker.locator("main form").count() == 0
    assert_accessible(worker)
    shoot(worker, "case-close-refused")

    # The team leader opens the review with the partnership's decision to hold one: still refused.
    leader = new_page()
    sign_in_through_browser(leader, live_server, team_leader)
    review_url = live_server.url + reverse("reviews:review", args=[homicide.pk])
    leader.goto(review_url)
    follow(leader, "Open the review record")
    fill(leader, "partnership", "Anytown Community Safety Partnership")
    choose(leader, "decision", "review")
    fill_date(leader, "decided_on", today - timedelta(days=200))
    press(leader, "Open the record")
    assert_accessible(leader)

    worker.goto(live_server.url + reverse("casework:case-close", args=[person.pk]))
    assert "still open: it has not been completed" in worker.locator("#dhr-open").inner_text()

    # The review is completed; now the case closes through its check-your-answers page.
    leader.goto(live_server.url + reverse("reviews:review-step", args=[homicide.pk, "completion"]))
    fill_date(leader, "completed_on", today)
    press(leader, "Save")
    assert "Complete" in main_text(leader)

    worker.goto(live_server.url + reverse("casework:case-close", args=[person.pk]))
    assert worker.locator("#dhr-open").count() == 0
    fill_date(worker, "closed_on", today)
    choose(worker, "reason", "after_trial")
    press(worker, "Continue")
    opened = timezone.localdate(referred_at)
    days = (today - opened).days
    assert worker.locator("#length-of-contact").inner_text().strip() == f"{days} days, from {opened:%-d %b %Y}"
    assert_accessible(worker)
    fits_320(worker)
    shoot(worker, "case-close-check")
    press(worker, "Close the case")
    assert worker.url == person_url
    assert f"Length of contact: {days} days" in main_text(worker)

    # Reopened with a reason: a second period of support, the first kept.
    follow(worker, "Reopen the case")
    fill_date(worker, "reopened_on", today)
    fill(worker, "reason", "The defendant appealed and the family asked for support")
    press(worker, "Reopen the case")
    rows = worker.locator("#episodes tbody tr")
    assert rows.count() == 2
    first = rows.nth(0).inner_text()
    assert first == f"{opened:%-d %b %Y} to {today:%-d %b %Y}\tSupport ended after the trial\t{days}", first
    second = rows.nth(1).inner_text()
    assert "Reopened: The defendant appealed and the family asked for support" in second
    assert second.startswith(f"{today:%-d %b %Y}, open"), second
    titles = [t.strip() for t in worker.locator("#timeline > li h3").all_inner_texts()]
    assert titles.index("Case reopened") < titles.index("Case closed"), titles
    assert_accessible(worker)
    fits_320(worker)
    table_fits_320(worker, "#episodes")
    shoot(worker, "person-episodes")
