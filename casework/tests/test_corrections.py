"""Corrections: contacts, needs assessments, support given and consent decisions are corrected or marked entered in
error with a reason, never deleted. The rules of recording hold for a correction; the history keeps both versions
and the reason; a record entered in error is struck through on the timeline and counts nowhere; a consent decision
entered in error (or corrected) takes its referral with it."""

from __future__ import annotations

from datetime import timedelta

import pghistory.models
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from access.policies import NotAllowed
from api.tests.conftest import Caller
from casework import actions, queries
from casework.models import ConsentOutcome, Contact, ContactKind, DeclineStage, NeedType, SupportType
from reporting import measures, tables
from reporting.queries import Period, b1_notifications_and_referrals, b9_case_worker_workload
from tests import factories as f

pytestmark = pytest.mark.django_db


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


def _day(name: str, value) -> dict:
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


def _moment(name: str, value) -> dict:
    local = timezone.localtime(value)
    return {**_day(name, local.date()), f"{name}_time": local.strftime("%H:%M")}


def _latest_event(record):
    return pghistory.models.Events.objects.tracks(record).order_by("-pgh_created_at", "-pgh_id").first()


@pytest.fixture
def api_as(signed_in):
    return lambda user: Caller(signed_in(user))


# ---- The rules of a correction ------------------------------------------------------------------------------


def test_a_correction_keeps_the_rules_of_recording_and_needs_a_reason_and_a_change(cast):
    contact = cast.contact

    with pytest.raises(ValidationError) as excinfo:
        actions.correct_contact(
            contact=contact,
            by=cast.case_worker,
            reason=" ",
            occurred_at=timezone.now() + timedelta(days=2),
            duration_minutes=0,
        )
    assert _errors(excinfo) == {
        "reason": ["Enter why the contact is being corrected"],
        "occurred_at": ["The date of contact must not be in the future"],
        "duration_minutes": ["Enter the number of minutes, from 1 to 1,440"],
    }
    contact.refresh_from_db()  # the refused values stay on the object given (pages give a copy)
    with pytest.raises(ValidationError) as excinfo:
        actions.correct_contact(contact=contact, by=cast.case_worker, reason="No change", kind=contact.kind)
    assert _errors(excinfo) == {"__all__": ["Change at least one detail of the contact, or go back if it is right"]}
    with pytest.raises(ValidationError) as excinfo:
        actions.correct_contact(contact=contact, by=cast.case_worker, reason="x" * 501, duration_minutes=5)
    assert _errors(excinfo) == {"reason": ["The reason must be 500 characters or fewer"]}
    contact.refresh_from_db()
    assert contact.duration_minutes == 60


def test_the_history_keeps_both_versions_and_the_reason(cast, signed_in):
    actions.correct_contact(
        contact=cast.contact, by=cast.case_worker, reason="The visit was longer", duration_minutes=95
    )

    versions = pghistory.models.Events.objects.tracks(cast.contact).order_by("pgh_created_at", "pgh_id")
    assert [v.pgh_data["duration_minutes"] for v in versions] == [60, 95]
    assert _latest_event(cast.contact).pgh_context["reason"] == "The visit was longer"
    history = signed_in(cast.team_leader).get(reverse("audit:person-history", args=[cast.person.pk])).content.decode()
    assert "Reason: The visit was longer" in history
    assert "60 → 95" in history


def test_each_kind_of_record_keeps_its_reason_in_the_history(cast):
    by = cast.case_worker
    actions.correct_assessment(assessment=cast.assessment, by=by, reason="Stage typo", case_stage="trial")
    actions.correct_support(support=cast.support, by=by, reason="Stage typo", case_stage="trial")
    actions.correct_consent(decision=cast.consent, by=by, reason="Notes typo", notes="Corrected")
    actions.mark_contact_entered_in_error(contact=cast.contact, by=by, reason="Recorded twice")

    for record, reason in (
        (cast.assessment, "Stage typo"),
        (cast.support, "Stage typo"),
        (cast.consent, "Notes typo"),
        (cast.contact, "Recorded twice"),
    ):
        assert _latest_event(record).pgh_context["reason"] == reason, record


def test_a_record_entered_in_error_stays_and_is_neither_corrected_nor_marked_again(cast):
    with pytest.raises(ValidationError) as excinfo:
        actions.mark_support_entered_in_error(support=cast.support, by=cast.case_worker, reason="")
    assert _errors(excinfo) == {"reason": ["Enter why the support was entered in error"]}

    actions.mark_support_entered_in_error(support=cast.support, by=cast.case_worker, reason="Wrong person")

    cast.support.refresh_from_db()
    assert (cast.support.entered_in_error, cast.support.error_reason) == (True, "Wrong person")
    with pytest.raises(ValidationError):
        actions.mark_support_entered_in_error(support=cast.support, by=cast.case_worker, reason="Again")
    with pytest.raises(ValidationError):
        actions.correct_support(support=cast.support, by=cast.case_worker, reason="Late", notes="Changed")


def test_an_assessment_correction_records_the_needs_changed_and_keeps_its_actions_dates(cast):
    needs = list(NeedType.objects.filter(is_active=True)[:2])
    actions.correct_assessment(assessment=cast.assessment, by=cast.case_worker, reason="Needs missed", needs=needs)

    assert set(cast.assessment.needs.all()) == set(needs)
    added = pghistory.models.Events.objects.across("casework.AssessmentNeedEvent").filter(pgh_label="insert")
    assert added.count() == 2
    assert {e.pgh_context["reason"] for e in added} == {"Needs missed"}
    with pytest.raises(ValidationError) as excinfo:
        actions.correct_assessment(
            assessment=cast.assessment,
            by=cast.case_worker,
            reason="Date",
            assessed_on=cast.action.review_on + timedelta(days=1),
        )
    assert "assessed_on" in _errors(excinfo)


def test_support_recorded_with_a_commissioned_service_is_changed_with_the_service(cast):
    support = cast.support
    type(cast.service).objects.filter(pk=cast.service.pk).update(support=support)

    with pytest.raises(ValidationError) as excinfo:
        actions.mark_support_entered_in_error(support=support, by=cast.case_worker, reason="Twice")
    assert excinfo.value.messages == [
        "This support was recorded with a commissioned service, so it is changed with the service"
    ]


# ---- Who may: whoever may record it; a volunteer their own contacts ------------------------------------------


def test_a_volunteer_corrects_their_own_contacts_only_while_their_task_lasts(cast, signed_in):
    client = signed_in(cast.volunteer)
    own = reverse("casework:contact-correct", args=[cast.volunteer_contact.pk])

    assert client.get(own).status_code == 200
    assert client.get(reverse("casework:contact-correct", args=[cast.contact.pk])).status_code == 404
    assert client.get(reverse("casework:contact-error", args=[cast.contact.pk])).status_code == 404
    with pytest.raises(NotAllowed):
        actions.correct_contact(contact=cast.contact, by=cast.volunteer, reason="Not mine", duration_minutes=5)

    response = client.post(
        own,
        {
            "kind": ContactKind.VISIT,
            **_moment("occurred_at", cast.volunteer_contact.occurred_at),
            "duration_minutes": 75,
            "reason": "I stayed longer",
        },
    )
    assert response.status_code == 302
    cast.volunteer_contact.refresh_from_db()
    assert (cast.volunteer_contact.duration_minutes, cast.volunteer_contact.by_volunteer) == (75, True)

    actions.end_volunteer_task(assignment=cast.assignment, by=cast.case_worker)
    assert client.get(own).status_code == 404


# ---- Pages ----------------------------------------------------------------------------------------------------


def test_the_timeline_offers_corrections_and_strikes_through_what_was_entered_in_error(cast, signed_in):
    client = signed_in(cast.case_worker)
    page = client.get(reverse("casework:person-detail", args=[cast.person.pk])).content.decode()
    for name, record in (
        ("contact", cast.contact),
        ("assessment", cast.assessment),
        ("support", cast.support),
        ("consent", cast.consent),
    ):
        assert reverse(f"casework:{name}-correct", args=[record.pk]) in page, name
        assert reverse(f"casework:{name}-error", args=[record.pk]) in page, name

    actions.mark_contact_entered_in_error(contact=cast.contact, by=cast.case_worker, reason="Recorded twice")

    page = client.get(reverse("casework:person-detail", args=[cast.person.pk])).content.decode()
    assert "<s>Visit</s>" in page
    assert "Entered in error: Recorded twice" in page
    assert reverse("casework:contact-correct", args=[cast.contact.pk]) not in page
    assert Contact.objects.filter(pk=cast.contact.pk).exists()


def test_the_volunteer_sees_correction_links_on_their_own_contacts(cast, signed_in):
    page = signed_in(cast.volunteer).get(reverse("casework:person-detail", args=[cast.person.pk])).content.decode()

    assert reverse("casework:contact-correct", args=[cast.volunteer_contact.pk]) in page
    assert reverse("casework:assessment-correct", args=[cast.assessment.pk]) not in page


def test_the_correction_form_starts_from_the_record_and_keeps_what_was_typed_on_an_error(cast, signed_in):
    client = signed_in(cast.case_worker)
    url = reverse("casework:support-correct", args=[cast.support.pk])

    form = client.get(url).content.decode()
    assert 'id="record-summary"' in form
    assert "Emotional support" in form

    typed = {
        "support_type": cast.support.support_type_id,
        **_day("given_on", timezone.localdate() + timedelta(days=3)),
        "case_stage": "trial",
        "notes": "Kept as typed",
    }
    without_reason = client.post(url, typed).content.decode()
    future = client.post(url, {**typed, "reason": "Wrong stage"}).content.decode()

    assert "govuk-error-summary" in without_reason
    assert "Enter why the support is being corrected" in without_reason
    assert "The date of support must not be in the future" in future
    assert ">Kept as typed</textarea>" in future
    assert ">Wrong stage</textarea>" in future
    cast.support.refresh_from_db()
    assert cast.support.case_stage == "pre_trial"


def test_marking_in_error_through_the_page(cast, signed_in):
    client = signed_in(cast.team_leader)
    url = reverse("casework:assessment-error", args=[cast.assessment.pk])

    empty = client.post(url, {"reason": ""}).content.decode()
    assert '<a href="#id_reason">Enter why the assessment was entered in error</a>' in empty
    done = client.post(url, {"reason": "Recorded on the wrong person"})

    assert done.status_code == 302
    cast.assessment.refresh_from_db()
    assert (cast.assessment.entered_in_error, cast.assessment.error_reason) == (True, "Recorded on the wrong person")


def test_a_consent_correction_on_its_page(cast, signed_in):
    client = signed_in(cast.support_worker)
    url = reverse("casework:consent-correct", args=[cast.consent.pk])
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "outcome": ConsentOutcome.DECLINED,
            **_moment("decided_at", cast.consent.decided_at),
            "decline_stage": DeclineStage.BEFORE_REFERRAL,
            **_day("review_on", timezone.localdate() + timedelta(days=30)),
            "reason": "They declined: typed as a referral",
        },
    )

    assert response.status_code == 302
    cast.person.refresh_from_db()
    assert cast.person.referred_at is None


# ---- API ------------------------------------------------------------------------------------------------------


def test_the_api_corrects_with_a_reason_and_marks_entered_in_error(cast, api_as):
    api = api_as(cast.case_worker)
    url = reverse("api:contact-detail", args=[cast.contact.pk])

    refused = api.patch(url, {"duration_minutes": 2000})
    corrected = api.patch(url, {"duration_minutes": 90, "reason": "Longer than typed"})
    marked = api.post(reverse("api:contact-entered-in-error", args=[cast.contact.pk]), {"reason": "Twice"})
    again = api.patch(url, {"duration_minutes": 80, "reason": "Again"})

    assert refused.status_code == 400
    assert refused.json() == {
        "reason": ["Enter why the contact is being corrected"],
        "duration_minutes": ["Enter the number of minutes, from 1 to 1,440"],
    }
    assert (corrected.status_code, corrected.json()["duration_minutes"]) == (200, 90)
    assert marked.status_code == 200
    assert (marked.json()["entered_in_error"], marked.json()["error_reason"]) == (True, "Twice")
    assert again.json() == {
        "non_field_errors": ["This contact was marked as entered in error, so it cannot be changed"]
    }


def test_the_api_corrects_journey_events(cast, api_as):
    event = f.JourneyEventFactory(homicide=cast.homicide, recorded_by=cast.case_worker)
    api = api_as(cast.team_leader)

    corrected = api.patch(reverse("api:journey-event-detail", args=[event.pk]), {"notes": "Bail", "reason": "Missed"})
    marked = api.post(reverse("api:journey-event-entered-in-error", args=[event.pk]), {"reason": "Wrong homicide"})

    assert (corrected.status_code, corrected.json()["notes"]) == (200, "Bail")
    assert (marked.status_code, marked.json()["entered_in_error"]) == (200, True)
    assert api_as(cast.support_worker).get(reverse("api:journey-event-detail", args=[event.pk])).status_code == 404


# ---- A consent decision entered in error undoes its referral --------------------------------------------------


def _referred_person(cast, days_ago: int = 20):
    person = f.PersonFactory(homicide=cast.homicide, referred_at=None)
    decision = actions.record_consent(
        person=person,
        by=cast.case_worker,
        outcome=ConsentOutcome.REFERRED,
        decided_at=timezone.now() - timedelta(days=days_ago),
    )
    person.refresh_from_db()
    return person, decision


def test_a_referral_entered_in_error_unrefers_the_person_and_a_later_one_takes_over(cast):
    person, first = _referred_person(cast, days_ago=20)
    second = actions.record_consent(
        person=person, by=cast.case_worker, outcome=ConsentOutcome.REFERRED, decided_at=timezone.now() - timedelta(5)
    )
    assert person.referred_at == first.decided_at

    actions.mark_consent_entered_in_error(decision=first, by=cast.case_worker, reason="Wrong person")
    person.refresh_from_db()
    assert person.referred_at == second.decided_at

    actions.mark_consent_entered_in_error(decision=second, by=cast.case_worker, reason="Wrong person too")
    person.refresh_from_db()
    assert person.referred_at is None
    assert _latest_event(person).pgh_context["reason"] == "Wrong person too"


def test_the_first_episode_moves_with_the_referral_and_goes_with_it(cast):
    person, decision = _referred_person(cast, days_ago=20)
    earlier = timezone.now() - timedelta(days=30)

    actions.correct_consent(decision=decision, by=cast.case_worker, reason="Wrong day", decided_at=earlier)
    person.refresh_from_db()
    assert person.referred_at == earlier
    assert list(person.episodes.values_list("opened_at", flat=True)) == [earlier]

    actions.mark_consent_entered_in_error(decision=decision, by=cast.case_worker, reason="Wrong person")
    person.refresh_from_db()
    assert person.referred_at is None
    assert not person.episodes.exists()
    assert not person.is_open


def test_a_reopened_case_keeps_its_first_referral(cast):
    """Once a case has a second episode, a correction that would move the first referral is refused."""
    person, decision = _referred_person(cast, days_ago=20)
    today = timezone.localdate()
    actions.close_case(person=person, by=cast.case_worker, closed_on=today - timedelta(days=5), reason="user_led_exit")
    actions.reopen_case(person=person, by=cast.case_worker, reopened_on=today, reason="The trial was listed again")

    with pytest.raises(ValidationError) as excinfo:
        actions.correct_consent(
            decision=decision, by=cast.case_worker, reason="Wrong day", decided_at=timezone.now() - timedelta(days=30)
        )

    assert "cannot change" in _errors(excinfo)["__all__"][0]
    decision.refresh_from_db()
    person.refresh_from_db()
    assert person.referred_at == decision.decided_at
    assert person.episodes.count() == 2


def test_correcting_a_decline_into_a_referral_refers_the_person(cast):
    person = f.PersonFactory(homicide=cast.homicide, referred_at=None)
    cast.homicide.no_referral_reason = "family_declined"
    cast.homicide.save()
    decline = actions.record_consent(
        person=person,
        by=cast.case_worker,
        outcome=ConsentOutcome.DECLINED,
        decided_at=timezone.now() - timedelta(days=3),
        decline_stage=DeclineStage.BEFORE_REFERRAL,
        review_on=timezone.localdate() + timedelta(days=30),
    )

    actions.correct_consent(decision=decline, by=cast.case_worker, reason="They agreed", outcome="referred")

    person.refresh_from_db()
    decline.refresh_from_db()
    cast.homicide.refresh_from_db()
    assert person.referred_at == decline.decided_at
    assert (decline.decline_stage, decline.review_on) == ("", None)
    assert cast.homicide.no_referral_reason == ""


def test_a_closed_case_keeps_a_referral_before_it_closed(cast):
    person, decision = _referred_person(cast, days_ago=20)
    actions.close_case(person=person, by=cast.case_worker, closed_on=timezone.localdate(), reason="user_led_exit")

    with pytest.raises(ValidationError) as excinfo:
        actions.mark_consent_entered_in_error(decision=decision, by=cast.case_worker, reason="Wrong person")

    assert "must stay referred" in excinfo.value.messages[0]
    decision.refresh_from_db()
    person.refresh_from_db()
    assert (decision.entered_in_error, person.referred_at) == (False, decision.decided_at)


# ---- Nothing entered in error counts --------------------------------------------------------------------------

RECENT = Period(timezone.localdate() - timedelta(days=120), timezone.localdate())


def _columns(cast):
    return tables.region_columns([cast.london])


def test_b9_leaves_out_contacts_entered_in_error(cast):
    def staff_visits() -> int:
        return b9_case_worker_workload([cast.london], RECENT).row("staff_visits").total

    before = staff_visits()
    actions.mark_contact_entered_in_error(contact=cast.contact, by=cast.case_worker, reason="Twice")
    assert staff_visits() == before - 1


def test_b4_leaves_out_assessments_entered_in_error(cast):
    def carried_out() -> int:
        return tables.b4_needs_assessments(_columns(cast), RECENT).row("assessments").values[0]

    before = carried_out()
    actions.mark_assessment_entered_in_error(assessment=cast.assessment, by=cast.case_worker, reason="Twice")
    assert carried_out() == before - 1


def test_b5_leaves_out_direct_support_entered_in_error(cast):
    def direct() -> int:
        return tables.b5_direct_support(_columns(cast), RECENT).row("total").values[0]

    before = direct()
    actions.mark_support_entered_in_error(support=cast.support, by=cast.case_worker, reason="Twice")
    assert direct() == before - 1


def test_b6_leaves_out_commissioned_support_entered_in_error(cast):
    commissioned = SupportType.objects.filter(commissioned=True, is_active=True).first()
    support = actions.record_support(
        person=cast.person,
        by=cast.case_worker,
        support_type=commissioned,
        given_on=timezone.localdate() - timedelta(days=2),
        case_stage="trial",
    )

    def counted() -> int:
        return tables.b6_commissioned_support(_columns(cast), RECENT).row("total").values[0]

    before = counted()
    actions.mark_support_entered_in_error(support=support, by=cast.case_worker, reason="Twice")
    assert counted() == before - 1


def test_m1_does_not_take_a_contact_entered_in_error_as_the_first_contact(cast):
    person, _decision = _referred_person(cast, days_ago=10)
    contact = actions.record_contact(
        person=person,
        by=cast.case_worker,
        kind=ContactKind.CALL_TO_PERSON,
        occurred_at=person.referred_at + timedelta(hours=2),
        duration_minutes=20,
    )

    def contacted() -> int:
        return measures.m1_24_hour_chain(_columns(cast), RECENT).row("contacted").values[0]

    before = contacted()
    actions.mark_contact_entered_in_error(contact=contact, by=cast.case_worker, reason="Another family")
    assert contacted() == before - 1


def test_m2_leaves_out_declines_entered_in_error(cast):
    person = f.PersonFactory(homicide=cast.homicide, referred_at=None)
    decline = actions.record_consent(
        person=person,
        by=cast.case_worker,
        outcome=ConsentOutcome.DECLINED,
        decided_at=timezone.now() - timedelta(days=3),
        decline_stage=DeclineStage.FIRST_CONTACT,
        review_on=timezone.localdate() + timedelta(days=30),
    )

    def declines() -> int:
        return measures.m2_declines(_columns(cast), RECENT).row("declines").values[0]

    before = declines()
    actions.mark_consent_entered_in_error(decision=decline, by=cast.case_worker, reason="Another family")
    assert declines() == before - 1


def test_b1_b2_and_b8_leave_out_a_referral_entered_in_error(cast):
    homicide = f.HomicideFactory(region=cast.london, lead_case_worker=cast.case_worker)
    person = f.PersonFactory(homicide=homicide, referred_at=None)
    decision = actions.record_consent(
        person=person, by=cast.case_worker, outcome=ConsentOutcome.REFERRED, decided_at=timezone.now() - timedelta(3)
    )

    def figures() -> tuple[int, int, int]:
        return (
            b1_notifications_and_referrals([cast.london], RECENT).row("consent_referrals").total,
            tables.b2_people_referred(_columns(cast), RECENT).row("people").values[0],
            tables.b8_caseload(_columns(cast), RECENT).row("consent_referrals").values[0],
        )

    before = figures()
    actions.mark_consent_entered_in_error(decision=decision, by=cast.case_worker, reason="Not this family")
    assert figures() == (before[0] - 1, before[1] - 1, before[2] - 1)


def test_the_caseload_forgets_contacts_and_actions_entered_in_error(cast):
    person, _decision = _referred_person(cast, days_ago=3)
    contact = actions.record_contact(
        person=person,
        by=cast.case_worker,
        kind=ContactKind.VISIT,
        occurred_at=person.referred_at + timedelta(hours=1),
        duration_minutes=60,
    )
    assessment = actions.record_assessment(
        person=person,
        by=cast.case_worker,
        kind="initial",
        case_stage="pre_trial",
        assessed_on=timezone.localdate(),
        actions=[("Arrange a visit", timezone.localdate() + timedelta(days=3))],
    )

    def row():
        return next(p for p in queries.caseload(cast.case_worker) if p.pk == person.pk)

    assert (row().first_contact_due, row().open_actions) == (None, 1)
    actions.mark_contact_entered_in_error(contact=contact, by=cast.case_worker, reason="Another family")
    actions.mark_assessment_entered_in_error(assessment=assessment, by=cast.case_worker, reason="Another family")
    assert (row().first_contact_due, row().open_actions) == (person.referred_at + actions.FIRST_CONTACT_TARGET, 0)
    records = queries.person_records(cast.case_worker, person)
    assert records.actions_due == []


def test_m7_leaves_out_contacts_assessments_and_support_entered_in_error(cast):
    from reporting.stages import m7_support_per_stage

    def figures() -> tuple:
        table = m7_support_per_stage(_columns(cast), RECENT)
        # The cast's records are at the pre-trial stage (assessment, support) and investigation (contact).
        return (
            table.row("investigation_contacts").values[0],
            table.row("pre_trial_assessments").values[0],
            table.row("pre_trial_support").values[0],
        )

    before = figures()
    by = cast.case_worker
    actions.mark_contact_entered_in_error(contact=cast.contact, by=by, reason="Twice")
    actions.mark_assessment_entered_in_error(assessment=cast.assessment, by=by, reason="Twice")
    actions.mark_support_entered_in_error(support=cast.support, by=by, reason="Twice")
    assert figures() == (before[0] - 1, before[1] - 1, before[2] - 1)


def test_the_dashboards_contacts_leave_out_contacts_entered_in_error(cast):
    from reporting.dashboard import staff_contacts

    def visits() -> int:
        return staff_contacts(_columns(cast), RECENT).row("visits").values[0]

    before = visits()
    actions.mark_contact_entered_in_error(contact=cast.contact, by=cast.case_worker, reason="Twice")
    assert visits() == before - 1
