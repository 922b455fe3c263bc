"""Cover: a team leader (or the national manager) arranges for one worker to hold an absent colleague's cases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework import actions
from casework.models import Cover
from tests import factories as f

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
        "reason": "leave",
        **extra,
    }


def _cover(cast, absent, covering, starts_on: date, ends_on: date) -> Cover:
    """Cover arranged by the national manager; past cover entered as from an older system's records."""
    return actions.arrange_cover(
        absent_worker=absent,
        covering_worker=covering,
        starts_on=starts_on,
        ends_on=ends_on,
        reason="leave",
        historical=starts_on < timezone.localdate(),
        by=cast.national_manager,
    )


def _arranged(cast):
    """Cover arranged in the test (the cast has an upcoming one per region)."""
    return Cover.objects.exclude(pk__in=[cast.cover.pk, cast.other_cover.pk])


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
    for offset in range(4):  # written straight to the table: the list shows whatever is there
        f.CoverFactory(
            absent_worker=cast.case_worker,
            covering_worker=cast.other_case_worker,
            arranged_by=cast.team_leader,
            starts_on=today + timedelta(days=offset * 10),
        )
        f.CoverFactory(
            absent_worker=cast.other_case_worker,
            covering_worker=cast.support_worker,
            arranged_by=cast.team_leader,
            starts_on=today - timedelta(days=30 + offset * 10),
        )
        f.CoverFactory(
            absent_worker=cast.support_worker,
            covering_worker=cast.other_case_worker,
            arranged_by=cast.team_leader,
            starts_on=today + timedelta(days=5 + offset * 10),
            cancelled_at=timezone.now(),
            cancelled_by=cast.team_leader,
        )
    client = signed_in(cast.team_leader)
    client.get(COVERS)

    # One more than before cancelling existed: the cancelled cover's own list.
    with django_assert_num_queries(7):
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
    cover = _arranged(cast).get()
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

    assert _arranged(cast).get().arranged_by == cast.team_leader


def _errors_for(response) -> str:
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert Cover.objects.count() == 2  # the cast's own: nothing was saved
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

    assert "Select who is away" in _errors_for(response)


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
    assert _arranged(cast).get().covering_worker == cast.other_team_leader


def test_empty_form_shows_every_required_message(signed_in, cast):
    page = _errors_for(signed_in(cast.team_leader).post(COVER_NEW, {}))

    for message in (
        "Select who is away",
        "Select who covers their cases",
        "Enter the date the cover starts",
        "Select why they are away",
    ):
        assert message in page


# ---- The rules of cover (issue 8) ------------------------------------------------------------------------


def _refused(call) -> dict:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


def _arrange(cast, absent, covering, starts_on, ends_on, *, by=None, **extra) -> Cover:
    fields = {"reason": "leave", **extra}
    return actions.arrange_cover(
        absent_worker=absent,
        covering_worker=covering,
        starts_on=starts_on,
        ends_on=ends_on,
        by=by or cast.team_leader,
        **fields,
    )


def test_cover_records_its_reason(signed_in, cast):
    today = timezone.localdate()
    response = signed_in(cast.team_leader).post(
        COVER_NEW,
        _posted(cast.case_worker, cast.other_case_worker, today, today + timedelta(days=2), reason="training"),
    )

    assert response.status_code == 302
    assert _arranged(cast).get().reason == "training"
    assert "Training" in signed_in(cast.team_leader).get(COVERS).content.decode()


@pytest.mark.parametrize("reason", ["", "holiday"])
def test_cover_needs_a_reason_from_the_list(cast, reason):
    today = timezone.localdate()
    errors = _refused(lambda: _arrange(cast, cast.case_worker, cast.other_case_worker, today, today, reason=reason))

    assert errors == {"reason": ["Select why they are away"]}


def test_other_reason_needs_a_note(signed_in, cast):
    today = timezone.localdate()
    page = _errors_for(
        signed_in(cast.team_leader).post(
            COVER_NEW, _posted(cast.case_worker, cast.other_case_worker, today, today, reason="other", note="  ")
        )
    )
    assert "Enter why they are away" in page

    cover = _arrange(cast, cast.case_worker, cast.other_case_worker, today, today, reason="other", note="Jury service")
    assert (cover.reason, cover.note) == ("other", "Jury service")


def test_cover_cannot_start_in_the_past(signed_in, cast):
    yesterday = timezone.localdate() - timedelta(days=1)
    page = _errors_for(
        signed_in(cast.team_leader).post(
            COVER_NEW, _posted(cast.case_worker, cast.other_case_worker, yesterday, yesterday + timedelta(days=3))
        )
    )

    assert "The start date must be today or in the future" in page


def test_cover_may_start_today(cast):
    today = timezone.localdate()
    assert _arrange(cast, cast.case_worker, cast.other_case_worker, today, today).starts_on == today


def test_national_manager_enters_past_cover_from_an_older_system(signed_in, cast):
    start = timezone.localdate() - timedelta(days=400)
    client = signed_in(cast.national_manager)
    assert 'name="historical"' in client.get(COVER_NEW).content.decode()

    response = client.post(
        COVER_NEW, _posted(cast.case_worker, cast.other_case_worker, start, start + timedelta(days=5), historical="on")
    )

    assert response.status_code == 302
    cover = _arranged(cast).get()
    assert cover.historical and cover.starts_on == start


def test_only_the_national_manager_may_enter_past_cover(signed_in, cast):
    start = timezone.localdate() - timedelta(days=400)
    assert 'name="historical"' not in signed_in(cast.team_leader).get(COVER_NEW).content.decode()

    errors = _refused(lambda: _arrange(cast, cast.case_worker, cast.other_case_worker, start, start, historical=True))

    assert errors == {"historical": ["Only the national manager can enter cover from an older system's records"]}


def test_a_posted_historical_flag_is_ignored_on_a_team_leaders_page(signed_in, cast):
    start = timezone.localdate() - timedelta(days=10)
    page = _errors_for(
        signed_in(cast.team_leader).post(
            COVER_NEW, _posted(cast.case_worker, cast.other_case_worker, start, start, historical="on")
        )
    )

    assert "The start date must be today or in the future" in page


@pytest.mark.parametrize(
    ("start", "end"),
    [(0, 4), (4, 12), (-2, 0), (1, 2), (-5, 20)],
    ids=["same", "overlaps-end", "overlaps-start", "inside", "around"],
)
def test_one_absent_worker_has_one_cover_at_a_time(cast, start, end):
    base = timezone.localdate() + timedelta(days=10)
    _arrange(cast, cast.case_worker, cast.other_case_worker, base, base + timedelta(days=4))

    errors = _refused(
        lambda: _arrange(
            cast, cast.case_worker, cast.support_worker, base + timedelta(days=start), base + timedelta(days=end)
        )
    )

    assert list(errors) == ["starts_on"]
    assert errors["starts_on"][0].startswith("Casey Worker already has cover from")


def test_cover_may_follow_on_the_next_day(cast):
    base = timezone.localdate() + timedelta(days=10)
    _arrange(cast, cast.case_worker, cast.other_case_worker, base, base + timedelta(days=4))

    follow_on = _arrange(
        cast, cast.case_worker, cast.support_worker, base + timedelta(days=5), base + timedelta(days=8)
    )

    assert follow_on.pk


def test_a_worker_who_is_away_cannot_cover(signed_in, cast):
    base = timezone.localdate() + timedelta(days=10)
    _arrange(cast, cast.other_case_worker, cast.support_worker, base, base + timedelta(days=4))

    page = _errors_for_more(
        signed_in(cast.team_leader).post(
            COVER_NEW,
            _posted(cast.case_worker, cast.other_case_worker, base + timedelta(days=3), base + timedelta(days=6)),
        )
    )

    assert "Olly Worker is away from" in page and "choose someone else" in page


def test_a_worker_covering_someone_cannot_be_away_in_those_dates(cast):
    base = timezone.localdate() + timedelta(days=10)
    _arrange(cast, cast.case_worker, cast.other_case_worker, base, base + timedelta(days=4))

    errors = _refused(lambda: _arrange(cast, cast.other_case_worker, cast.support_worker, base, base))

    assert errors["absent_worker"][0].startswith("Olly Worker is covering for Casey Worker from")


def test_a_worker_may_cover_two_colleagues_at_once(cast):
    base = timezone.localdate() + timedelta(days=10)
    _arrange(cast, cast.case_worker, cast.support_worker, base, base + timedelta(days=4))

    assert _arrange(cast, cast.other_case_worker, cast.support_worker, base, base + timedelta(days=4)).pk


def _errors_for_more(response) -> str:
    """The form refused, with one cover arranged before it in the test."""
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    return page


# ---- Ending cover early ----------------------------------------------------------------------------------


def _end_url(cover) -> str:
    return reverse("casework:cover-end", kwargs={"pk": cover.pk})


def test_team_leader_ends_cover_early_and_the_planned_day_is_kept(signed_in, cast):
    today = timezone.localdate()
    cover = _arrange(cast, cast.case_worker, cast.other_case_worker, today, today + timedelta(days=10))
    client = signed_in(cast.team_leader)
    assert _end_url(cover) in client.get(COVERS).content.decode()

    response = client.post(_end_url(cover), _date("ends_on", today + timedelta(days=2)))

    assert response.status_code == 302 and response["Location"] == COVERS
    cover.refresh_from_db()
    assert (cover.ends_on, cover.planned_ends_on) == (today + timedelta(days=2), today + timedelta(days=10))
    assert "Ended early (planned until" in client.get(COVERS).content.decode()


def test_cover_ended_today_stops_giving_reach_tomorrow(cast):
    from access import policies

    today = timezone.localdate()
    cover = _arrange(cast, cast.case_worker, cast.other_case_worker, today, today + timedelta(days=10))
    actions.end_cover_early(cover=cover, ends_on=today, by=cast.team_leader)

    assert policies.people(cast.other_case_worker).filter(pk=cast.person.pk).exists()
    assert not policies.covered_worker_ids(cast.other_case_worker, on=today + timedelta(days=1)).exists()


@pytest.mark.parametrize(
    ("new_end", "message"),
    [
        (-1, "The last day of cover must be today or in the future"),
        (10, "The last day of cover must be before the day it was due to end"),
        (11, "The last day of cover must be before the day it was due to end"),
    ],
)
def test_ending_early_needs_a_day_from_today_to_before_the_planned_end(signed_in, cast, new_end, message):
    today = timezone.localdate()
    cover = _arrange(cast, cast.case_worker, cast.other_case_worker, today, today + timedelta(days=10))

    response = signed_in(cast.team_leader).post(_end_url(cover), _date("ends_on", today + timedelta(days=new_end)))

    assert response.status_code == 200 and message in response.content.decode()
    cover.refresh_from_db()
    assert cover.ends_on == today + timedelta(days=10) and cover.planned_ends_on is None


def test_upcoming_cover_cannot_end_before_it_starts(cast):
    start = timezone.localdate() + timedelta(days=5)
    cover = _arrange(cast, cast.case_worker, cast.other_case_worker, start, start + timedelta(days=10))

    errors = _refused(
        lambda: actions.end_cover_early(cover=cover, ends_on=start - timedelta(days=1), by=cast.team_leader)
    )

    assert errors["ends_on"][0].startswith("The last day of cover must be on or after the day it starts")


def test_cover_already_over_cannot_end_early(cast):
    start = timezone.localdate() - timedelta(days=30)
    cover = _cover(cast, cast.case_worker, cast.other_case_worker, start, start + timedelta(days=5))

    with pytest.raises(ValidationError) as refused:
        actions.end_cover_early(cover=cover, ends_on=timezone.localdate(), by=cast.national_manager)

    assert refused.value.messages == ["This cover has already ended"]


def test_a_team_leader_cannot_end_another_regions_cover(signed_in, cast):
    from access.policies import NotAllowed

    assert signed_in(cast.team_leader).get(_end_url(cast.other_cover)).status_code == 404
    with pytest.raises(NotAllowed):
        actions.end_cover_early(cover=cast.other_cover, ends_on=cast.other_cover.starts_on, by=cast.team_leader)


def test_ending_early_is_in_the_history_with_who_did_it(cast):
    from django.apps import apps

    actions.end_cover_early(cover=cast.cover, ends_on=cast.cover.starts_on, by=cast.team_leader)

    events = apps.get_model("casework", "CoverEvent").objects.filter(pgh_obj_id=cast.cover.pk).order_by("-pgh_id")
    last = events.select_related("pgh_context").first()
    assert (last.ends_on, last.planned_ends_on) == (cast.cover.starts_on, cast.cover.starts_on + timedelta(days=7))
    assert last.pgh_context.metadata["user"] == cast.team_leader.pk
    assert last.pgh_context.metadata["action"] == "end_cover_early"


# ---- Cancelling cover before it starts -------------------------------------------------------------------


def _cancel_url(cover) -> str:
    return reverse("casework:cover-cancel", kwargs={"pk": cover.pk})


def test_team_leader_cancels_upcoming_cover_and_it_is_kept_marked_cancelled(signed_in, cast):
    client = signed_in(cast.team_leader)
    assert _cancel_url(cast.cover) in client.get(COVERS).content.decode()
    assert client.get(_cancel_url(cast.cover)).status_code == 200

    response = client.post(_cancel_url(cast.cover), {})

    assert response.status_code == 302 and response["Location"] == COVERS
    cover = Cover.objects.get(pk=cast.cover.pk)
    assert cover.cancelled and cover.cancelled_by == cast.team_leader
    page = client.get(COVERS).content.decode()
    assert "Cover cancelled" in page
    assert "No current or upcoming cover." in page
    assert _cancel_url(cast.cover) not in page


def test_cover_starting_today_cannot_be_cancelled(signed_in, cast):
    today = timezone.localdate()
    cover = _arrange(cast, cast.case_worker, cast.other_case_worker, today, today + timedelta(days=3))
    client = signed_in(cast.team_leader)
    assert _cancel_url(cover) not in client.get(COVERS).content.decode()

    response = client.post(_cancel_url(cover), {})

    assert response.status_code == 200
    assert "This cover has already started: end it early instead" in response.content.decode()
    cover.refresh_from_db()
    assert not cover.cancelled


def test_cover_starting_tomorrow_may_be_cancelled(cast):
    tomorrow = timezone.localdate() + timedelta(days=1)
    cover = _arrange(cast, cast.case_worker, cast.other_case_worker, tomorrow, tomorrow)

    assert actions.cancel_cover(cover=cover, by=cast.team_leader).cancelled


def test_past_cover_cannot_be_cancelled(cast):
    start = timezone.localdate() - timedelta(days=30)
    cover = _cover(cast, cast.case_worker, cast.other_case_worker, start, start + timedelta(days=5))

    with pytest.raises(ValidationError) as refused:
        actions.cancel_cover(cover=cover, by=cast.national_manager)

    assert refused.value.messages == ["This cover has already started: end it early instead"]


def test_cover_is_cancelled_once(cast):
    actions.cancel_cover(cover=cast.cover, by=cast.team_leader)

    with pytest.raises(ValidationError) as refused:
        actions.cancel_cover(cover=cast.cover, by=cast.national_manager)

    assert refused.value.messages == ["This cover was already cancelled"]
    assert Cover.objects.get(pk=cast.cover.pk).cancelled_by == cast.team_leader


def test_cancelled_cover_cannot_be_ended_early(cast):
    actions.cancel_cover(cover=cast.cover, by=cast.team_leader)

    with pytest.raises(ValidationError) as refused:
        actions.end_cover_early(cover=cast.cover, ends_on=cast.cover.starts_on, by=cast.team_leader)

    assert refused.value.messages == ["This cover was cancelled"]


def test_a_team_leader_cannot_cancel_another_regions_cover(signed_in, cast):
    from access.policies import NotAllowed

    assert signed_in(cast.team_leader).get(_cancel_url(cast.other_cover)).status_code == 404
    assert signed_in(cast.team_leader).post(_cancel_url(cast.other_cover), {}).status_code == 404
    with pytest.raises(NotAllowed):
        actions.cancel_cover(cover=cast.other_cover, by=cast.team_leader)
    assert not Cover.objects.get(pk=cast.other_cover.pk).cancelled


@pytest.mark.parametrize("role", ["case_worker", "support_worker", "volunteer", "analyst"])
def test_other_roles_cannot_cancel_cover(cast, role):
    from access.policies import NotAllowed

    with pytest.raises(NotAllowed):
        actions.cancel_cover(cover=cast.cover, by=getattr(cast, role))


def test_cancelled_cover_gives_no_reach_when_its_day_comes(cast):
    from access import policies

    start = timezone.localdate() + timedelta(days=2)
    cover = _arrange(cast, cast.case_worker, cast.other_case_worker, start, start + timedelta(days=5))
    assert policies.covered_worker_ids(cast.other_case_worker, on=start).exists()

    actions.cancel_cover(cover=cover, by=cast.team_leader)

    assert not policies.covered_worker_ids(cast.other_case_worker, on=start).exists()


def test_cancelled_cover_gives_no_reach_even_if_its_dates_arrive(signed_in, cast):
    """Written straight to the table: cancelled cover whose dates include today (as if cancelled, then the clock
    moved on) shows the covering worker nothing."""
    today = timezone.localdate()
    cover = f.CoverFactory(
        absent_worker=cast.case_worker,
        covering_worker=cast.other_case_worker,
        arranged_by=cast.team_leader,
        starts_on=today,
        cancelled_at=timezone.now(),
        cancelled_by=cast.team_leader,
    )
    person_url = reverse("casework:person-detail", kwargs={"pk": cast.person.pk})

    assert signed_in(cast.other_case_worker).get(person_url).status_code == 404
    Cover.objects.filter(pk=cover.pk).update(cancelled_at=None, cancelled_by=None)
    assert signed_in(cast.other_case_worker).get(person_url).status_code == 200


def test_cancelled_cover_no_longer_clashes_with_new_cover(cast):
    start = timezone.localdate() + timedelta(days=3)
    first = _arrange(cast, cast.case_worker, cast.other_case_worker, start, start + timedelta(days=5))
    errors = _refused(lambda: _arrange(cast, cast.case_worker, cast.support_worker, start, start))
    assert "already has cover" in errors["starts_on"][0]

    actions.cancel_cover(cover=first, by=cast.team_leader)
    again = _arrange(cast, cast.case_worker, cast.support_worker, start, start)
    # Nor is the worker who was to cover still "away" or "covering" in those dates.
    away = _arrange(
        cast, cast.other_case_worker, cast.case_worker, start + timedelta(days=1), start + timedelta(days=1)
    )

    assert again.covering_worker == cast.support_worker and away.absent_worker == cast.other_case_worker


def test_cancelled_cover_leaves_the_team_caseloads_cover_column(signed_in, cast):
    from teams import queries as team_queries

    def spells():
        loads = team_queries.workloads(cast.team_leader, User.objects.filter(pk__in=[cast.other_case_worker.pk]))
        return [(len(load.away), len(load.covering)) for load in loads]

    from accounts.models import User

    assert spells() == [(1, 0)]
    actions.cancel_cover(cover=cast.cover, by=cast.team_leader)
    assert spells() == [(0, 0)]
    body = signed_in(cast.team_leader).get(reverse("teams:caseload")).content.decode()
    assert "Away " + cast.cover.starts_on.strftime("%-d %b %Y") not in body


def test_cancelling_is_in_the_history_with_who_did_it(cast):
    from django.apps import apps

    actions.cancel_cover(cover=cast.cover, by=cast.national_manager)

    events = apps.get_model("casework", "CoverEvent").objects.filter(pgh_obj_id=cast.cover.pk).order_by("-pgh_id")
    last = events.select_related("pgh_context").first()
    assert last.cancelled_by_id == cast.national_manager.pk and last.cancelled_at is not None
    assert last.pgh_context.metadata["user"] == cast.national_manager.pk
    assert last.pgh_context.metadata["action"] == "cancel_cover"
    assert events.count() == 2  # arranged (written), then cancelled: nothing deleted


# ---- The same rules through the API ----------------------------------------------------------------------


@pytest.fixture
def api_as(signed_in):
    from api.tests.conftest import Caller

    return lambda user: Caller(signed_in(user))


def test_api_arranges_cover_with_the_actions_rules(cast, api_as):
    today = timezone.localdate()
    api = api_as(cast.team_leader)
    body = {
        "absent_worker": cast.case_worker.pk,
        "covering_worker": cast.other_case_worker.pk,
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=4)).isoformat(),
        "reason": "sickness",
    }

    made = api.post(reverse("api:cover-list"), body, HTTP_IDEMPOTENCY_KEY="one")
    again = api.post(
        reverse("api:cover-list"), {**body, "covering_worker": cast.support_worker.pk}, HTTP_IDEMPOTENCY_KEY="two"
    )
    past = api.post(
        reverse("api:cover-list"),
        {**body, "absent_worker": cast.support_worker.pk, "starts_on": (today - timedelta(days=3)).isoformat()},
        HTTP_IDEMPOTENCY_KEY="three",
    )

    assert made.status_code == 201 and made.json()["reason"] == "sickness"
    assert again.status_code == 400 and "already has cover" in again.json()["starts_on"][0]
    assert past.status_code == 400
    assert past.json() == {"starts_on": ["The start date must be today or in the future"]}


def test_api_ends_cover_early_and_refuses_a_day_past_the_planned_end(cast, api_as):
    api = api_as(cast.team_leader)
    url = reverse("api:cover-end-early", args=[cast.cover.pk])

    late = api.post(url, {"ends_on": (cast.cover.ends_on + timedelta(days=1)).isoformat()}, HTTP_IDEMPOTENCY_KEY="a")
    ended = api.post(url, {"ends_on": cast.cover.starts_on.isoformat()}, HTTP_IDEMPOTENCY_KEY="b")

    assert late.status_code == 400 and late.json()["ends_on"][0].startswith("The last day of cover must be before")
    assert ended.status_code == 200
    assert (ended.json()["ends_on"], ended.json()["planned_ends_on"]) == (
        cast.cover.starts_on.isoformat(),
        cast.cover.ends_on.isoformat(),
    )


def test_a_team_leader_may_not_enter_historical_cover_through_the_api(cast, api_as):
    start = timezone.localdate() - timedelta(days=100)
    body = {
        "absent_worker": cast.case_worker.pk,
        "covering_worker": cast.other_case_worker.pk,
        "starts_on": start.isoformat(),
        "ends_on": start.isoformat(),
        "reason": "leave",
        "historical": True,
    }

    refused = api_as(cast.team_leader).post(reverse("api:cover-list"), body, HTTP_IDEMPOTENCY_KEY="h1")
    made = api_as(cast.national_manager).post(reverse("api:cover-list"), body, HTTP_IDEMPOTENCY_KEY="h2")

    assert refused.status_code == 400 and list(refused.json()) == ["historical"]
    assert made.status_code == 201 and made.json()["historical"] is True


def test_api_cancels_upcoming_cover_and_refuses_started_cover(cast, api_as):
    today = timezone.localdate()
    started = _arrange(cast, cast.case_worker, cast.other_case_worker, today, today + timedelta(days=3))
    api = api_as(cast.team_leader)

    cancelled = api.post(reverse("api:cover-cancel", args=[cast.cover.pk]), {}, HTTP_IDEMPOTENCY_KEY="c1")
    refused = api.post(reverse("api:cover-cancel", args=[started.pk]), {}, HTTP_IDEMPOTENCY_KEY="c2")
    again = api.post(reverse("api:cover-cancel", args=[cast.cover.pk]), {}, HTTP_IDEMPOTENCY_KEY="c3")
    elsewhere = api.post(reverse("api:cover-cancel", args=[cast.other_cover.pk]), {}, HTTP_IDEMPOTENCY_KEY="c4")

    assert cancelled.status_code == 200
    assert cancelled.json()["cancelled_by_name"] == cast.team_leader.full_name
    assert cancelled.json()["cancelled_at"] is not None
    assert refused.status_code == 400
    assert refused.json() == {"non_field_errors": ["This cover has already started: end it early instead"]}
    assert again.status_code == 400 and again.json() == {"non_field_errors": ["This cover was already cancelled"]}
    assert elsewhere.status_code == 404
    listed = {row["id"]: row for row in api.get(reverse("api:cover-list")).json()["results"]}
    assert listed[started.pk]["cancelled_at"] is None and listed[started.pk]["cancelled_by_name"] is None
