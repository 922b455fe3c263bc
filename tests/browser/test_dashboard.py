"""A team leader reads their dashboard in the browser (the chart and its table say the same) and downloads its
figures as CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from tests import factories as f
from tests.browser.helpers import assert_accessible, assert_no_csp_violations, sign_in_through_browser, visit

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_a_team_leader_reads_the_dashboard_and_downloads_its_figures(page, live_server):
    london = f.region("london")
    leader = f.UserFactory(role=Role.TEAM_LEADER, region=london, full_name="Tomasz Leader")
    worker = f.UserFactory(role=Role.CASE_WORKER, region=london, full_name="Chidi Caseworker")
    person = f.PersonFactory(homicide=f.HomicideFactory(region=london, lead_case_worker=worker))
    today = timezone.localdate()
    moment = timezone.now() - timedelta(minutes=30)
    if moment.date() != today:  # just after midnight: keep it this month, today
        moment = timezone.now()
    for _ in range(3):
        f.ContactFactory(person=person, made_by=worker, occurred_at=moment)

    sign_in_through_browser(page, live_server, leader)
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="Dashboard", exact=True).first.click()
    assert_no_csp_violations(page)
    assert page.get_by_role("heading", level=1).inner_text().strip() == "Dashboard"

    # The table twin of the contacts chart: Chidi's three visits this month, and none last month.
    section = page.locator("section", has=page.get_by_role("heading", name="Contacts", exact=True))
    table = section.locator("table")
    headers = [t.strip() for t in table.locator("thead th").all_inner_texts()]
    row = table.locator("tbody tr").filter(has=page.locator("th", has_text=re.compile("^Staff visits$")))
    cell = row.locator("td").nth(headers.index("Chidi Caseworker") - 1).inner_text()
    assert (cell.split()[0], cell.split()[-1]) == ("3", "(0)")  # read out: "3, the month before: (0)"
    # The chart says the same, hidden from screen readers (the table is the real content).
    chart = section.locator("svg").first
    assert chart.get_attribute("aria-hidden") == "true"
    assert "Chidi Caseworker" in chart.inner_html() and ">3<" in chart.inner_html()
    assert_accessible(page)

    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download the dashboard's figures as CSV").click()
    download = downloading.value
    assert download.suggested_filename == f"waypoint-dashboard-{today:%Y-%m}.csv"
    with open(download.path(), encoding="utf-8") as exported:
        lines = list(csv.reader(io.StringIO(exported.read())))
    header = next(line for line in lines if line and line[0] == "Contacts")
    visits = next(line for line in lines if line and line[0] == "Staff visits")
    column = header.index(f"Chidi Caseworker {today.replace(day=1):%Y-%m-%d} to {today:%Y-%m-%d}")
    assert visits[column] == "3"
    assert visit(page, live_server, reverse("reporting:dashboard")).status == 200
