"""Cover: a team leader (or the national manager) arranges for one worker to hold an absent colleague's cases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import actions
from casework.models import Cover

COVERS = reverse("casework:covers")
COVER_NEW = reverse("casework:cover-new")


def _date(name: str, day: date) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def _posted(absent, covering, starts_on: date, ends_on: date, **extra) -> dict:
    return {
        "absent_worker": absent.pk,
        "covering_worker": covering.pk,
        **_date("starts_on", starts_on),
        **_date("ends_on", ends_on),
        **extra,
    }


def _cover(cast, absent, covering, starts_on: date, ends_on: date) -> Cover:
    return actions.arrange_cover(
        absent_worker=absent, covering_worker=covering, starts_on=starts_on, ends_on=ends_on, by=cast.national_manager
    )


# ---- Who reaches the pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["national_manager", "team_leader", "other_team_leader"])
@pytest.mark.parametrize("url", [COVERS, COVER_NEW])
def test_leaders_reach_the_cover_pages(signed_in, cast, role, url):
    assert signed_in(getattr(cast, role)).get(url).status_code == 200


@pytest.mark.parametrize(
    "role", ["case_worker", "support_worker", "volunteer", "police_referrer", "analyst", "other_case_worker"]
)
@pytest.mark.parametrize("url", [COVERS, COVER_NEW])
def test_other_roles_get_404_on_the_cover_pages(signed_in, cast, role, url):
    assert signed_in(getattr(cast, role)).get(url).status_code == 404


def test_team_leader_sees_only_their_regions_cover(signed_in, cast):
    today = timezone.localdate()
    _cover(cast, cast.case_worker, cast.other_case_worker, today, today + timedelta(days=3))
    _cover(cast, cast.south_east_case_worker, cast.other_team_leader, today, today + timedelta(days=3))

    page = signed_in(cast.team_leader).get(COVERS).content.decode()

    assert "Casey Worker" in page and "Olly Worker" in page
    assert "Sam Eastworker" not in page


def test_national_manager_sees_every_regions_cover(signed_in, cast):
    today = timezone.localdate()
    _cover(cast, cast.case_worker, cast.other_case_worker, today, today + timedelta(days=3))
    _cover(cast, cast.south_east_case_worker, cast.other_team_leader, today, today + timedelta(days=3))

    page = signed_in(cast.national_manager).get(COVERS).content.decode()

    assert "Casey Worker" in page and "Sam Eastworker" in page


def test_cover_list_separates_current_and_past(signed_in, cast):
    today = timezone.localdate()
    _cover(cast, cast.case_worker, cast.other_case_worker, today - timedelta(days=20), today - timedelta(days=10))
    _cover(cast, cast.other_case_worker, cast.support_worker, today + timedelta(days=5), today + timedelta(days=9))

    page = signed_in(cast.team_leader).get(COVERS).content.decode()
    current, past = page.split("Past cover", 1)

    assert "Sue Support" in current and "Upcoming" in current
    assert "Sue Support" not in past
    assert "Casey Worker" in past


def test_cover_appears_in_leaders_navigation_only(signed_in, cast):
    assert f'href="{COVERS}"' in signed_in(cast.team_leader).get(reverse("accounts:account")).content.decode()
    assert f'href="{COVERS}"' not in signed_in(cast.case_worker).get(reverse("accounts:account")).content.decode()


def test_cover_list_query_count_does_not_grow_with_rows(signed_in, cast, django_assert_num_queries):
    today = timezone.localdate()
    for offset in range(4):
        _cover(
            cast, cast.case_worker, cast.other_case_worker, today + timedelta(days=offset), today + timedelta(days=9)
        )
        _cover(
            cast,
            cast.other_case_worker,
            cast.support_worker,
            today - timedelta(days=30 + offset),
            today - timedelta(days=20),
        )
    client = signed_in(cast.team_leader)
    client.get(COVERS)

    with django_assert_num_queries(9):
        response = client.get(COVERS)

    assert response.status_code == 200


# ---- Arranging cover -------------------------------------------------------------------------------------


def test_team_leader_arranges_cover_and_the_covering_worker_sees_the_absent_workers_people(signed_in, client, cast):
    today = timezone.localdate()
    person_url = reverse("casework:person-detail", kwargs={"pk": cast.person.pk})
    assert signed_in(cast.other_case_worker).get(person_url).status_code == 404

    response = signed_in(cast.team_leader).post(
        COVER_NEW, _posted(cast.case_worker, cast.other_case_worker, today, today + timedelta(days=6))
    )

    assert response.status_code == 302 and response["Location"] == COVERS
    cover = Cover.objects.get()
    assert (cover.absent_worker, cover.covering_worker, cover.arranged_by) == (
        cast.case_worker,
        cast.other_case_worker,
        cast.team_leader,
    )
    assert "Cover arranged" in client.get(COVERS).content.decode()
    assert signed_in(cast.other_case_worker).get(person_url).status_code == 200


def test_covering_worker_loses_the_people_once_cover_ends(signed_in, cast):
    today = timezone.localdate()
    _cover(cast, cast.case_worker, cast.other_case_worker, today - timedelta(days=7), today - timedelta(days=1))
    person_url = reverse("casework:person-detail", kwargs={"pk": cast.person.pk})

    assert signed_in(cast.other_case_worker).get(person_url).status_code == 404


def test_covering_worker_sees_nothing_before_cover_starts(signed_in, cast):
    today = timezone.localdate()
    _cover(cast, cast.case_worker, cast.other_case_worker, today + timedelta(days=1), today + timedelta(days=7))
    person_url = reverse("casework:person-detail", kwargs={"pk": cast.person.pk})

    assert signed_in(cast.other_case_worker).get(person_url).status_code == 404


def test_posted_arranged_by_and_region_are_ignored(signed_in, cast):
    today = timezone.localdate()
    signed_in(cast.team_leader).post(
        COVER_NEW,
        _posted(
            cast.case_worker,
            cast.support_worker,
            today,
            today,
            arranged_by=cast.national_manager.pk,
            region=cast.south_east.pk,
        ),
    )

    assert Cover.objects.get().arranged_by == cast.team_leader


def _errors_for(response) -> str:
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert not Cover.objects.exists()
    return page


def test_cover_ending_before_it_starts_is_refused(signed_in, cast):
    today = timezone.localdate()
    response = signed_in(cast.team_leader).post(
        COVER_NEW, _posted(cast.case_worker, cast.other_case_worker, today, today - timedelta(days=1))
    )

    page = _errors_for(response)
    assert "The end date must be on or after the start date" in page
    assert f'value="{today.day}"' in page  # what was typed is kept


def test_nobody_covers_for_themselves(signed_in, cast):
    today = timezone.localdate()
    response = signed_in(cast.team_leader).post(COVER_NEW, _posted(cast.case_worker, cast.case_worker, today, today))

    assert "Choose someone other than the absent worker" in _errors_for(response)


def test_team_leader_cannot_choose_workers_from_another_region(signed_in, cast):
    today = timezone.localdate()
    client = signed_in(cast.team_leader)
    form_page = client.get(COVER_NEW).content.decode()
    assert "Sam Eastworker" not in form_page
    assert "Val Volunteer" not in form_page  # volunteers do not hold cases

    response = client.post(COVER_NEW, _posted(cast.south_east_case_worker, cast.other_case_worker, today, today))

    assert "Select a valid choice" in _errors_for(response)


def test_national_manager_cannot_pair_workers_from_different_regions(signed_in, cast):
    today = timezone.localdate()
    response = signed_in(cast.national_manager).post(
        COVER_NEW, _posted(cast.south_east_case_worker, cast.case_worker, today, today)
    )

    assert "Choose someone from the absent worker&#x27;s region" in _errors_for(response)


def test_national_manager_arranges_cover_in_any_region(signed_in, cast):
    today = timezone.localdate()
    response = signed_in(cast.national_manager).post(
        COVER_NEW, _posted(cast.south_east_case_worker, cast.other_team_leader, today, today)
    )

    assert response.status_code == 302
    assert Cover.objects.get().covering_worker == cast.other_team_leader


def test_empty_form_shows_every_required_message(signed_in, cast):
    page = _errors_for(signed_in(cast.team_leader).post(COVER_NEW, {}))

    for message in ("Select who is away", "Select who covers their cases", "Enter the date the cover starts"):
        assert message in page
