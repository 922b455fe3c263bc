"""The team leader's pages: the team caseload (each worker's load, sortable, in a fixed number of queries) and the
landing page (homicides to allocate and notifications to link, flagged past the 24-hour standard)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from casework.models import ConsentOutcome
from commissioning.models import CicaApplication, CicaStatus
from intake.models import NoReferralReason, Notification
from teams import queries
from tests import factories as f

CASELOAD = reverse("teams:caseload")
HOME = reverse("teams:home")


def _referred(homicide, days_ago=30, **extra):
    return f.PersonFactory(homicide=homicide, referred_at=timezone.now() - timedelta(days=days_ago), **extra)


def _row(page: str, name: str) -> str:
    """The table row of one worker (its HTML)."""
    match = re.search(
        r"<tr class=\"govuk-table__row\">\s*<th scope=\"row\"[^>]*>" + re.escape(name) + r".*?</tr>", page, re.S
    )
    assert match, f"no row for {name}"
    return match.group(0)


def _cells(row: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", " ", cell).split()[0] if cell.strip() else ""
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]


@pytest.fixture
def team(cast):
    """Olly (the cast's other London case worker) with a load of his own: two homicides, three open people, one
    closed, and something overdue of each kind; a hearing in ten days; and one of his homicides finished."""
    today = timezone.localdate()
    olly = cast.other_case_worker
    first = f.HomicideFactory(region=cast.london, lead_case_worker=olly)
    second = f.HomicideFactory(region=cast.london, lead_case_worker=olly)
    finished = f.HomicideFactory(region=cast.london, lead_case_worker=olly)
    f.HomicideFactory(region=cast.london, lead_case_worker=olly, no_referral_reason=NoReferralReason.FAMILY_DECLINED)
    # Open: one contacted (nothing overdue), one never contacted since referral (first contact overdue), one with
    # an agreed action past its review.
    contacted = _referred(first)
    f.ContactFactory(person=contacted, made_by=olly, occurred_at=timezone.now() - timedelta(days=1))
    _referred(first)
    with_action = _referred(second)
    f.ContactFactory(person=with_action, made_by=olly, occurred_at=timezone.now() - timedelta(days=1))
    f.AgreedActionFactory(
        assessment=f.AssessmentFactory(person=with_action, assessed_by=olly), review_on=today - timedelta(days=2)
    )
    # Due today: not overdue yet.
    f.AgreedActionFactory(assessment=f.AssessmentFactory(person=with_action, assessed_by=olly), review_on=today)
    CicaApplication.objects.create(
        person=with_action,
        applied_on=today - timedelta(days=40),
        status=CicaStatus.SUBMITTED,
        status_on=today - timedelta(days=40),
        next_step="Chase the decision",
        next_step_on=today - timedelta(days=1),
        helped_by=olly,
        recorded_by=olly,
    )
    # A decline due its review yesterday (not an open case: never referred).
    declined = f.PersonFactory(homicide=second, referred_at=None)
    f.ConsentFactory(
        person=declined,
        outcome=ConsentOutcome.DECLINED,
        decline_stage="before_referral",
        review_on=today - timedelta(days=1),
        recorded_by=olly,
    )
    # A closed case, and the finished homicide's only person closed.
    _referred(second, closed_on=today - timedelta(days=3))
    _referred(finished, closed_on=today - timedelta(days=3))
    f.JourneyEventFactory(homicide=first, kind="trial_listed", occurred_on=today + timedelta(days=10), recorded_by=olly)
    f.JourneyEventFactory(
        homicide=second, kind="first_hearing", occurred_on=today + timedelta(days=40), recorded_by=olly
    )
    olly.languages = ["Polish", "Urdu"]
    olly.save(update_fields=["languages"])
    return cast


def test_each_workers_figures(team, signed_in):
    page = signed_in(team.team_leader).get(CASELOAD).content.decode()

    olly = _row(page, "Olly Worker")
    # Open people 3, homicides led 2 (the finished one and the one nobody was referred for are not), overdue 4
    # (a first contact, an action, a consent review, a CICA step), hearings in 28 days 1.
    assert _cells(olly)[:4] == ["3", "2", "4", "1"]
    assert "First contacts 1, actions 1, consent reviews 1, CICA 1" in olly
    assert "Polish, Urdu" in olly
    casey = _row(page, "Casey Worker")
    assert _cells(casey)[:4] == ["1", "1", "0", "0"]
    assert "English only" in casey
    # The team leader holds cases too; volunteers and support workers do not.
    assert "Tara Leader" in page and "Val Volunteer" not in page and "Sue Support" not in page


def test_overdue_follows_the_caseloads_rules_for_declines_cancelled_actions_and_errors(team, signed_in):
    """A decline after referral (closed by it) still has its review overdue; a cancelled action, an action of an
    assessment entered in error and a decline entered in error are not overdue; a volunteer's visit does not meet the
    first contact."""
    today = timezone.localdate()
    olly = team.other_case_worker
    before = queries.workloads(team.team_leader, team.london.members.all())
    homicide = f.HomicideFactory(region=team.london, lead_case_worker=olly)
    declined_later = _referred(homicide, closed_on=today - timedelta(days=5), closure_reason="declined")
    f.ConsentFactory(
        person=declined_later,
        outcome=ConsentOutcome.DECLINED,
        decline_stage="later",
        review_on=today - timedelta(days=1),
        recorded_by=olly,
    )
    open_person = _referred(homicide)
    f.ContactFactory(person=open_person, made_by=olly, by_volunteer=True, occurred_at=timezone.now())
    f.AgreedActionFactory(
        assessment=f.AssessmentFactory(person=open_person, assessed_by=olly),
        review_on=today - timedelta(days=2),
        cancelled_on=today - timedelta(days=1),
    )
    f.AgreedActionFactory(
        assessment=f.AssessmentFactory(
            person=open_person, assessed_by=olly, entered_in_error=True, error_reason="Twice"
        ),
        review_on=today - timedelta(days=2),
    )
    after = queries.workloads(team.team_leader, team.london.members.all())

    def overdue(rows):
        row = next(load for load in rows if load.worker.pk == olly.pk)
        return (row.overdue_first_contacts, row.overdue_actions, row.overdue_consent_reviews)

    first, actions, reviews = overdue(before)
    assert overdue(after) == (first + 1, actions, reviews + 1)


def test_hearings_are_counted_for_the_days_asked(team, signed_in):
    page = signed_in(team.team_leader).get(CASELOAD, {"days": "60"}).content.decode()

    assert _cells(_row(page, "Olly Worker"))[3] == "2"
    assert "Hearings (next 60 days)" in page


def test_a_worker_over_the_caseload_target_is_tagged(team, signed_in, settings):
    settings.WAYPOINT_CASELOAD_TARGET = 2
    page = signed_in(team.team_leader).get(CASELOAD).content.decode()

    assert "Over target" in _row(page, "Olly Worker")
    assert "Over target" not in _row(page, "Casey Worker")
    assert "1 worker is over it" in page


def test_leave_and_cover_are_shown(team, signed_in):
    today = timezone.localdate()
    f.CoverFactory(
        absent_worker=team.case_worker,
        covering_worker=team.other_case_worker,
        arranged_by=team.team_leader,
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=3),
    )
    page = signed_in(team.team_leader).get(CASELOAD).content.decode()

    assert "Away today" in _row(page, "Casey Worker") and "covered by Olly Worker" in _row(page, "Casey Worker")
    assert "Covering for Casey Worker" in _row(page, "Olly Worker")
    # The cast's upcoming cover: Olly is away in 60 days, covered by Tara.
    assert "Away " in _row(page, "Olly Worker")
    assert "To cover for Olly Worker" in _row(page, "Tara Leader")
    assert "1 worker is away today" in page


@pytest.mark.parametrize(
    ("sort", "order", "first"),
    [
        ("name", "asc", "Casey Worker"),
        ("name", "desc", "Tara Leader"),
        ("open_people", "desc", "Olly Worker"),
        ("overdue", "asc", "Casey Worker"),
        ("homicides", "desc", "Olly Worker"),
    ],
)
def test_the_table_sorts_on_the_server_by_the_query_string(team, signed_in, sort, order, first):
    page = signed_in(team.team_leader).get(CASELOAD, {"sort": sort, "order": order}).content.decode()

    names = re.findall(r"<th scope=\"row\" class=\"govuk-table__header\">([^<]+)<", page)
    assert names[0] == first
    header = "descending" if order == "desc" else "ascending"
    assert f'aria-sort="{header}"' in page


def test_an_unknown_sort_falls_back_to_names(team, signed_in):
    page = signed_in(team.team_leader).get(CASELOAD, {"sort": "password"}).content.decode()

    assert re.findall(r"<th scope=\"row\" class=\"govuk-table__header\">([^<]+)<", page)[0] == "Casey Worker"


def test_a_team_leader_sees_only_their_team_whatever_the_region_asked(team, signed_in):
    page = signed_in(team.team_leader).get(CASELOAD, {"region": "south-east-east"}).content.decode()

    assert "Olly Worker" in page and "Sam Eastworker" not in page
    assert 'id="team-region"' not in page


def test_the_national_manager_chooses_the_region(team, signed_in):
    client = signed_in(team.national_manager)

    london = client.get(CASELOAD, {"region": "london"}).content.decode()
    south_east = client.get(CASELOAD, {"region": "south-east-east"}).content.decode()

    assert "Olly Worker" in london and "Sam Eastworker" not in london
    assert "Sam Eastworker" in south_east and "Olly Worker" not in south_east
    assert 'id="team-region"' in london


def test_the_caseload_takes_a_fixed_number_of_queries(team, signed_in, django_assert_num_queries):
    client = signed_in(team.team_leader)
    client.get(CASELOAD)

    with django_assert_num_queries(7):
        assert client.get(CASELOAD).status_code == 200
    for n in range(3):  # more workers, each with a case
        worker = f.UserFactory(role=Role.CASE_WORKER, region=team.london, full_name=f"Extra Worker{n}")
        _referred(f.HomicideFactory(region=team.london, lead_case_worker=worker))
        f.CoverFactory(absent_worker=worker, covering_worker=team.case_worker, arranged_by=team.team_leader)
    with django_assert_num_queries(7):
        assert client.get(CASELOAD).status_code == 200


def test_workloads_unit_counts_an_active_domestic_homicide_until_its_review(team):
    homicide = f.HomicideFactory(region=team.london, lead_case_worker=team.case_worker, is_domestic=True)
    _referred(homicide, closed_on=timezone.localdate())

    loads = {load.worker.pk: load for load in queries.workloads(team.team_leader, team.london.members.all())}

    assert loads[team.case_worker.pk].homicides_led == 2  # the cast's, and the domestic one awaiting its review


# ---- The landing page ----------------------------------------------------------------------------------------


@pytest.fixture
def waiting(cast):
    now = timezone.now()
    cast.old_homicide = f.HomicideFactory(
        region=cast.london, lead_case_worker=None, created_at=now - timedelta(hours=30)
    )
    cast.new_homicide = f.HomicideFactory(
        region=cast.london, lead_case_worker=None, created_at=now - timedelta(hours=2)
    )
    cast.se_homicide = f.HomicideFactory(region=cast.south_east, lead_case_worker=None, created_at=now)
    f.HomicideFactory(region=cast.london, lead_case_worker=None, no_referral_reason="no_next_of_kin")
    cast.old_notification = f.NotificationFactory(
        region=cast.london, submitted_by=cast.support_worker, received_at=now - timedelta(days=3)
    )
    cast.se_notification = f.NotificationFactory(
        region=cast.south_east, submitted_by=cast.other_support_worker, received_at=now - timedelta(hours=1)
    )
    return cast


def test_team_leaders_land_on_what_is_waiting(cast, signed_in):
    response = signed_in(cast.team_leader).get(reverse("frontend:home"))

    assert response.status_code == 302 and response["Location"] == HOME


def test_the_landing_page_lists_the_regions_waiting_intake_with_age_and_the_24_hour_flag(waiting, signed_in):
    page = signed_in(waiting.team_leader).get(HOME).content.decode()

    assert "2 homicides to allocate" in page and "1 notification to link" in page
    old = re.search(waiting.old_homicide.reference + r".*?</tr>", page, re.S).group(0)
    new = re.search(waiting.new_homicide.reference + r".*?</tr>", page, re.S).group(0)
    notification = re.search(waiting.old_notification.reference + r".*?</tr>", page, re.S).group(0)
    assert "30 hours" in old and "Over 24 hours" in old
    assert "2 hours" in new and "Over 24 hours" not in new
    assert "3 days" in notification and "Over 24 hours" in notification
    assert page.index(waiting.old_homicide.reference) < page.index(waiting.new_homicide.reference)
    assert waiting.se_homicide.reference not in page and waiting.se_notification.reference not in page
    assert reverse("intake:homicide-allocate", args=[waiting.old_homicide.pk]) in page


def test_the_national_manager_sees_every_regions_waiting_intake(waiting, signed_in):
    page = signed_in(waiting.national_manager).get(HOME).content.decode()

    assert "3 homicides to allocate" in page and "2 notifications to link" in page
    assert waiting.se_homicide.reference in page and "South East" in page


def test_the_landing_page_takes_a_fixed_number_of_queries(waiting, signed_in, django_assert_num_queries):
    client = signed_in(waiting.team_leader)
    client.get(HOME)

    with django_assert_num_queries(9):
        client.get(HOME)
    for _ in range(3):
        f.HomicideFactory(region=waiting.london, lead_case_worker=None)
        f.NotificationFactory(region=waiting.london, submitted_by=waiting.support_worker)
    with django_assert_num_queries(9):
        client.get(HOME)


# ---- The same through the API --------------------------------------------------------------------------------


@pytest.fixture
def api_as(signed_in):
    from api.tests.conftest import Caller

    return lambda user: Caller(signed_in(user))


def test_the_api_gives_the_same_figures_sorted_as_asked(team, api_as):
    response = api_as(team.team_leader).get(reverse("api:team-caseload-list"), {"sort": "open_people", "order": "desc"})

    rows = response.json()
    assert response.status_code == 200
    assert rows[0]["name"] == "Olly Worker"
    olly = rows[0]
    assert (olly["open_people"], olly["homicides_led"], olly["overdue"], olly["hearings"]) == (3, 2, 4, 1)
    assert olly["languages"] == ["Polish", "Urdu"] and olly["away_today"] is False
    assert olly["away"][0]["covering_worker_name"] == "Tara Leader"


def test_the_api_lets_the_national_manager_choose_the_region(team, api_as):
    api = api_as(team.national_manager)

    south_east = api.get(reverse("api:team-caseload-list"), {"region": "south-east-east"}).json()
    unknown = api.get(reverse("api:team-caseload-list"), {"region": "atlantis"})

    assert {row["name"] for row in south_east} == {"Otto Leader", "Sam Eastworker"}
    assert unknown.status_code == 404


def test_the_caseload_api_takes_a_fixed_number_of_queries(team, api_as, django_assert_num_queries):
    api = api_as(team.team_leader)
    api.get(reverse("api:team-caseload-list"))

    with django_assert_num_queries(12):  # as every API read, then the two of `workloads`
        api.get(reverse("api:team-caseload-list"))
    worker = f.UserFactory(role=Role.CASE_WORKER, region=team.london, full_name="Extra Worker")
    f.CoverFactory(absent_worker=worker, covering_worker=team.case_worker, arranged_by=team.team_leader)
    with django_assert_num_queries(12):  # as every API read, then the two of `workloads`
        api.get(reverse("api:team-caseload-list"))


# ---- Notifications to link, through the API ------------------------------------------------------------------


def _unlinked(api, **query):
    response = api.get(reverse("api:notification-list"), {"unlinked": "true", **query})
    assert response.status_code == 200
    return response.json()["results"]


def test_the_api_lists_the_landing_pages_notifications_to_link_oldest_first_with_their_age(waiting, api_as):
    older = f.NotificationFactory(
        region=waiting.london, submitted_by=waiting.support_worker, received_at=timezone.now() - timedelta(days=5)
    )
    fresh = f.NotificationFactory(
        region=waiting.london, submitted_by=waiting.support_worker, received_at=timezone.now() - timedelta(hours=2)
    )
    page, count = queries.unlinked_notifications(waiting.team_leader, [waiting.london.pk])

    rows = _unlinked(api_as(waiting.team_leader))

    assert [row["id"] for row in rows] == [w.record.pk for w in page] and len(rows) == count
    assert [row["id"] for row in rows][:2] == [older.pk, waiting.old_notification.pk]
    by_id = {row["id"]: row for row in rows}
    assert (by_id[older.pk]["waiting_hours"], by_id[older.pk]["past_standard"]) == (120, True)
    assert (by_id[fresh.pk]["waiting_hours"], by_id[fresh.pk]["past_standard"]) == (2, False)
    assert waiting.notification.pk not in by_id  # linked to the cast's homicide
    assert waiting.se_notification.pk not in by_id  # another region's


def test_the_api_filters_notifications_by_how_long_they_have_waited(waiting, api_as):
    f.NotificationFactory(
        region=waiting.london, submitted_by=waiting.support_worker, received_at=timezone.now() - timedelta(hours=23)
    )

    rows = _unlinked(api_as(waiting.team_leader), waited_hours=24)
    every = api_as(waiting.national_manager).get(reverse("api:notification-list"), {"waited_hours": 48})

    assert [row["id"] for row in rows] == [waiting.old_notification.pk]
    assert every.status_code == 200
    aged = {row["id"] for row in every.json()["results"]}
    assert waiting.old_notification.pk in aged and waiting.se_notification.pk not in aged


def test_linked_notifications_have_no_waiting_age(waiting, api_as):
    response = api_as(waiting.team_leader).get(reverse("api:notification-detail", args=[waiting.notification.pk]))

    assert response.status_code == 200
    assert (response.json()["waiting_hours"], response.json()["past_standard"]) == (None, None)


def test_the_national_manager_gets_every_regions_notifications_to_link(waiting, api_as):
    ids = {row["id"] for row in _unlinked(api_as(waiting.national_manager))}

    assert {waiting.old_notification.pk, waiting.se_notification.pk} <= ids
    assert waiting.notification.pk not in ids and waiting.other_notification.pk not in ids


def test_the_police_get_only_their_own_unlinked_notifications(waiting, api_as):
    own = f.NotificationFactory(region=waiting.london, submitted_by=waiting.police_referrer)

    rows = _unlinked(api_as(waiting.police_referrer))

    assert [row["id"] for row in rows] == [own.pk]


@pytest.mark.parametrize("query", [{"unlinked": "maybe"}, {"waited_hours": "-1"}, {"waited_hours": "many"}])
def test_the_notification_filters_refuse_what_they_cannot_read(waiting, api_as, query):
    response = api_as(waiting.team_leader).get(reverse("api:notification-list"), query)

    assert response.status_code == 400


def test_waiting_unit_a_day_exactly_is_not_yet_past_the_standard(cast):
    now = timezone.now()
    notification = f.NotificationFactory(region=cast.london, received_at=now - timedelta(hours=24))

    waited = queries.notification_waiting(notification, now)
    later = queries.notification_waiting(notification, now + timedelta(seconds=1))

    assert (waited.hours, waited.past_standard, later.past_standard) == (24, False, True)
    assert queries.notification_waiting(cast.notification, now) is None
    assert notification in queries.waited_at_least(Notification.objects.all(), 24, now)
    assert notification not in queries.waited_at_least(Notification.objects.all(), 25, now)
    assert cast.notification not in queries.unlinked(Notification.objects.all())
