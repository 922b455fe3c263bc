"""Police notifications per force against the police's published recorded homicides: the upload (all or nothing,
GOV.UK errors, national manager only) and the coverage figures, by hand."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from intake.models import NotificationSource, OffenceType
from reporting import actions
from reporting.models import PoliceRecordedHomicides
from reporting.suppression import Suppressed
from tests import factories as f

UPLOAD = reverse("reporting:police-figures-upload")
COVERAGE = reverse("reporting:police-coverage")
HEADER = "police_force,period_start,period_end,homicides\n"


def at(day: date):
    return timezone.make_aware(datetime.combine(day, time(12)))


def csv_file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("figures.csv", text.encode(), content_type="text/csv")


@pytest.fixture
def forces(cast):
    met = cast.london.police_forces.get(name="Metropolitan Police")
    return met, f.police_force_in(cast.south_east)


def test_the_national_manager_uploads_figures_and_a_new_upload_replaces_them(cast, signed_in, forces):
    met, south_east = forces
    client = signed_in(cast.national_manager)
    text = HEADER + f"Metropolitan Police,2025-04-01,2026-03-31,10\n{south_east.name},2025-04-01,2026-03-31,2\n"

    response = client.post(UPLOAD, {"figures": csv_file(text)})

    assert response.status_code == 302 and response["Location"] == COVERAGE
    assert "2 figures were stored." in client.get(COVERAGE).content.decode()
    stored = {
        (r.police_force, r.period_start, r.period_end, r.homicides) for r in PoliceRecordedHomicides.objects.all()
    }
    assert stored == {
        (met, date(2025, 4, 1), date(2026, 3, 31), 10),
        (south_east, date(2025, 4, 1), date(2026, 3, 31), 2),
    }

    client.post(UPLOAD, {"figures": csv_file(HEADER + "metropolitan police,2025-04-01,2026-03-31,12\n")})
    assert PoliceRecordedHomicides.objects.get(police_force=met).homicides == 12
    assert PoliceRecordedHomicides.objects.count() == 2


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        (
            "force,start,end,count\nMetropolitan Police,2025-04-01,2026-03-31,10\n",
            ["The first line must be the column names police_force, period_start, period_end, homicides"],
        ),  # noqa: E501
        (HEADER, ["The file has no figures in it"]),
        (
            HEADER
            + "Metropolitan Police,2025-04-01,2026-03-31,10\n"
            + "Atlantis Constabulary,2025-04-01,2026-03-31,3\n"
            + "Metropolitan Police,2025-04-31,2026-03-31,3\n"
            + "Metropolitan Police,2026-04-01,2026-03-31,3\n"
            + "Metropolitan Police,2024-04-01,2025-03-31,three\n"
            + "Metropolitan Police,2024-04-01,2025-03-31\n"
            + "Metropolitan Police,2025-04-01,2026-03-31,11\n",
            [
                "Line 3: “Atlantis Constabulary” is not a police force known to Waypoint",
                "Line 4: give the dates as year-month-day, for example 2026-03-31",
                "Line 5: the last day must be the same as or after the first day",
                "Line 6: give the number of homicides as a whole number, for example 21",
                "Line 7: give 4 values separated by commas",
                "Line 8: the same force and period are on an earlier line",
            ],
        ),
    ],
)
def test_a_file_with_any_problem_stores_nothing_and_says_what_is_wrong(cast, signed_in, text, errors):
    response = signed_in(cast.national_manager).post(UPLOAD, {"figures": csv_file(text)})

    assert response.status_code == 200
    assert response.context["form"].errors == {"figures": errors}
    html = response.content.decode()
    assert "govuk-error-summary" in html and 'href="#id_figures"' in html
    assert PoliceRecordedHomicides.objects.count() == 0


def test_a_missing_file_and_a_file_not_in_utf8_are_refused(cast, signed_in):
    client = signed_in(cast.national_manager)

    assert client.post(UPLOAD, {}).context["form"].errors == {"figures": ["Choose a CSV file to upload"]}
    latin = SimpleUploadedFile("f.csv", (HEADER + "Dyfed-Powys Police,2025-04-01,2026-03-31,1\n").encode("utf-16"))
    assert client.post(UPLOAD, {"figures": latin}).context["form"].errors == {
        "figures": ["The file must be a CSV file saved as UTF-8"]
    }


@pytest.mark.parametrize("name", ["team_leader", "analyst", "case_worker"])
def test_only_the_national_manager_may_upload(name, cast, signed_in):
    text = HEADER + "Metropolitan Police,2025-04-01,2026-03-31,10\n"

    response = signed_in(getattr(cast, name)).post(UPLOAD, {"figures": csv_file(text)})

    assert response.status_code == 403
    assert PoliceRecordedHomicides.objects.count() == 0


def test_the_action_refuses_anyone_but_the_national_manager(cast, forces):
    figure = actions.RecordedFigure(forces[0], date(2025, 4, 1), date(2026, 3, 31), 10)

    with pytest.raises(PermissionDenied):
        actions.record_police_homicides([figure], by=cast.team_leader)
    assert actions.record_police_homicides([figure], by=cast.national_manager) == 1


@pytest.fixture
def coverage_data(cast, forces):
    met, south_east = forces
    for force, count in ((met, 10), (south_east, 2)):
        PoliceRecordedHomicides.objects.create(
            police_force=force,
            period_start=date(2025, 4, 1),
            period_end=date(2026, 3, 31),
            homicides=count,
            uploaded_by=cast.national_manager,
        )
    inside = at(date(2025, 10, 1))

    def notify(force, homicide=None, **kw):
        region = force.region
        f.NotificationFactory(region=region, police_force=force, homicide=homicide, received_at=inside, **kw)

    h1 = f.HomicideFactory(region=cast.london)
    for _ in range(3):
        notify(met, h1)  # the same homicide three times: one
    notify(met, f.HomicideFactory(region=cast.london))
    notify(met)  # not yet linked: one
    notify(met, source=NotificationSource.FOREIGN_OFFICE)  # not from the police
    notify(met, offence_type=OffenceType.ROAD_TRAFFIC_DEATH)  # not a homicide under the definition
    f.NotificationFactory(region=cast.london, police_force=met, received_at=at(date(2026, 4, 1)))  # after
    for _ in range(2):
        notify(south_east, f.HomicideFactory(region=cast.south_east))
    return met, south_east


def rows(response):
    return [
        (r["force"].name, r["recorded"], r["notified"], r["coverage"], r["flagged"]) for r in response.context["rows"]
    ]


def test_coverage_per_force_flags_forces_notifying_much_less_than_they_record(cast, signed_in, coverage_data):
    met, south_east = coverage_data
    # The cast's own notifications were received 59 days ago, after the period.
    response = signed_in(cast.national_manager).get(COVERAGE, {"period": "2025-04-01_2026-03-31"})

    assert rows(response) == [
        ("Metropolitan Police", 10, 3, D("30.0"), True),
        (south_east.name, 2, 2, D("100.0"), False),
    ]
    html = response.content.decode()
    assert html.count("Notifies much less than it records") == 1
    assert "A force is flagged when its coverage is under 80%." in html


def test_team_leaders_see_their_regions_forces_and_analysts_small_numbers_suppressed(
    cast, signed_in, coverage_data, settings
):
    settings.WAYPOINT_COVERAGE_FLAG_BELOW = 20
    leader = signed_in(cast.team_leader).get(COVERAGE)
    assert rows(leader) == [("Metropolitan Police", 10, 3, D("30.0"), False)]

    analyst = signed_in(cast.analyst).get(COVERAGE)
    assert rows(analyst)[0] == ("Metropolitan Police", 10, Suppressed(5), Suppressed(5), False)
    assert "&lt;5" in analyst.content.decode()


def test_the_coverage_page_takes_a_fixed_number_of_queries(
    cast, signed_in, coverage_data, django_assert_max_num_queries
):  # noqa: E501
    client = signed_in(cast.national_manager)
    client.get(COVERAGE)
    with django_assert_max_num_queries(12) as captured:
        client.get(COVERAGE)
    before = len(captured)
    for _ in range(3):
        f.NotificationFactory(region=cast.london, police_force=coverage_data[0], received_at=at(date(2025, 11, 1)))
    with django_assert_max_num_queries(before):
        client.get(COVERAGE)


# ---- Exports and the API ---------------------------------------------------------------------------------


def test_the_coverage_downloads_as_csv_and_xlsx_with_the_flag(cast, signed_in, coverage_data):
    met, south_east = coverage_data
    client = signed_in(cast.national_manager)
    page = client.get(COVERAGE).content.decode()
    assert "period=2025-04-01_2026-03-31&amp;format=csv" in page

    exported = client.get(COVERAGE, {"period": "2025-04-01_2026-03-31", "format": "csv"})

    assert exported["Content-Disposition"].endswith('waypoint-police-coverage-2025-04-01-to-2026-03-31.csv"')
    assert exported.content.decode().splitlines() == [
        "Police force,Region,Homicides recorded by the police,Homicides the police notified,Coverage (%),"
        "Notifies much less than it records",
        'Metropolitan Police,London,10,3,30.0,"Yes, under 80%"',
        f"{south_east.name},{south_east.region.name},2,2,100.0,",
    ]
    spreadsheet = client.get(COVERAGE, {"format": "xlsx"})
    assert spreadsheet["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(spreadsheet.content)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["Metropolitan Police", "London", 10, 3, 30.0, "Yes, under 80%"] in cells
    assert cells[1] == ["Period", "1 April 2025 to 31 March 2026", None, None, None, None]


def test_an_export_to_share_outside_suppresses_small_numbers(cast, signed_in, coverage_data):
    exported = signed_in(cast.national_manager).get(COVERAGE, {"format": "csv", "audience": "outside"})

    lines = exported.content.decode().splitlines()
    assert lines[1] == 'Metropolitan Police,London,10,<5,<5,"Yes, under 80%"'
    assert lines[-1].startswith("Figures from 1 to 4 are shown as <5")


def test_the_coverage_api_gives_the_same_figures_by_force(cast, signed_in, coverage_data):
    from api.tests.conftest import Caller

    met, south_east = coverage_data
    url = reverse("api:report-police-coverage")
    body = Caller(signed_in(cast.national_manager)).get(url).json()

    assert body["period"] == {"start": "2025-04-01", "end": "2026-03-31"}
    assert body["periods"] == [{"start": "2025-04-01", "end": "2026-03-31"}]
    assert body["flag_below"] == 80 and body["suppressed_below"] is None
    assert body["rows"] == [
        {
            "police_force": "Metropolitan Police",
            "region": "london",
            "recorded": 10,
            "notified": 3,
            "coverage": 30.0,
            "flagged": True,
        },
        {
            "police_force": south_east.name,
            "region": "south-east-east",
            "recorded": 2,
            "notified": 2,
            "coverage": 100.0,
            "flagged": False,
        },
    ]
    leader = Caller(signed_in(cast.team_leader)).get(url, {"start": "2025-04-01", "end": "2026-03-31"}).json()
    assert [r["police_force"] for r in leader["rows"]] == ["Metropolitan Police"]
    analyst = Caller(signed_in(cast.analyst)).get(url).json()
    assert (analyst["rows"][0]["notified"], analyst["rows"][0]["coverage"], analyst["suppressed_below"]) == (
        "<5",
        "<5",
        5,
    )
    wrong = Caller(signed_in(cast.national_manager)).get(url, {"start": "2025-04-02", "end": "2026-03-31"})
    assert wrong.status_code == 400
    assert wrong.json() == {"end": ["Give the first and last day of a period with published figures."]}
    assert Caller(signed_in(cast.case_worker)).get(url).status_code == 403
