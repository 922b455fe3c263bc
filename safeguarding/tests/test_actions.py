"""The rules of risk checks, safeguarding concerns and children's parents or guardians, proved on the actions (the
pages and the API call them: see test_pages.py and test_api.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pghistory.models import Context

from casework import actions as casework
from casework.models import AgeGroup
from safeguarding import actions
from safeguarding.models import ConcernKind, RiskCheck, SafeguardingConcern
from safeguarding.tests.helpers import child_of
from tests import factories as f

TODAY = timezone.localdate


def _check(cast, **overrides) -> RiskCheck:
    fields = {
        "person": cast.person,
        "by": cast.case_worker,
        "suspect_contact": "no",
        "risk_level": "low",
        "checked_on": TODAY(),
        "review_by": TODAY() + timedelta(days=90),
        **overrides,
    }
    return actions.record_risk_check(**fields)


def _refused(call) -> dict:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


# ---- Risk checks ------------------------------------------------------------------------------------------


def test_a_new_check_becomes_current_and_the_last_is_kept(cast):
    before = RiskCheck.objects.filter(person=cast.person).count()

    check = _check(cast, risk_level="high", safety_measures="Two staff, office check-in")

    assert actions.current_risk_check(cast.person) == check
    assert RiskCheck.objects.filter(person=cast.person).count() == before + 1
    assert RiskCheck.objects.filter(pk=cast.risk_check.pk).exists()


def test_the_check_is_recorded_with_who_made_it(cast):
    check = _check(cast)

    metadata = Context.objects.get(pk=check.events.get().pgh_context_id).metadata
    assert (metadata["user"], metadata["action"]) == (cast.case_worker.pk, "record_risk_check")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"checked_on": TODAY() + timedelta(days=1)}, "checked_on", "The date of the check must not be in the future"),
        ({"review_by": TODAY()}, "review_by", "The review date must be after the date of the check"),
        (
            {"review_by": TODAY() + timedelta(days=367)},
            "review_by",
            "The review date must be within a year of the check",
        ),
        ({"risk_level": "medium"}, "safety_measures", "Enter the safety measures agreed for a medium or high risk"),
        (
            {"risk_level": "high", "safety_measures": "  "},
            "safety_measures",
            "Enter the safety measures agreed for a medium or high risk",
        ),
    ],
)
def test_a_check_is_refused_with_a_message_on_the_field(cast, overrides, field, message):
    assert _refused(lambda: _check(cast, **overrides))[field] == [message]


def test_a_check_may_not_predate_the_homicide(cast):
    died = cast.homicide.date_of_death

    errors = _refused(lambda: _check(cast, checked_on=died - timedelta(days=1)))

    assert errors["checked_on"] == [f"The date of the check must be on or after the date of death ({died:%d/%m/%Y})"]


def test_a_check_may_not_be_dated_before_the_current_one_it_would_replace(cast):
    current = cast.risk_check.checked_on

    errors = _refused(lambda: _check(cast, checked_on=current - timedelta(days=1)))

    assert errors == {"checked_on": [f"The date of the check must be on or after the last check ({current:%d/%m/%Y})"]}
    assert _check(cast, checked_on=current).checked_on == current  # the same day is a later check that day


def test_no_check_is_recorded_on_a_closed_case(cast):
    casework.close_case(
        person=cast.person, by=cast.case_worker, closed_on=TODAY(), reason="user_led_exit", open_actions="cancel"
    )

    with pytest.raises(ValidationError, match="case is closed"):
        _check(cast)


# ---- Safeguarding concerns --------------------------------------------------------------------------------


def _concern(cast, **overrides) -> SafeguardingConcern:
    fields = {
        "person": cast.person,
        "by": cast.case_worker,
        "about": "person",
        "description": "Threatened by a neighbour",
        "raised_on": TODAY() - timedelta(days=5),
        **overrides,
    }
    return actions.raise_safeguarding_concern(**fields)


def test_a_concern_about_an_adult_is_adult_safeguarding_and_about_a_child_child_safeguarding(cast):
    child = child_of(cast.person)

    adult = _concern(cast)
    named = _concern(cast, about="child", child_name="  Robin Madeup ")
    on_record = _concern(cast, about="child", child=child)
    the_child_themself = _concern(cast, person=child)

    assert (adult.kind, adult.child_name) == (ConcernKind.ADULT, "")
    assert (named.kind, named.child_name, named.child) == (ConcernKind.CHILD, "Robin Madeup", None)
    assert (on_record.kind, on_record.child, on_record.child_name) == (ConcernKind.CHILD, child, child.full_name)
    assert the_child_themself.kind == ConcernKind.CHILD


def test_a_concern_about_the_person_keeps_no_child(cast):
    concern = _concern(cast, about="person", child=child_of(cast.person), child_name="Someone")

    assert (concern.child, concern.child_name) == (None, "")


def test_a_concern_about_a_child_names_a_child_of_this_family(cast):
    adult = f.PersonFactory(homicide=cast.homicide)
    elsewhere = child_of(cast.other_person)

    assert _refused(lambda: _concern(cast, about="child"))["child_name"] == [
        "Choose the child, or enter the child's name"
    ]
    for wrong in (adult, elsewhere, cast.person):
        assert _refused(lambda wrong=wrong: _concern(cast, about="child", child=wrong))["child"] == [
            "Choose a child in this person's family"
        ]


def test_a_concern_needs_what_it_is_and_a_past_date_not_before_the_homicide(cast):
    died = cast.homicide.date_of_death

    errors = _refused(lambda: _concern(cast, description="  ", raised_on=TODAY() + timedelta(days=1)))
    early = _refused(lambda: _concern(cast, raised_on=died - timedelta(days=1)))

    assert errors == {
        "description": ["Enter what the concern is"],
        "raised_on": ["The date raised must not be in the future"],
    }
    assert early == {"raised_on": [f"The date raised must be on or after the date of death ({died:%d/%m/%Y})"]}


def test_the_referral_is_not_before_the_concern_and_the_outcome_not_before_the_referral(cast):
    raised = TODAY() - timedelta(days=5)

    early_referral = _refused(
        lambda: _concern(cast, raised_on=raised, referred_to="police", referred_on=raised - timedelta(days=1))
    )
    early_outcome = _refused(
        lambda: _concern(
            cast,
            raised_on=raised,
            referred_to="police",
            referred_on=raised + timedelta(days=2),
            outcome="No further action",
            outcome_on=raised + timedelta(days=1),
        )
    )

    assert early_referral == {
        "referred_on": [f"The date referred must be on or after the date the concern was raised ({raised:%d/%m/%Y})"]
    }
    referred = raised + timedelta(days=2)
    assert early_outcome == {
        "outcome_on": [f"The date of the outcome must be on or after the date referred ({referred:%d/%m/%Y})"]
    }


def test_an_outcome_without_a_referral_is_not_before_the_concern(cast):
    raised = TODAY() - timedelta(days=5)

    errors = _refused(
        lambda: _concern(cast, raised_on=raised, outcome="Resolved", outcome_on=raised - timedelta(days=1))
    )

    assert errors == {
        "outcome_on": [
            f"The date of the outcome must be on or after the date the concern was raised ({raised:%d/%m/%Y})"
        ]
    }


def test_referral_and_outcome_dates_are_not_in_the_future_and_come_with_what_they_date(cast):
    tomorrow = TODAY() + timedelta(days=1)
    concern = cast.concern

    future = _refused(
        lambda: actions.update_safeguarding_concern(
            concern=concern,
            by=cast.case_worker,
            referred_to="police",
            referred_on=tomorrow,
            outcome="x",
            outcome_on=tomorrow,
        )
    )
    halves = _refused(
        lambda: actions.update_safeguarding_concern(
            concern=concern, by=cast.case_worker, referred_to="other", outcome_on=TODAY()
        )
    )

    assert future == {
        "referred_on": ["The date referred must not be in the future"],
        "outcome_on": ["The date of the outcome must not be in the future"],
    }
    assert halves == {
        "referred_on": ["Enter the date the concern was referred"],
        "referred_to_other": ["Enter the agency the concern was referred to"],
        "outcome": ["Enter the outcome"],
    }


def test_the_referral_and_outcome_are_recorded_later_even_after_the_case_closes(cast):
    concern = cast.concern
    casework.close_case(
        person=cast.person, by=cast.case_worker, closed_on=TODAY(), reason="user_led_exit", open_actions="cancel"
    )

    actions.update_safeguarding_concern(
        concern=concern,
        by=cast.team_leader,
        referred_to="other",
        referred_to_other=" Local charity ",
        referred_on=TODAY(),
    )
    actions.update_safeguarding_concern(
        concern=concern, by=cast.team_leader, outcome="Support arranged", outcome_on=TODAY()
    )

    concern.refresh_from_db()
    assert (concern.referred_to_label, concern.referred_on) == ("Local charity", TODAY())
    assert (concern.outcome, concern.outcome_on) == ("Support arranged", TODAY())
    assert concern.events.count() == 3  # raised, referred, outcome: the history keeps each step


def test_only_referral_and_outcome_are_changed_after_a_concern_is_raised(cast):
    with pytest.raises(TypeError):
        actions.update_safeguarding_concern(concern=cast.concern, by=cast.case_worker, description="Rewritten")


# ---- Children and their parent or guardian ------------------------------------------------------------------


def _years_ago(years: int, days: int = 0) -> date:
    today = TODAY()
    try:
        born = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        born = today.replace(year=today.year - years, day=28)
    return born - timedelta(days=days)


def test_the_age_group_follows_the_date_of_birth(cast):
    person = cast.person

    as_child = _refused(
        lambda: casework.update_person(
            person=person, by=cast.case_worker, age_group="child", date_of_birth=_years_ago(18)
        )
    )
    as_adult = _refused(
        lambda: casework.update_person(
            person=person, by=cast.case_worker, age_group="adult", date_of_birth=_years_ago(18, days=-1)
        )
    )

    assert as_child == {
        "age_group": ["The date of birth makes this person 18 or over: select adult, or correct the date"]
    }
    assert as_adult == {
        "age_group": ["The date of birth makes this person under 18: select child, or correct the date"]
    }
    # On their 18th birthday a person is an adult; the day before, a child.
    casework.update_person(person=person, by=cast.case_worker, age_group="adult", date_of_birth=_years_ago(18))
    casework.update_person(person=person, by=cast.case_worker, age_group="child", date_of_birth=_years_ago(18, -1))


def test_a_child_is_linked_to_an_adult_of_the_same_family(cast):
    child = child_of(cast.person)
    sibling = child_of(cast.person, first_name="Sib")
    other_family = f.PersonFactory(homicide=cast.other_homicide)

    def link(person, guardian, **extra):
        return _refused(
            lambda: casework.update_person(person=person, by=cast.case_worker, parent_or_guardian=guardian, **extra)
        )

    assert link(child, other_family) == {
        "parent_or_guardian": ["Choose a parent or guardian from this person's family"]
    }
    assert link(child, child) == {"parent_or_guardian": ["A person cannot be their own parent or guardian"]}
    assert link(child, sibling) == {"parent_or_guardian": ["Choose an adult as the parent or guardian"]}
    assert link(cast.person, f.PersonFactory(homicide=cast.homicide)) == {
        "parent_or_guardian": ["Only a child can have a parent or guardian recorded"]
    }


def test_a_new_child_is_added_with_their_guardian_and_a_guardian_stays_an_adult(cast):
    child = casework.add_person(
        homicide=cast.homicide,
        by=cast.support_worker,
        first_name="Ina",
        last_name="Vented",
        age_group=AgeGroup.CHILD,
        relationship_to_victim="grandchild",
        parent_or_guardian=cast.person,
    )

    assert list(cast.person.children.all()) == [child]
    assert _refused(lambda: casework.update_person(person=cast.person, by=cast.case_worker, age_group="child")) == {
        "age_group": ["This person is the parent or guardian of a child here, so must be an adult"]
    }
