"""The service's spine, walked in the browser as the roles walk it, each signing in with a one-time code:
notification -> homicide -> allocation -> bereaved people -> casework -> closure -> the evaluation's figures.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from tests import factories as f
from tests.browser.helpers import assert_no_csp_violations, sign_in_through_browser

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


# ---- Typing into GOV.UK forms -------------------------------------------------------------------------------


def fill(page, name: str, value: str) -> None:
    page.locator(f"main [name='{name}']").fill(value)


def choose(page, name: str, value: str) -> None:
    page.locator(f"main input[name='{name}'][value='{value}']").check()


def select(page, name: str, *, label: str) -> None:
    """Choose the option whose text is `label` or starts with it (some add a note, such as "(direct)")."""
    options = page.locator(f"main select[name='{name}'] option")
    texts = [text.strip() for text in options.all_inner_texts()]
    matching = [i for i, text in enumerate(texts) if text == label] or [
        i for i, text in enumerate(texts) if text.startswith(label)
    ]
    assert matching, f"no option {label!r} in {name}: {texts}"
    page.locator(f"main select[name='{name}']").select_option(index=matching[0])


def fill_date(page, name: str, day: date) -> None:
    fill(page, f"{name}_day", str(day.day))
    fill(page, f"{name}_month", str(day.month))
    fill(page, f"{name}_year", str(day.year))


def fill_date_time(page, name: str, moment: datetime) -> None:
    local = timezone.localtime(moment)
    fill_date(page, name, local.date())
    fill(page, f"{name}_time", local.strftime("%H:%M"))


def press(page, button: str) -> None:
    """Submit with the named button and wait for the page it leads to."""
    with page.expect_navigation(wait_until="load"):
        page.locator("main").get_by_role("button", name=button, exact=True).click()
    assert_no_csp_violations(page)
    assert page.locator(".govuk-error-summary").count() == 0, page.locator(".govuk-error-summary").inner_text()


def follow(page, link: str) -> None:
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name=link, exact=True).first.click()
    assert_no_csp_violations(page)


def figure(page, row_label: str, column: str = "London") -> str:
    """The cell of a report table in the row named `row_label` and the column headed `column`."""
    table = page.locator("main table").first
    headers = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    row = table.locator("tbody tr").filter(has=page.locator("th", has_text=re.compile(f"^{re.escape(row_label)}$")))
    assert row.count() == 1, f"no single row {row_label!r} in {page.url}"
    return row.locator("td").nth(headers.index(column) - 1).inner_text().strip()


# ---- The walk -------------------------------------------------------------------------------------------------


def test_the_spine_from_police_notification_to_the_evaluation_figures(page, new_page, live_server):
    london = f.region("london")
    support_worker = f.UserFactory(role=Role.SUPPORT_WORKER, region=london, full_name="Sunita Support")
    team_leader = f.UserFactory(role=Role.TEAM_LEADER, region=london, full_name="Tomasz Leader")
    case_worker = f.UserFactory(role=Role.CASE_WORKER, region=london, full_name="Chidi Caseworker")
    now = timezone.now()
    today = timezone.localdate()

    # A support worker records the police notification and links it to a new homicide.
    support = page
    sign_in_through_browser(support, live_server, support_worker)
    follow(support, "Notifications")
    follow(support, "Record a notification")
    choose(support, "source", "police")
    select(support, "police_force", label="Metropolitan Police")
    fill(support, "notifier_name", "DS Invented Officer")
    fill(support, "victim_first_name", "Imaginary")
    fill(support, "victim_last_name", "Spinevictim")
    fill_date(support, "date_of_death", today - timedelta(days=3))
    fill(support, "place", "Invented Road, Testtown")
    choose(support, "offence_type", "murder")
    press(support, "Save notification")
    follow(support, "Link to a homicide")
    choose(support, "homicide", "new")
    press(support, "Link notification")
    homicide_url = support.url
    assert re.search(r"/intake/homicides/\d+/$", homicide_url), homicide_url

    # The team leader allocates a case worker.
    leader = new_page()
    sign_in_through_browser(leader, live_server, team_leader)
    leader.goto(homicide_url)
    follow(leader, "Allocate a case worker")
    # Each candidate is a radio with their caseload, leave and languages beside it.
    assert "0 open cases (target 30)" in leader.locator("main").inner_text()
    choose(leader, "case_worker", str(case_worker.pk))
    press(leader, "Allocate")
    assert case_worker.full_name in leader.locator("main").inner_text()

    # The support worker adds two bereaved people: one referred with consent, one who declined at first contact.
    support.goto(homicide_url)
    follow(support, "Add a bereaved person")
    fill(support, "first_name", "Ada")
    fill(support, "last_name", "Referred")
    choose(support, "age_group", "adult")
    select(support, "relationship_to_victim", label="Parent")
    choose(support, "outcome", "referred")
    fill_date_time(support, "decided_at", now - timedelta(hours=3))
    press(support, "Add person")
    support.goto(homicide_url)
    follow(support, "Add a bereaved person")
    fill(support, "first_name", "Ben")
    fill(support, "last_name", "Declined")
    choose(support, "age_group", "adult")
    select(support, "relationship_to_victim", label="Brother or sister")
    choose(support, "outcome", "declined")
    choose(support, "decline_stage", "first_contact")
    fill_date(support, "review_on", today + timedelta(days=28))
    press(support, "Add person")

    # The case worker sees the referred person on the caseload with first contact due, and works the case.
    worker = new_page()
    sign_in_through_browser(worker, live_server, case_worker)
    follow(worker, "My caseload")
    row = worker.locator("main table tbody tr").filter(has_text="Ada Referred")
    assert row.count() == 1
    assert "First contact" in row.inner_text()
    follow(worker, "Ada Referred")
    person_url = worker.url

    follow(worker, "Record a contact")
    choose(worker, "kind", "visit")
    fill_date_time(worker, "occurred_at", now - timedelta(hours=2))
    fill(worker, "duration_minutes", "90")
    press(worker, "Save contact")
    follow(worker, "Record a contact")
    choose(worker, "kind", "call_to_person")
    fill_date_time(worker, "occurred_at", now - timedelta(hours=1))
    fill(worker, "duration_minutes", "20")
    press(worker, "Save contact")

    follow(worker, "Record an assessment")
    choose(worker, "kind", "initial")
    select(worker, "case_stage", label="Investigation")
    fill_date(worker, "assessed_on", today)
    worker.locator("main input[name='needs']").first.check()
    fill(worker, "action_1", "Arrange a visit from the family liaison officer")
    fill_date(worker, "action_1_review_on", today + timedelta(days=14))
    press(worker, "Save assessment")

    follow(worker, "Record support")
    select(worker, "support_type", label="Emotional support")
    fill_date(worker, "given_on", today)
    select(worker, "case_stage", label="Investigation")
    press(worker, "Save support")

    # Raised in advance: the exit plan, then closing through its check-your-answers page.
    follow(worker, "Plan the exit")
    fill_date(worker, "planned_on", today)
    fill(worker, "conditions", "Once the family have met the Witness Service")
    press(worker, "Save the exit plan")
    follow(worker, "Close the case")
    assert "Arrange a visit from the family liaison officer" in worker.locator("#still-open").inner_text()
    fill_date(worker, "closed_on", today)
    choose(worker, "reason", "user_led_exit")
    choose(worker, "open_actions", "complete")
    press(worker, "Continue")
    # The referral was typed as three hours ago: between midnight and 3am that is yesterday.
    days = (today - timezone.localdate(now - timedelta(hours=3))).days
    length = worker.locator("#length-of-contact").inner_text()
    assert length.startswith(f"{days} day{'' if days == 1 else 's'}, from"), length
    press(worker, "Close the case")

    # The person's timeline shows it all, newest first.
    worker.goto(person_url)
    titles = [t.strip() for t in worker.locator("#timeline > li h3").all_inner_texts()]
    position = {title: titles.index(title) for title in titles}
    # Same-day records without a time (support, assessment, closure) come above the day's timed contacts.
    newest_first = [
        "Emotional support",
        "Initial (urgent and immediate needs)",
        "Call to the person",
        "Visit",
        "Consented and referred",
    ]
    assert [position[title] for title in newest_first] == sorted(position[title] for title in newest_first), titles
    assert position["Case closed"] < position["Call to the person"], titles

    # The team leader reads the evaluation's tables for a period covering today.
    follow(leader, "Reports")
    for table_link in ("Table B1: Notifications and referrals", "Table B9: Case worker workload"):
        follow(leader, "Reports")
        follow(leader, table_link)
        fill(leader, "start", (today - timedelta(days=7)).isoformat())
        fill(leader, "end", today.isoformat())
        press(leader, "Show figures")
        if "B1" in table_link:
            assert figure(leader, "Total number of notifications from the police") == "1"
            assert figure(leader, "Total number of consent referrals (homicides)") == "1"
        else:
            assert figure(leader, "Total number of staff visits") == "1"
            assert figure(leader, "Total number of staff calls to service users") == "1"
            assert figure(leader, "People supported") == "1"
            assert figure(leader, "Homicides referred") == "1"
            for what in ("visits to service users", "calls to service users"):
                for per in ("person supported", "homicide referred"):
                    value = figure(leader, f"Average number of {what} per {per}")
                    assert float(value) == 1.0, (what, per, value)
