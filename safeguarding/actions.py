"""Risk checks and safeguarding concerns: every change, with its rules.

As in casework, each action first asks `access.policies.authorize`, then validates (every rule lives here), then
writes the change and its history context in one transaction. Pages, the API and the demo call these.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta

import pghistory
from django.db import transaction
from django.utils.translation import gettext as _

from access import policies
from accounts.models import User
from audit.records import length_errors
from casework.actions import _not_before_homicide, _not_in_future, _raise, _require_open  # the same rules, once
from casework.models import AgeGroup, BereavedPerson
from safeguarding.models import (
    ConcernAbout,
    ConcernKind,
    ReferredTo,
    RiskCheck,
    RiskLevel,
    SafeguardingConcern,
)

# A lone-working risk check is reviewed at least once a year; a review date further off is a typing slip.
LONGEST_REVIEW = timedelta(days=366)
# Risk levels whose check must say what was agreed to keep the visitor safe.
MEASURES_REQUIRED = {RiskLevel.MEDIUM, RiskLevel.HIGH}
# What a concern's referral and outcome are made of (`update_safeguarding_concern` takes any of them).
PROGRESS_FIELDS = ("referred_to", "referred_to_other", "referred_on", "outcome", "outcome_on")


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def current_risk_check(person: BereavedPerson) -> RiskCheck | None:
    """The person's current check: the newest by its date (then by when it was written)."""
    return person.risk_checks.order_by("-checked_on", "-id").first()


@transaction.atomic
def record_risk_check(
    *,
    person: BereavedPerson,
    by: User,
    suspect_contact: str,
    risk_level: str,
    checked_on: date,
    review_by: date,
    address_risks: str = "",
    other_risks: str = "",
    safety_measures: str = "",
) -> RiskCheck:
    """A lone-working risk check for visiting the person. It supersedes the current check, which is kept in the
    history, so it may not be dated before it. A medium or high risk needs the safety measures agreed."""
    policies.authorize("record_risk_check", by, person)
    _require_open(person)
    errors = {
        **_not_in_future(checked_on, "checked_on", _("The date of the check")),
        **_not_before_homicide(checked_on, person.homicide, "checked_on", _("The date of the check")),
    }
    if risk_level in MEASURES_REQUIRED and not safety_measures.strip():
        errors["safety_measures"] = _("Enter the safety measures agreed for a medium or high risk")
    if checked_on is not None and review_by is not None:
        if review_by <= checked_on:
            errors["review_by"] = _("The review date must be after the date of the check")
        elif review_by > checked_on + LONGEST_REVIEW:
            errors["review_by"] = _("The review date must be within a year of the check")
    latest = current_risk_check(person)
    if latest is not None and checked_on is not None and checked_on < latest.checked_on and "checked_on" not in errors:
        errors["checked_on"] = _("The date of the check must be on or after the last check (%(date)s)") % {
            "date": _day(latest.checked_on)
        }
    _raise(errors)
    check = RiskCheck(
        person=person,
        suspect_contact=suspect_contact,
        risk_level=risk_level,
        checked_on=checked_on,
        review_by=review_by,
        address_risks=address_risks.strip(),
        other_risks=other_risks.strip(),
        safety_measures=safety_measures.strip(),
        recorded_by=by,
    )
    _raise(length_errors(check))
    check.full_clean(exclude=["person", "recorded_by"])
    with pghistory.context(user=by.pk, action="record_risk_check"):
        check.save()
    return check


def _progress_errors(concern: SafeguardingConcern) -> dict:
    """A referral names the agency and its date, on or after the concern; an outcome its date, on or after the
    referral (or the concern, when it was not referred); nothing in the future."""
    errors: dict = {}
    if concern.referred_to and concern.referred_on is None:
        errors["referred_on"] = _("Enter the date the concern was referred")
    if concern.referred_on is not None and not concern.referred_to:
        errors["referred_to"] = _("Select who the concern was referred to")
    if concern.referred_to == ReferredTo.OTHER and not concern.referred_to_other.strip():
        errors["referred_to_other"] = _("Enter the agency the concern was referred to")
    if concern.referred_on is not None:
        errors.update(_not_in_future(concern.referred_on, "referred_on", _("The date referred")))
        if concern.raised_on is not None and concern.referred_on < concern.raised_on:
            errors["referred_on"] = _(
                "The date referred must be on or after the date the concern was raised (%(date)s)"
            ) % {"date": _day(concern.raised_on)}
    if concern.outcome.strip() and concern.outcome_on is None:
        errors["outcome_on"] = _("Enter the date of the outcome")
    if concern.outcome_on is not None and not concern.outcome.strip():
        errors["outcome"] = _("Enter the outcome")
    if concern.outcome_on is not None:
        errors.update(_not_in_future(concern.outcome_on, "outcome_on", _("The date of the outcome")))
        if concern.referred_on is not None and concern.outcome_on < concern.referred_on:
            errors["outcome_on"] = _("The date of the outcome must be on or after the date referred (%(date)s)") % {
                "date": _day(concern.referred_on)
            }
        elif concern.raised_on is not None and concern.outcome_on < concern.raised_on:
            errors["outcome_on"] = _(
                "The date of the outcome must be on or after the date the concern was raised (%(date)s)"
            ) % {"date": _day(concern.raised_on)}
    return errors


def _tidy_progress(concern: SafeguardingConcern) -> None:
    if concern.referred_to != ReferredTo.OTHER:
        concern.referred_to_other = ""
    concern.referred_to_other = concern.referred_to_other.strip()
    concern.outcome = concern.outcome.strip()


@transaction.atomic
def raise_safeguarding_concern(
    *,
    person: BereavedPerson,
    by: User,
    about: str,
    description: str,
    raised_on: date,
    child: BereavedPerson | None = None,
    child_name: str = "",
    referred_to: str = "",
    referred_to_other: str = "",
    referred_on: date | None = None,
    outcome: str = "",
    outcome_on: date | None = None,
) -> SafeguardingConcern:
    """A concern for the safety of the person, or of a child in their family (one on the records, chosen, or one
    named). It is child safeguarding when about a child (the person included, if a child), adult otherwise. Its
    referral and outcome may be recorded at once or later (`update_safeguarding_concern`)."""
    policies.authorize("raise_safeguarding_concern", by, person)
    _require_open(person)
    errors = {
        **_not_in_future(raised_on, "raised_on", _("The date raised")),
        **_not_before_homicide(raised_on, person.homicide, "raised_on", _("The date raised")),
    }
    if not description.strip():
        errors["description"] = _("Enter what the concern is")
    if about == ConcernAbout.CHILD:
        if child is not None:
            if child.homicide_id != person.homicide_id or child.age_group != AgeGroup.CHILD or child.pk == person.pk:
                errors["child"] = _("Choose a child in this person's family")
            else:
                child_name = child.full_name
        elif not child_name.strip():
            errors["child_name"] = _("Choose the child, or enter the child's name")
    else:
        child, child_name = None, ""
    about_a_child = about == ConcernAbout.CHILD or person.age_group == AgeGroup.CHILD
    concern = SafeguardingConcern(
        person=person,
        kind=ConcernKind.CHILD if about_a_child else ConcernKind.ADULT,
        about=about,
        child=child,
        child_name=child_name.strip(),
        description=description.strip(),
        raised_on=raised_on,
        referred_to=referred_to,
        referred_to_other=referred_to_other,
        referred_on=referred_on,
        outcome=outcome,
        outcome_on=outcome_on,
        recorded_by=by,
    )
    _tidy_progress(concern)
    errors = {**_progress_errors(concern), **errors}
    _raise(errors)
    _raise(length_errors(concern))
    concern.full_clean(exclude=["person", "child", "recorded_by"])
    with pghistory.context(user=by.pk, action="raise_safeguarding_concern"):
        concern.save()
    return concern


@transaction.atomic
def update_safeguarding_concern(*, concern: SafeguardingConcern, by: User, **fields) -> SafeguardingConcern:
    """Record (or correct) where a concern was referred and when, and its outcome. The fields not given keep their
    values; the history keeps the old ones. Allowed after the case closes: an outcome may come later."""
    policies.authorize("update_safeguarding_concern", by, concern)
    unknown = set(fields) - set(PROGRESS_FIELDS)
    if unknown:
        raise TypeError(f"update_safeguarding_concern() got unexpected fields {sorted(unknown)}")
    # Checked on a copy, so that a refused change leaves the concern as it was.
    draft = copy.copy(concern)
    for name, value in fields.items():
        setattr(draft, name, value if value is not None or name.endswith("_on") else "")
    _tidy_progress(draft)
    _raise(_progress_errors(draft))
    _raise(length_errors(draft))
    draft.full_clean(exclude=["person", "child", "recorded_by"])
    for name in PROGRESS_FIELDS:
        setattr(concern, name, getattr(draft, name))
    with pghistory.context(user=by.pk, action="update_safeguarding_concern"):
        concern.save(update_fields=list(PROGRESS_FIELDS))
    return concern
