"""How long the reports and the busiest lists take on a larger data set (`make bench`)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from access import policies
from casework import queries as casework_queries
from reporting import queries


def test_b1_for_all_regions(benchmark, demo_user):
    manager = demo_user("nina.national")
    regions, period = list(policies.report_regions(manager)), queries.default_period()

    table = benchmark(queries.b1_notifications_and_referrals, regions, period)

    assert table.row("police").total > 0
    assert len(table.regions) == 5


def test_b9_for_all_regions(benchmark, demo_user):
    manager = demo_user("nina.national")
    regions, period = list(policies.report_regions(manager)), queries.default_period()

    table = benchmark(queries.b9_case_worker_workload, regions, period)

    assert table.row("staff_visits").total > 0
    assert table.row("people_supported").total > 0


def test_caseload_of_a_case_worker(benchmark, demo_user):
    worker = demo_user("casey.london")

    people = benchmark(lambda: list(casework_queries.caseload(worker)))

    assert people


def test_people_list_for_a_team_leader(benchmark, demo_user):
    leader = demo_user("tara.london")

    def first_page():
        people = policies.people(leader).select_related("homicide", "homicide__lead_case_worker")
        return people.count(), list(people.order_by("last_name", "first_name", "id")[:50])

    with CaptureQueriesContext(connection) as captured:
        total, page = benchmark(first_page)

    assert total > 50 and len(page) == 50
    assert all(p.homicide.region_id == leader.region_id for p in page)
    assert len(captured) % 2 == 0  # two queries per round, however many people
