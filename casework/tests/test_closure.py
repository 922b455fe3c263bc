"""Exit, closure, reopening and decliners: episodes of support, the exit plan, the check-your-answers page that
closes a case, reopening, and people who declined (not open cases). Rules are proved on the action, and at the
level a user touches them: the pages and the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pghistory.models import Events

from casework import actions, queries
from casework.models import (
    AgreedAction,
    CaseEpisode,
    ClosureReason,
    ConsentOutcome,
    DeclineStage,
    ExitPlan,
    VolunteerAssignment,
)
from tests import factories as f

TODAY = timezone.localdate


@pytest.fixture
def api_as(signed_in):
    from api.tests.conftest import Caller

    return lambda user: Caller(signed_in(user))


def _date(name, value) -> dict:
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


def _close(cast, **overrides):
    fields = {
        "person": cast.person,
        "by": cast.case_worker,
        "closed_on": TODAY(),
        "reason": ClosureReason.USER_LED_EXIT,
        "open_actions": "cancel",
        **overrides,
    }
    return actions.close_case(**fields)


def _refused(call) -> dict:
    with pytest.raises(ValidationError) as refused:
        call()
    error = refused.value
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


# ---- Closing: the action's rules ------------------------------------------------------------------------


def test_closing_with_agreed_actions_open_asks_what_to_do_with_them(cast):
    errors = _refused(lambda: _close(cast, open_actions=""))

    assert errors == {"open_actions": ["Select what to do with the agreed actions still open"]}
    cast.person.refresh_from_db()
    assert cast.person.closed_on is None


def test_actions_of_an_assessment_entered_in_error_are_not_asked_about_on_the_page_nor_by_the_action(cast):
    """The check page lists what closing would ask about: the same open actions as the action (one rule,
    `AgreedActionQuerySet.still_open`)."""
    open_ids = set(
        AgreedAction.objects.still_open().filter(assessment__person=cast.person).values_list("pk", flat=True)
    )
    assert open_ids
    actions.mark_assessment_entered_in_error(
        assessment=cast.assessment, by=cast.case_worker, reason="Recorded for the wrong person"
    )

    check = queries.closure_check(cast.case_worker, cast.person)

    assert [a.pk for a in check.open_actions] == []
    _close(cast, open_actions="")  # nothing is left to ask about
    cast.person.refresh_from_db()
    assert cast.person.closed_on == TODAY()


def test_closing_can_mark_the_open_actions_done_on_the_closing_day(cast):
    yesterday = TODAY() - timedelta(days=1)
    _close(cast, closed_on=yesterday, open_actions="complete")

    action = AgreedAction.objects.get(pk=cast.action.pk)
    assert (action.completed_on, action.cancelled_on) == (yesterday, None)


def test_closing_can_cancel_the_open_actions_and_they_are_due_nowhere(cast):
    _close(cast, open_actions="cancel")

    action = AgreedAction.objects.get(pk=cast.action.pk)
    assert (action.completed_on, action.cancelled_on) == (None, TODAY())
    records = queries.person_records(cast.case_worker, cast.person)
    assert records.actions_due == []


def test_open_actions_cannot_be_marked_done_before_the_assessment_that_agreed_them(cast):
    assessed_on = cast.assessment.assessed_on
    errors = _refused(lambda: _close(cast, closed_on=assessed_on - timedelta(days=1), open_actions="complete"))

    assert errors == {
        "closed_on": [
            "To mark the open actions done, the closing date must be on or after the assessment that agreed them "
            f"({assessed_on:%d/%m/%Y})"
        ]
    }


@pytest.mark.parametrize(
    ("closed_on", "message"),
    [
        (lambda c: TODAY() + timedelta(days=1), "The closing date must not be in the future"),
        (
            lambda c: timezone.localdate(c.person.referred_at) - timedelta(days=1),
            "The closing date must be on or after the case opened",
        ),
        (lambda c: None, "Enter the date the case closed"),
    ],
)
def test_the_closing_date_is_its_own_date_within_the_episode(cast, closed_on, message):
    errors = _refused(lambda: _close(cast, closed_on=closed_on(cast)))

    assert errors["closed_on"][0].startswith(message)


def test_a_decline_is_not_a_reason_a_worker_chooses_when_closing(cast):
    errors = _refused(lambda: _close(cast, reason=ClosureReason.DECLINED))

    assert errors == {"reason": ["Select a reason for closing the case"]}


def test_closing_ends_the_episode_and_the_volunteer_tasks(cast):
    _close(cast)

    episode = cast.person.episodes.get()
    assert (episode.closed_on, episode.closure_reason) == (TODAY(), ClosureReason.USER_LED_EXIT)
    assert VolunteerAssignment.objects.get(pk=cast.assignment.pk).ended_on == TODAY()
    cast.person.refresh_from_db()
    assert (cast.person.closed_on, cast.person.is_open) == (TODAY(), False)


def test_a_cancelled_action_cannot_then_be_completed(cast):
    _close(cast)
    actions.reopen_case(person=cast.person, by=cast.case_worker, reopened_on=TODAY(), reason="Back")

    errors = _refused(
        lambda: actions.complete_action(action=AgreedAction.objects.get(pk=cast.action.pk), by=cast.case_worker)
    )

    assert errors == {"__all__": ["This action was cancelled when the case closed"]}


# ---- Closing: the check-your-answers page ---------------------------------------------------------------


def test_the_close_page_lists_what_is_still_open_and_what_closing_does(cast, signed_in):
    hearing = f.JourneyEventFactory(
        homicide=cast.homicide,
        kind="trial_listed",
        occurred_on=TODAY() + timedelta(days=40),
        recorded_by=cast.case_worker,
    )
    client = signed_in(cast.case_worker)

    html = client.get(reverse("casework:case-close", args=[cast.person.pk])).content.decode()

    still_open = html[html.index('id="still-open"') :]
    assert cast.action.description in still_open
    assert cast.assignment.task in still_open
    assert hearing.get_kind_display() in still_open
    assert "What should happen to the agreed actions still open?" in html
    assert 'id="dhr-open"' not in html


def test_the_close_page_shows_why_a_domestic_homicide_case_stays_open(cast, signed_in):
    cast.homicide.is_domestic = True
    cast.homicide.save()

    html = signed_in(cast.case_worker).get(reverse("casework:case-close", args=[cast.person.pk])).content.decode()

    assert 'id="dhr-open"' in html
    assert "is still open: the partnership has not yet decided whether to hold one" in html
    assert '<form method="post"' not in html.split('id="dhr-open"')[1].split("</main>")[0]


def test_the_check_page_shows_the_answers_and_the_length_before_anything_is_closed(cast, signed_in):
    client = signed_in(cast.case_worker)
    url = reverse("casework:case-close", args=[cast.person.pk])
    answers = {
        **_date("closed_on", TODAY()),
        "reason": "after_trial",
        "notes": "Agreed at the last visit",
        "open_actions": "complete",
    }

    check = client.post(url, answers)

    assert check.status_code == 200
    html = check.content.decode()
    assert "Check your answers before closing the case" in html
    assert "Support ended after the trial" in html
    assert "55 days, from" in html
    assert f"Agreed action “{cast.action.description}” is marked done on" in html
    assert f"The volunteer task “{cast.assignment.task}” ends" in html
    assert CaseEpisode.objects.get(person=cast.person).closed_on is None
    # The answers travel with the confirmation: changing them shows the form again, filled in.
    changed = client.post(url, {**answers, "change": "1"})
    assert "Check your answers" not in changed.content.decode()
    assert changed.context["form"]["notes"].value() == "Agreed at the last visit"
    confirmed = client.post(url, {**answers, "confirm": "1"})
    assert confirmed.status_code == 302
    assert CaseEpisode.objects.get(person=cast.person).closed_on == TODAY()


def test_the_close_page_keeps_what_was_typed_when_the_action_refuses(cast, signed_in):
    response = signed_in(cast.case_worker).post(
        reverse("casework:case-close", args=[cast.person.pk]),
        {**_date("closed_on", TODAY() + timedelta(days=3)), "reason": "after_trial", "open_actions": "cancel"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["closed_on"] == ["The closing date must not be in the future"]
    assert "govuk-error-summary" in response.content.decode()


def test_the_person_page_offers_closing_as_a_link_not_a_button(cast, signed_in):
    html = signed_in(cast.case_worker).get(reverse("casework:person-detail", args=[cast.person.pk])).content.decode()

    url = reverse("casework:case-close", args=[cast.person.pk])
    assert f'<a class="govuk-link" href="{url}">' in html
    assert "govuk-button--warning" not in html


# ---- Reopening ------------------------------------------------------------------------------------------


def test_reopening_starts_a_new_episode_and_the_case_is_open_again(cast, signed_in):
    _close(cast, closed_on=TODAY() - timedelta(days=10))
    client = signed_in(cast.case_worker)
    url = reverse("casework:case-reopen", args=[cast.person.pk])
    assert url in client.get(reverse("casework:person-detail", args=[cast.person.pk])).content.decode()

    response = client.post(
        url, {**_date("reopened_on", TODAY() - timedelta(days=2)), "reason": "The trial was listed again"}
    )

    assert response.status_code == 302
    first, second = cast.person.episodes.all()
    assert (first.closed_on, second.closed_on, second.reopened_reason) == (
        TODAY() - timedelta(days=10),
        None,
        "The trial was listed again",
    )
    cast.person.refresh_from_db()
    assert cast.person.is_open and cast.person.closure_reason == ""
    page = client.get(reverse("casework:person-detail", args=[cast.person.pk])).content.decode()
    # 45 days, then 2 days so far: 47 in total.
    assert "Length of contact: 47 days" in page
    assert "Case reopened" in page
    # Reopened: the first contact is due again within 24 hours of the reopening.
    row = next(p for p in queries.caseload(cast.case_worker) if p.pk == cast.person.pk)
    assert row.first_contact_due == second.opened_at + timedelta(hours=24)


def test_a_case_reopened_on_the_day_it_closed_shows_the_reopening_above_the_closure(cast):
    _close(cast, closed_on=TODAY())
    actions.reopen_case(person=cast.person, by=cast.case_worker, reopened_on=TODAY(), reason="Asked again")

    records = queries.person_records(cast.case_worker, cast.person)
    titles = [str(entry.title) for entry in queries.timeline(cast.person, records)]
    assert titles.index("Case reopened") < titles.index("Case closed"), titles


@pytest.mark.parametrize(
    ("setup", "reopened_on", "reason", "errors"),
    [
        (None, 0, "Back", {"__all__": ["This case is open"]}),
        ("closed", -11, "Back", {"reopened_on": ["The date the case reopened must be on or after it closed"]}),
        ("closed", 1, "Back", {"reopened_on": ["The date the case reopened must not be in the future"]}),
        ("closed", 0, "  ", {"reason": ["Enter why the case is reopened"]}),
        ("declined", 0, "Back", {"__all__": ["This person declined the service: record their consent"]}),
    ],
)
def test_reopening_refuses(cast, setup, reopened_on, reason, errors):
    if setup == "closed":
        _close(cast, closed_on=TODAY() - timedelta(days=10))
    elif setup == "declined":
        _decline(cast)

    found = _refused(
        lambda: actions.reopen_case(
            person=cast.person, by=cast.case_worker, reopened_on=TODAY() + timedelta(days=reopened_on), reason=reason
        )
    )

    assert set(found) == set(errors)
    assert all(found[k][0].startswith(v[0]) for k, v in errors.items())


def test_reopening_through_the_api(cast, api_as):
    _close(cast, closed_on=TODAY() - timedelta(days=5))

    response = api_as(cast.case_worker).post(
        reverse("api:person-reopen", args=[cast.person.pk]),
        {"reopened_on": TODAY().isoformat(), "reason": "Asked again"},
    )
    again = api_as(cast.case_worker).post(
        reverse("api:person-reopen", args=[cast.person.pk]),
        {"reopened_on": TODAY().isoformat(), "reason": "Asked again"},
    )

    assert response.status_code == 201
    assert (response.json()["closed_on"], response.json()["reopened_reason"]) == (None, "Asked again")
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["This case is open"]}
    episodes = api_as(cast.case_worker).get(reverse("api:case-episode-list")).json()["results"]
    assert [e["length_days"] for e in episodes if e["person"] == cast.person.pk] == [50, 0]


def test_closing_through_the_api_takes_the_open_actions_choice(cast, api_as):
    url = reverse("api:person-close", args=[cast.person.pk])
    body = {"closed_on": TODAY().isoformat(), "reason": "user_led_exit"}

    refused = api_as(cast.case_worker).post(url, body)
    closed = api_as(cast.case_worker).post(url, {**body, "open_actions": "complete"})

    assert refused.status_code == 400
    assert refused.json() == {"open_actions": ["Select what to do with the agreed actions still open"]}
    assert closed.status_code == 200
    assert closed.json()["closed_on"] == TODAY().isoformat()
    assert AgreedAction.objects.get(pk=cast.action.pk).completed_on == TODAY()


# ---- Decliners ------------------------------------------------------------------------------------------


def _decline(cast, days_ago: int = 1):
    return actions.record_consent(
        person=cast.person,
        by=cast.case_worker,
        outcome=ConsentOutcome.DECLINED,
        decided_at=timezone.now() - timedelta(days=days_ago),
        decline_stage=DeclineStage.LATER,
        review_on=TODAY() + timedelta(days=30),
    )


def test_a_decline_on_an_open_case_ends_its_episode(cast):
    _decline(cast)

    cast.person.refresh_from_db()
    episode = cast.person.episodes.get()
    assert (episode.closed_on, episode.closure_reason) == (TODAY() - timedelta(days=1), ClosureReason.DECLINED)
    assert (cast.person.is_open, cast.person.declined) == (False, True)
    assert VolunteerAssignment.objects.get(pk=cast.assignment.pk).ended_on is not None
    assert AgreedAction.objects.get(pk=cast.action.pk).cancelled_on == TODAY() - timedelta(days=1)


def test_someone_who_declined_has_no_casework_and_is_in_consent_to_review(cast, signed_in):
    _decline(cast)
    client = signed_in(cast.case_worker)

    page = client.get(reverse("casework:person-detail", args=[cast.person.pk])).content.decode()
    caseload = client.get(reverse("casework:caseload"))

    for name in ("contact-new", "assessment-new", "support-new", "case-close", "case-reopen", "exit-plan"):
        assert reverse(f"casework:{name}", args=[cast.person.pk]) not in page, name
    assert "Declined the service on" in page
    assert cast.person.pk not in [person.pk for person, _dues in caseload.context["rows"]]
    reviews = caseload.content.decode()[caseload.content.decode().index('id="consent-reviews"') :]
    assert cast.person.full_name in reviews
    assert (TODAY() + timedelta(days=30)).strftime("%-d %b %Y") in reviews
    errors = _refused(
        lambda: actions.record_contact(
            person=cast.person, by=cast.case_worker, kind="visit", occurred_at=timezone.now(), duration_minutes=5
        )
    )
    assert errors["__all__"][0].startswith("This person declined the service")


def test_someone_never_referred_who_declined_has_no_first_contact_due(cast):
    person = f.PersonFactory(homicide=cast.homicide, referred_at=None)
    actions.record_consent(
        person=person,
        by=cast.case_worker,
        outcome=ConsentOutcome.DECLINED,
        decline_stage=DeclineStage.BEFORE_REFERRAL,
        review_on=TODAY() + timedelta(days=10),
    )

    assert person.pk not in [p.pk for p in queries.caseload(cast.case_worker)]
    assert [p.pk for p in queries.consent_reviews(cast.case_worker)] == [person.pk]


def test_consenting_after_a_decline_opens_a_new_episode(cast):
    _decline(cast, days_ago=3)

    actions.record_consent(person=cast.person, by=cast.case_worker, outcome=ConsentOutcome.REFERRED)

    cast.person.refresh_from_db()
    assert cast.person.is_open
    assert [e.closed_on is None for e in cast.person.episodes.all()] == [False, True]
    assert cast.person.pk not in [p.pk for p in queries.consent_reviews(cast.case_worker)]
    row = next(p for p in queries.caseload(cast.case_worker) if p.pk == cast.person.pk)
    assert row.first_contact_due is not None  # a new referral: first contact due within 24 hours


def test_a_consent_cannot_predate_the_closure_it_reopens(cast):
    _decline(cast, days_ago=1)

    errors = _refused(
        lambda: actions.record_consent(
            person=cast.person,
            by=cast.case_worker,
            outcome=ConsentOutcome.REFERRED,
            decided_at=timezone.now() - timedelta(days=3),
        )
    )

    assert errors["decided_at"][0].startswith("The date of the decision must be on or after the case closed")


# ---- The exit plan --------------------------------------------------------------------------------------


def test_an_exit_plan_is_raised_changed_and_due_on_the_caseload(cast, signed_in):
    client = signed_in(cast.case_worker)
    url = reverse("casework:exit-plan", args=[cast.person.pk])
    planned = TODAY() + timedelta(days=200)

    raised = client.post(url, {**_date("planned_on", planned), "conditions": "After the trial"})
    changed = client.post(
        url,
        {
            **_date("planned_on", planned + timedelta(days=30)),
            "conditions": "After the sentence",
            **_date("reviewed_on", TODAY()),
        },
    )

    assert (raised.status_code, changed.status_code) == (302, 302)
    plan = ExitPlan.objects.get()
    assert (plan.episode, plan.planned_on, plan.conditions, plan.reviewed_on) == (
        cast.episode,
        planned + timedelta(days=30),
        "After the sentence",
        TODAY(),
    )
    page = client.get(reverse("casework:person-detail", args=[cast.person.pk])).content.decode()
    assert "After the sentence" in page[page.index('id="exit-plan"') :]
    row = next(p for p in queries.caseload(cast.case_worker) if p.pk == cast.person.pk)
    assert [d.label for d in queries.dues(row) if d.moment == plan.planned_on] == ["Planned exit"]
    history = [e.pgh_label for e in Events.objects.across("casework.ExitPlanEvent")]
    assert sorted(history) == ["insert", "update"]
    audit = signed_in(cast.team_leader).get(reverse("audit:person-history", args=[cast.person.pk]))
    assert "After the sentence" in audit.content.decode()


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"planned_on": lambda c: c.episode.opened_on - timedelta(days=1)}, {"planned_on"}),
        ({"planned_on": lambda c: None}, {"planned_on"}),
        ({"planned_on": lambda c: TODAY() + timedelta(days=5 * 365 + 1)}, {"planned_on"}),
        ({"reviewed_on": lambda c: TODAY() + timedelta(days=1)}, {"reviewed_on"}),
        ({"reviewed_on": lambda c: c.episode.opened_on - timedelta(days=1)}, {"reviewed_on"}),
    ],
)
def test_the_exit_plan_keeps_to_its_episode(cast, fields, errors):
    values = {"planned_on": TODAY() + timedelta(days=90), **{k: v(cast) for k, v in fields.items()}}

    found = _refused(lambda: actions.plan_exit(person=cast.person, by=cast.case_worker, **values))

    assert set(found) == errors
    assert not ExitPlan.objects.exists()


def test_an_exit_plan_needs_an_open_case(cast):
    _close(cast)

    errors = _refused(lambda: actions.plan_exit(person=cast.person, by=cast.case_worker, planned_on=TODAY()))

    assert errors["__all__"][0].startswith("This person's case is closed")


def test_an_exit_plan_through_the_api(cast, api_as):
    response = api_as(cast.case_worker).post(
        reverse("api:person-exit-plan", args=[cast.person.pk]),
        {"planned_on": (TODAY() + timedelta(days=60)).isoformat(), "conditions": "When the claim is settled"},
    )
    episode = api_as(cast.case_worker).get(reverse("api:case-episode-detail", args=[cast.episode.pk])).json()

    assert response.status_code == 200
    assert episode["exit_plan"]["conditions"] == "When the claim is settled"
    assert (
        api_as(cast.support_worker).get(reverse("api:case-episode-detail", args=[cast.episode.pk])).status_code == 404
    )


# ---- Length of contact per episode and in total ---------------------------------------------------------


def test_the_person_page_shows_each_episode_and_the_total(cast, signed_in):
    _close(cast, closed_on=TODAY() - timedelta(days=20))  # 35 days
    actions.reopen_case(
        person=cast.person, by=cast.case_worker, reopened_on=TODAY() - timedelta(days=10), reason="Back"
    )
    _close(cast, closed_on=TODAY() - timedelta(days=4), open_actions="")  # 6 days

    response = signed_in(cast.case_worker).get(reverse("casework:person-detail", args=[cast.person.pk]))

    html = response.content.decode()
    table = html[html.index('id="episodes"') : html.index("</table>", html.index('id="episodes"'))]
    assert table.count("govuk-table__row") == 4  # heading, two episodes, total
    assert ">35<" in table and ">6<" in table and ">41<" in table
    assert "Length of contact: 41 days" in html
