"""The pages of tables B2 to B8: who reads which columns, the case worker filter, CSV and query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from access import policies
from organisation.models import Region
from reporting import tables
from tests import factories as f

CODES = ["b2", "b3", "b4", "b5", "b6", "b7", "b8"]
PER_WORKER = ["b4", "b5", "b6", "b7", "b8"]


def url(name: str, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse(f"reporting:{name}") + (f"?{query}" if query else "")


def test_every_table_is_registered_with_whether_it_has_per_worker_figures():
    assert {code: per_worker for code, (_, per_worker) in tables.TABLES.items()} == {
        "b2": False,
        "b3": False,
        "b4": True,
        "b5": True,
        "b6": True,
        "b7": True,
        "b8": True,
        "b10": True,
    }


def test_the_index_links_every_table(cast, signed_in):
    html = signed_in(cast.team_leader).get(url("index")).content.decode()

    for code in CODES:
        assert f'href="{reverse(f"reporting:{code}")}?start=' in html


@pytest.mark.parametrize("code", CODES)
def test_national_manager_sees_every_region_the_total_and_the_previous_period(code, cast, signed_in):
    response = signed_in(cast.national_manager).get(url(code))

    assert response.status_code == 200
    table = response.context["table"]
    assert [c.key for c in table.columns] == list(
        Region.objects.order_by("display_order", "name").values_list("code", flat=True)
    )
    html = response.content.decode()
    assert ">Total<" in html and "<caption" in html and 'scope="row"' in html
    assert "in brackets below it, the figure for the previous period" in html
    assert "previous period:" in html  # read out before each previous figure
    assert "How these figures are counted" in html
    assert ('name="worker"' in html) is (code in PER_WORKER)


def test_b6_says_that_cost_comes_with_commissioned_service_records(cast, signed_in):
    html = signed_in(cast.national_manager).get(url("b6")).content.decode()

    assert "Waypoint does not yet record what a commissioned service cost" in html


def test_team_leader_sees_only_their_region_whatever_the_query_asks(cast, signed_in):
    client = signed_in(cast.team_leader)

    for params in ({}, {"region": "south-east-east"}):
        response = client.get(url("b4", **params))
        table = response.context["table"]
        assert [c.key for c in table.columns] == ["london"]
        assert table.row("assessments").values == (1,)  # cast.assessment, never the South East's
        assert ">Total<" not in response.content.decode()


def test_team_leader_reads_one_of_their_case_workers_beside_the_team(cast, signed_in):
    response = signed_in(cast.team_leader).get(url("b4", worker=cast.case_worker.pk))

    table = response.context["table"]
    assert [c.name for c in table.columns] == ["Casey Worker", "London"]
    assert table.row("assessments").values == (1, 1)
    assert f"worker={cast.case_worker.pk}" in response.context["query"]
    # The choice lists the team's case-holding staff only.
    choices = dict(response.context["form"].fields["worker"].choices)
    assert set(choices) == {
        "",
        "every",
        str(cast.case_worker.pk),
        str(cast.other_case_worker.pk),
        str(cast.team_leader.pk),
    }


def test_team_leader_reads_every_case_worker_side_by_side(cast, signed_in):
    response = signed_in(cast.team_leader).get(url("b8", worker="every"))

    table = response.context["table"]
    assert [c.name for c in table.columns] == ["Casey Worker", "Olly Worker", "Tara Leader", "London"]
    assert table.row("people_supported").values == (1, 0, 0, 1)
    assert table.show_total is False
    assert "Sam Eastworker" not in response.content.decode()


def test_every_case_worker_needs_one_region_for_the_national_manager(cast, signed_in):
    client = signed_in(cast.national_manager)

    response = client.get(url("b5", worker="every"))
    assert response.context["table"] is None
    assert "Choose a region to see each of its case workers" in response.content.decode()

    response = client.get(url("b5", worker="every", region="south-east-east"))
    assert [c.name for c in response.context["table"].columns] == [
        "Otto Leader",
        "Sam Eastworker",
        "South East and East of England",
    ]


def test_team_leader_cannot_read_another_teams_case_worker(cast, signed_in):
    response = signed_in(cast.team_leader).get(url("b7", worker=cast.south_east_case_worker.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["table"] is None
    assert "govuk-error-summary" in html and "Choose a case worker from the list" in html
    assert "Sam Eastworker" not in html


def test_national_manager_reads_any_case_worker(cast, signed_in):
    response = signed_in(cast.national_manager).get(url("b8", worker=cast.south_east_case_worker.pk))

    table = response.context["table"]
    assert [c.name for c in table.columns] == ["Sam Eastworker", "South East and East of England"]
    assert table.row("people_supported").values == (1, 1)
    assert "Sam Eastworker (South East and East of England)" in response.content.decode()


def test_analysts_get_figures_without_names(cast, signed_in):
    response = signed_in(cast.analyst).get(url("b8", worker=cast.case_worker.pk))

    html = response.content.decode()
    assert "worker" not in response.context["form"].fields
    assert len(response.context["table"].columns) == 5
    for name in ("Casey Worker", "Olly Worker", "Tara Leader", "Sam Eastworker"):
        assert name not in html


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            "national_manager",
            {"case_worker", "other_case_worker", "south_east_case_worker", "team_leader", "other_team_leader"},
        ),
        ("team_leader", {"case_worker", "other_case_worker", "team_leader"}),
        ("analyst", set()),
        ("case_worker", set()),
        ("support_worker", set()),
    ],
)
def test_whose_own_figures_each_role_may_read(role, expected, cast):
    readable = set(policies.report_workers(getattr(cast, role)).values_list("pk", flat=True))

    assert readable == {getattr(cast, name).pk for name in expected}


def test_inactive_staff_are_not_offered(cast):
    cast.other_case_worker.is_active = False
    cast.other_case_worker.save()

    assert cast.other_case_worker not in policies.report_workers(cast.team_leader)


@pytest.mark.parametrize("role", ["case_worker", "support_worker", "volunteer", "police_referrer"])
@pytest.mark.parametrize("code", CODES)
def test_roles_without_reports_are_refused(role, code, cast, signed_in):
    response = signed_in(getattr(cast, role)).get(url(code))

    assert response.status_code == 403


def test_a_table_downloads_as_csv_with_both_periods(cast, signed_in):
    today = timezone.localdate()
    response = signed_in(cast.national_manager).get(
        url("b5", start=f"{today:%Y}-01-01", end=today.isoformat(), format="csv")
    )

    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    table_period = tables.previous_period(tables.Period(today.replace(month=1, day=1), today))
    assert lines[0].startswith(
        f"B5 Non-commissioned support provision,London {today:%Y}-01-01 to {today.isoformat()},"
        f"London {table_period.start.isoformat()} to {table_period.end.isoformat()},"
    )
    assert lines[0].endswith(f",Total {table_period.start.isoformat()} to {table_period.end.isoformat()}")
    emotional = next(line for line in lines if line.startswith("Emotional support,"))
    # London 1 now, 0 before; the South East (second) 1 and 0; three regions with nothing; the total 2 and 0.
    assert emotional == "Emotional support,1,0,1,0,0,0,0,0,0,0,2,0"


def test_a_case_workers_csv_has_their_column_and_their_team(cast, signed_in):
    response = signed_in(cast.team_leader).get(url("b7", worker=cast.case_worker.pk, format="csv"))

    header = response.content.decode().splitlines()[0].split(",")
    assert [h.split(" 2")[0] for h in header[1:]] == ["Casey Worker", "Casey Worker", "London", "London"]
    assert (
        "Range of number of client cases closed per case worker,0 to 0,0 to 0,0 to 0,0 to 0"
        in response.content.decode()
    )


@pytest.mark.parametrize("code", CODES)
def test_table_pages_take_a_fixed_number_of_queries(code, cast, signed_in, django_assert_max_num_queries):
    client = signed_in(cast.national_manager)
    params = {"worker": cast.case_worker.pk} if code in PER_WORKER else {}
    client.get(url(code, **params))  # warm the session
    with django_assert_max_num_queries(20) as captured:
        client.get(url(code, **params))
    before = len(captured)
    for _ in range(3):
        person = f.PersonFactory(homicide=f.HomicideFactory(region=cast.london, lead_case_worker=cast.case_worker))
        f.AssessmentFactory(person=person)
        f.SupportFactory(person=person)
    with django_assert_max_num_queries(before):
        client.get(url(code, **params))
