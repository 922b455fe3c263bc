"""Recording casework through the pages: all or nothing, only the fields the role may set, errors on the form."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from casework.models import (
    AgreedAction,
    BereavedPerson,
    ClosureReason,
    ConsentDecision,
    Contact,
    NeedsAssessment,
    NeedType,
    SupportGiven,
    SupportType,
    VolunteerAssignment,
)
from tests import factories as f


def _date(name: str, value: date) -> dict:
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


def _moment(name: str, value) -> dict:
    local = timezone.localtime(value)
    return {**_date(name, local.date()), f"{name}_time": local.strftime("%H:%M")}


PERSON = {
    "first_name": "Invented",
    "last_name": "Relative",
    "age_group": "adult",
    "relationship_to_victim": "sibling",
    "preferred_language": "English",
    "phone": "07700 900123",
}


# ---- People ----------------------------------------------------------------------------------------------


def test_adding_a_referred_person_opens_their_case_and_ignores_posted_extras(cast, signed_in):
    url = reverse("casework:person-new", args=[cast.homicide.pk])
    response = signed_in(cast.case_worker).post(
        url,
        {
            **PERSON,
            "outcome": "referred",
            "homicide": cast.other_homicide.pk,
            "closed_on_day": 1,
            "closed_on_month": 1,
            "closed_on_year": 2020,
            "referred_at": "2020-01-01",
        },
    )
    person = BereavedPerson.objects.get(first_name="Invented")
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:person-detail", args=[person.pk])
    assert person.homicide == cast.homicide
    assert person.closed_on is None
    assert person.referred_at is not None and person.referred_at.year == timezone.now().year
    assert person.consent_decisions.get().outcome == "referred"


def test_adding_a_person_who_declined_schedules_a_review(cast, signed_in):
    review_on = timezone.localdate() + timedelta(days=30)
    signed_in(cast.support_worker).post(
        reverse("casework:person-new", args=[cast.homicide.pk]),
        {**PERSON, "outcome": "declined", "decline_stage": "before_referral", **_date("review_on", review_on)},
    )
    person = BereavedPerson.objects.get(first_name="Invented")
    decision = person.consent_decisions.get()
    assert (decision.outcome, decision.decline_stage, decision.review_on) == ("declined", "before_referral", review_on)
    assert person.referred_at is None


def test_a_decline_needs_its_stage_and_nothing_is_saved_without_it(cast, signed_in):
    response = signed_in(cast.case_worker).post(
        reverse("casework:person-new", args=[cast.homicide.pk]), {**PERSON, "outcome": "declined"}
    )
    assert response.status_code == 200
    assert "Select when the person declined" in response.content.decode()
    assert 'value="Invented"' in response.content.decode()  # what was typed is kept
    assert not BereavedPerson.objects.filter(first_name="Invented").exists()


def test_a_consent_refused_by_the_action_leaves_no_person_behind(cast, signed_in):
    before_death = timezone.make_aware(
        timezone.datetime.combine(cast.homicide.date_of_death - timedelta(days=2), timezone.datetime.min.time())
    )
    response = signed_in(cast.case_worker).post(
        reverse("casework:person-new", args=[cast.homicide.pk]),
        {**PERSON, "outcome": "referred", **_moment("decided_at", before_death)},
    )
    assert response.status_code == 200
    assert "must be on or after the date of death" in response.content.decode()
    assert not BereavedPerson.objects.filter(first_name="Invented").exists()


def test_a_date_of_birth_in_the_future_is_refused(cast, signed_in):
    response = signed_in(cast.case_worker).post(
        reverse("casework:person-new", args=[cast.homicide.pk]),
        {**PERSON, "outcome": "not_asked", **_date("date_of_birth", timezone.localdate() + timedelta(days=1))},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date_of_birth"] == ["Date of birth must not be in the future"]
    assert not BereavedPerson.objects.filter(first_name="Invented").exists()


def test_not_asked_yet_adds_the_person_without_a_decision(cast, signed_in):
    signed_in(cast.case_worker).post(
        reverse("casework:person-new", args=[cast.homicide.pk]), {**PERSON, "outcome": "not_asked"}
    )
    assert not BereavedPerson.objects.get(first_name="Invented").consent_decisions.exists()


def test_editing_changes_only_the_persons_own_details(cast, signed_in):
    response = signed_in(cast.case_worker).post(
        reverse("casework:person-edit", args=[cast.person.pk]),
        {**PERSON, "needs_interpreter": "on", "closure_reason": "other", "homicide": cast.other_homicide.pk},
    )
    assert response.status_code == 302
    cast.person.refresh_from_db()
    assert (cast.person.first_name, cast.person.needs_interpreter) == ("Invented", True)
    assert cast.person.homicide == cast.homicide
    assert cast.person.closure_reason == ""


def test_consent_can_be_declined_later_with_a_review_date(cast, signed_in):
    review_on = timezone.localdate() + timedelta(days=60)
    response = signed_in(cast.case_worker).post(
        reverse("casework:consent-new", args=[cast.person.pk]),
        {"outcome": "declined", "decline_stage": "later", **_date("review_on", review_on), "recorded_by": 1},
    )
    assert response.status_code == 302
    decision = ConsentDecision.objects.filter(person=cast.person).first()
    assert (decision.outcome, decision.review_on, decision.recorded_by) == ("declined", review_on, cast.case_worker)


# ---- Contacts --------------------------------------------------------------------------------------------


def test_volunteer_records_a_contact_counted_as_a_volunteer_contact(cast, signed_in):
    when = timezone.now() - timedelta(hours=2)
    response = signed_in(cast.volunteer).post(
        reverse("casework:contact-new", args=[cast.person.pk]),
        {
            "kind": "visit",
            **_moment("occurred_at", when),
            "duration_minutes": "45",
            "notes": "Invented visit",
            "by_volunteer": "",
            "made_by": cast.case_worker.pk,
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(notes="Invented visit")
    assert contact.by_volunteer is True
    assert contact.made_by == cast.volunteer
    assert contact.duration_minutes == 45


def test_contact_before_the_date_of_death_is_refused_on_the_field(cast, signed_in):
    before = timezone.now() - timedelta(days=90)  # the homicide was 60 days ago
    count = Contact.objects.count()
    response = signed_in(cast.case_worker).post(
        reverse("casework:contact-new", args=[cast.person.pk]),
        {"kind": "call_to_person", **_moment("occurred_at", before), "duration_minutes": "10"},
    )
    assert response.status_code == 200
    assert "must be on or after the date of death" in response.context["form"].errors["occurred_at"][0]
    assert 'href="#id_occurred_at_day"' in response.content.decode()
    assert Contact.objects.count() == count


def test_contact_in_the_future_is_refused_on_the_field(cast, signed_in):
    later = timezone.now() + timedelta(days=2)
    count = Contact.objects.count()
    response = signed_in(cast.case_worker).post(
        reverse("casework:contact-new", args=[cast.person.pk]),
        {"kind": "call_on_behalf", **_moment("occurred_at", later), "duration_minutes": "10"},
    )
    assert response.context["form"].errors["occurred_at"] == ["The date of contact must not be in the future"]
    assert Contact.objects.count() == count


# ---- Assessments and actions -----------------------------------------------------------------------------


def test_assessment_with_needs_is_positive_and_blank_action_rows_are_ignored(cast, signed_in):
    needs = list(NeedType.objects.filter(is_active=True)[:2])
    today = timezone.localdate()
    client = signed_in(cast.case_worker)
    response = client.post(
        reverse("casework:assessment-new", args=[cast.person.pk]),
        {
            "kind": "ongoing",
            "case_stage": "trial",
            **_date("assessed_on", today),
            "needs": [n.pk for n in needs],
            "action_1": "Arrange counselling",
            **_date("action_1_review_on", today + timedelta(days=14)),
            "action_2": "",
            "action_3": "  ",
        },
    )
    assert response.status_code == 302
    assessment = NeedsAssessment.objects.filter(person=cast.person).order_by("-id").first()
    assert set(assessment.needs.all()) == set(needs)
    assert list(assessment.actions.values_list("description", flat=True)) == ["Arrange counselling"]
    assert "Positive: needs found" in client.get(response["Location"]).content.decode()


def test_an_agreed_action_without_a_review_date_is_an_error(cast, signed_in):
    count = NeedsAssessment.objects.count()
    response = signed_in(cast.case_worker).post(
        reverse("casework:assessment-new", args=[cast.person.pk]),
        {
            "kind": "initial",
            "case_stage": "pre_trial",
            **_date("assessed_on", timezone.localdate()),
            "action_2": "Phone the Witness Service",
        },
    )
    assert response.status_code == 200
    assert "action_2_review_on" in response.context["form"].errors
    assert NeedsAssessment.objects.count() == count


def test_completing_an_agreed_action_with_htmx_returns_the_row(cast, signed_in):
    response = signed_in(cast.case_worker).post(
        reverse("casework:action-complete", args=[cast.action.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<tr class="govuk-table__row" id="action-{cast.action.pk}"')
    assert "Completed" in html
    assert AgreedAction.objects.get(pk=cast.action.pk).completed_on == timezone.localdate()


def test_completing_an_agreed_action_without_htmx_redirects_to_the_person(cast, signed_in):
    response = signed_in(cast.team_leader).post(reverse("casework:action-complete", args=[cast.action.pk]))
    assert response["Location"] == reverse("casework:person-detail", args=[cast.person.pk])
    assert (
        signed_in(cast.team_leader).get(reverse("casework:action-complete", args=[cast.action.pk])).status_code == 405
    )


# ---- Support, closure, volunteers ------------------------------------------------------------------------


def test_support_is_recorded_and_may_follow_one_of_the_persons_assessments(cast, signed_in):
    counselling = SupportType.objects.get(code="counselling")
    client = signed_in(cast.case_worker)
    page = client.get(reverse("casework:support-new", args=[cast.person.pk])).content.decode()
    assert "Counselling (commissioned)" in page
    assert "Emotional support (direct)" in page
    data = {
        "support_type": counselling.pk,
        **_date("given_on", timezone.localdate()),
        "case_stage": "trial",
        "assessment": cast.other_assessment.pk,
    }
    refused = client.post(reverse("casework:support-new", args=[cast.person.pk]), data)
    assert "assessment" in refused.context["form"].errors
    response = client.post(
        reverse("casework:support-new", args=[cast.person.pk]), {**data, "assessment": cast.assessment.pk}
    )
    assert response.status_code == 302
    support = SupportGiven.objects.get(person=cast.person, support_type=counselling)
    assert (support.assessment, support.recorded_by) == (cast.assessment, cast.case_worker)


def test_closing_a_case_sets_the_length_of_contact(cast, signed_in):
    client = signed_in(cast.case_worker)
    answers = {
        **_date("closed_on", timezone.localdate()),
        "reason": ClosureReason.PRACTICAL_NEEDS_MET,
        "open_actions": "complete",
    }
    check = client.post(reverse("casework:case-close", args=[cast.person.pk]), answers)
    assert check.status_code == 200
    assert "55 days, from" in check.content.decode()
    cast.person.refresh_from_db()
    assert cast.person.closed_on is None  # nothing is closed before the worker confirms
    response = client.post(reverse("casework:case-close", args=[cast.person.pk]), {**answers, "confirm": "1"})
    assert response.status_code == 302
    cast.person.refresh_from_db()
    assert cast.person.closed_on == timezone.localdate()
    assert cast.person.episodes.get().length_days() == 55


def test_closing_a_domestic_homicide_case_before_its_review_is_refused(cast, signed_in):
    cast.homicide.is_domestic = True
    cast.homicide.save()
    response = signed_in(cast.case_worker).post(
        reverse("casework:case-close", args=[cast.person.pk]),
        {**_date("closed_on", timezone.localdate()), "reason": ClosureReason.USER_LED_EXIT, "open_actions": "cancel"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    summary = html[html.index("govuk-error-summary") :]
    assert (
        "The Domestic Homicide Review is still open: the partnership has not yet decided whether to hold one" in summary
    )
    cast.person.refresh_from_db()
    assert cast.person.closed_on is None


def test_a_volunteer_from_the_homicides_region_is_given_a_task(cast, signed_in):
    outsider = f.UserFactory(role="volunteer", region=cast.south_east)
    client = signed_in(cast.case_worker)
    url = reverse("casework:volunteer-assign", args=[cast.person.pk])
    refused = client.post(url, {"volunteer": outsider.pk, "task": "Visit"})
    assert "volunteer" in refused.context["form"].errors
    given = timezone.localdate() - timedelta(days=2)
    day = {"assigned_on_day": given.day, "assigned_on_month": given.month, "assigned_on_year": given.year}
    response = client.post(url, {"volunteer": cast.other_volunteer.pk, "task": "Help with the CICA form", **day})
    assert response.status_code == 302
    task = VolunteerAssignment.objects.get(volunteer=cast.other_volunteer)
    assert (task.person, task.assigned_by, task.assigned_on, task.phone_shared) == (
        cast.person,
        cast.case_worker,
        given,
        False,
    )
    assert (
        signed_in(cast.other_volunteer).get(reverse("casework:person-detail", args=[cast.person.pk])).status_code == 200
    )
