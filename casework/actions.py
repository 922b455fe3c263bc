"""Casework: people, consent, contacts, assessments, support and closure.

Each action first asks `access.policies.authorize` whether the user may take it (refusing with `NotAllowed`), then
validates, and writes the change and its history context in one transaction. Pages, the API and the demo seeder
call these, so a rule (a contact cannot predate the homicide, say) holds everywhere. The `_`-prefixed functions do
the work without the check, for another action that has made its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access import policies
from accounts.models import Role, User
from audit.records import correction_errors, length_errors, mark_in_error
from casework.models import (
    CLOSING_REASONS,
    SHORT_NOTES_MAX_LENGTH,
    AgeGroup,
    AgreedAction,
    AssessmentKind,
    BereavedPerson,
    CaseEpisode,
    CaseStage,
    ClosureReason,
    ConsentDecision,
    ConsentOutcome,
    Contact,
    ContactKind,
    Cover,
    CoverReason,
    DeclineStage,
    ExitPlan,
    NeedsAssessment,
    NeedType,
    SupportGiven,
    SupportType,
    VolunteerAssignment,
)
from intake import actions as intake
from intake.models import Homicide, Notification
from reviews.models import open_review_reason, review_name, review_of

FIRST_CONTACT_TARGET = timedelta(hours=24)
MAX_CONTACT_MINUTES = 24 * 60
# Agreed actions are completed within the life of a case; a completion date older than this is a typing slip.
OLDEST_COMPLETION = timedelta(days=5 * 365)
# Exit is planned at about 18 months to two years; a plan further ahead than this is a typing slip.
LATEST_PLANNED_EXIT = timedelta(days=5 * 365)


def _not_before_homicide(value: date | datetime | None, homicide: Homicide, field: str, label: str) -> dict:
    if value is None:
        return {}
    day = timezone.localdate(value) if isinstance(value, datetime) else value
    if day < homicide.date_of_death:
        return {
            field: _("%(label)s must be on or after the date of death (%(date)s)")
            % {"label": label, "date": homicide.date_of_death.strftime("%d/%m/%Y")}
        }
    return {}


def _not_in_future(value: date | datetime | None, field: str, label: str) -> dict:
    if value is None:
        return {}
    if isinstance(value, datetime):
        future = value > timezone.now() + timedelta(minutes=5)
    else:
        future = value > timezone.localdate()
    return {field: _("%(label)s must not be in the future") % {"label": label}} if future else {}


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _require_open(person: BereavedPerson) -> None:
    """Casework is recorded only on an open case: referred with consent, not closed, not declined since."""
    if person.declined:
        raise ValidationError(
            _("This person declined the service. Record their consent when they accept it, to open their case again.")
        )
    if person.referred_at is None:
        raise ValidationError(_("This person has not been referred with consent. Record their consent first."))
    if person.closed_on is not None:
        raise ValidationError(_("This person's case is closed. To record more work, reopen the case first."))


def current_episode(person: BereavedPerson) -> CaseEpisode | None:
    """The person's open episode of support, if their case is open."""
    return person.episodes.filter(closed_on__isnull=True).first()


def _last_closed_on(person: BereavedPerson) -> date | None:
    return (
        person.episodes.filter(closed_on__isnull=False)
        .order_by("-closed_on")
        .values_list("closed_on", flat=True)
        .first()
    )


def _open_episode(person: BereavedPerson, *, opened_at: datetime, reopened_reason: str = "") -> CaseEpisode:
    """Start a new episode and make it the person's current one (inside an action's history context)."""
    episode = CaseEpisode.objects.create(person=person, opened_at=opened_at, reopened_reason=reopened_reason)
    fields = ["closed_on", "closure_reason", "closure_notes"]
    person.closed_on, person.closure_reason, person.closure_notes = None, "", ""
    if person.referred_at is None:
        person.referred_at = opened_at
        fields.append("referred_at")
    person.save(update_fields=fields)
    return episode


def _end_episode(
    person: BereavedPerson, episode: CaseEpisode, *, closed_on: date, reason: str, notes: str = "", open_actions: str
) -> None:
    """Close the episode and the person's case: end the volunteer tasks (as `end_volunteer_task` does, on the
    closing day or the day the task was given if later) and complete or cancel the agreed actions still open."""
    episode.closed_on, episode.closure_reason, episode.closure_notes = closed_on, reason, notes
    episode.save(update_fields=["closed_on", "closure_reason", "closure_notes"])
    person.closed_on, person.closure_reason, person.closure_notes = closed_on, reason, notes
    person.save(update_fields=["closed_on", "closure_reason", "closure_notes"])
    for task in person.volunteer_assignments.filter(ended_on__isnull=True):
        _end_task(task, closed_on)
    still_open = open_agreed_actions(person)
    if open_actions == COMPLETE_ACTIONS:
        still_open.update(completed_on=closed_on)
    elif open_actions == CANCEL_ACTIONS:
        still_open.update(cancelled_on=closed_on)


def open_agreed_actions(person: BereavedPerson):
    return AgreedAction.objects.still_open().filter(assessment__person=person).select_related("assessment")


PERSON_FIELDS = (
    "first_name",
    "last_name",
    "age_group",
    "date_of_birth",
    "relationship_to_victim",
    "gender",
    "phone",
    "email",
    "address",
    "postcode",
    "preferred_language",
    "needs_interpreter",
    "risk_notes",
    "parent_or_guardian",
)


def age_on(born: date, day: date) -> int:
    """Age in whole years on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _validate_person(person: BereavedPerson) -> None:
    """The age group follows the date of birth (where known), and only a child has a parent or guardian: an adult
    of the same family."""
    errors = _not_in_future(person.date_of_birth, "date_of_birth", _("Date of birth"))
    errors.update(length_errors(person, {"email": _("The email address"), "phone": _("The phone number")}))
    if person.date_of_birth is not None and not errors:
        age = age_on(person.date_of_birth, timezone.localdate())
        if person.age_group == AgeGroup.CHILD and age >= 18:
            errors["age_group"] = _("The date of birth makes this person 18 or over: select adult, or correct the date")
        elif person.age_group == AgeGroup.ADULT and age < 18:
            errors["age_group"] = _("The date of birth makes this person under 18: select child, or correct the date")
    guardian = person.parent_or_guardian
    if guardian is not None:
        if person.age_group != AgeGroup.CHILD:
            errors["parent_or_guardian"] = _("Only a child can have a parent or guardian recorded")
        elif person.pk is not None and guardian.pk == person.pk:
            errors["parent_or_guardian"] = _("A person cannot be their own parent or guardian")
        elif guardian.homicide_id != person.homicide_id:
            errors["parent_or_guardian"] = _("Choose a parent or guardian from this person's family")
        elif guardian.age_group != AgeGroup.ADULT:
            errors["parent_or_guardian"] = _("Choose an adult as the parent or guardian")
    if (
        "age_group" not in errors
        and person.pk is not None
        and person.age_group == AgeGroup.CHILD
        and person.children.exists()
    ):
        errors["age_group"] = _("This person is the parent or guardian of a child here, so must be an adult")
    _raise(errors)
    person.full_clean(exclude=["homicide", "parent_or_guardian"])


@transaction.atomic
def add_person(*, homicide: Homicide, by: User, added_at: datetime | None = None, **fields) -> BereavedPerson:
    """Add someone bereaved by this homicide. Their case opens when they consent (`record_consent`).

    `added_at` is when the service learnt of them, for a referral received earlier; it defaults to now.
    """
    policies.authorize("add_person", by, homicide)
    return _add_person(homicide=homicide, by=by, added_at=added_at, **fields)


def _add_person(*, homicide: Homicide, by: User, added_at: datetime | None = None, **fields) -> BereavedPerson:
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"add_person() got unexpected fields {sorted(unknown)}")
    person = BereavedPerson(homicide=homicide, created_at=min(added_at or timezone.now(), timezone.now()), **fields)
    _validate_person(person)
    with pghistory.context(user=by.pk, action="add_person"):
        person.save()
    return person


@transaction.atomic
def update_person(*, person: BereavedPerson, by: User, **fields) -> BereavedPerson:
    policies.authorize("update_person", by, person)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"update_person() got unexpected fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(person, name, value)
    _validate_person(person)
    with pghistory.context(user=by.pk, action="update_person"):
        person.save(update_fields=list(fields) or None)
    return person


@transaction.atomic
def record_consent(*, person: BereavedPerson, by: User, **fields) -> ConsentDecision:
    """Record an offer of the service and the answer. A first consent opens the person's case.

    A decline records its stage and a date to offer the service again.
    """
    policies.authorize("record_consent", by, person)
    return _record_consent(person=person, by=by, **fields)


def _record_consent(
    *,
    person: BereavedPerson,
    by: User,
    outcome: str,
    decided_at: datetime | None = None,
    decline_stage: str = "",
    review_on: date | None = None,
    notes: str = "",
) -> ConsentDecision:
    decided_at = decided_at or timezone.now()
    decision = ConsentDecision(
        person=person,
        outcome=outcome,
        decided_at=decided_at,
        decline_stage=decline_stage or "",
        review_on=review_on,
        notes=notes or "",
        recorded_by=by,
    )
    errors = _consent_errors(decision)
    episode = current_episode(person)
    decided_on = timezone.localdate(decided_at)
    declined_before_opening = episode is not None and decided_on < episode.opened_on
    if "decided_at" not in errors and outcome == ConsentOutcome.DECLINED and declined_before_opening:
        assert episode is not None
        errors["decided_at"] = _("The date of the decision must be on or after the case opened (%(date)s)") % {
            "date": episode.opened_on.strftime("%d/%m/%Y")
        }
    if "decided_at" not in errors and episode is None and outcome == ConsentOutcome.REFERRED:
        last_closed = _last_closed_on(person)
        if last_closed is not None and decided_on < last_closed:
            errors["decided_at"] = _("The date of the decision must be on or after the case closed (%(date)s)") % {
                "date": last_closed.strftime("%d/%m/%Y")
            }
    _raise(errors)
    decision.full_clean(exclude=["person", "recorded_by"])
    with pghistory.context(user=by.pk, action="record_consent"):
        decision.save()
        if outcome == ConsentOutcome.REFERRED and episode is None:
            # A first consent opens the case; a consent after a decline or a closure opens a new episode.
            _open_episode(person, opened_at=decided_at)
            _clear_no_referral_reason(person)
        if outcome == ConsentOutcome.DECLINED and episode is not None:
            # Someone who declines is not an open case: the episode ends the day they declined, their volunteer
            # tasks end and the actions agreed with them are cancelled. The consent review brings them back.
            _end_episode(
                person,
                episode,
                closed_on=decided_on,
                reason=ClosureReason.DECLINED,
                notes=notes,
                open_actions=CANCEL_ACTIONS,
            )
    return decision


def _clear_no_referral_reason(person: BereavedPerson) -> None:
    """Someone is referred now, so the homicide's reason why nobody was no longer holds."""
    if person.homicide.no_referral_reason:
        person.homicide.no_referral_reason = ""
        person.homicide.save(update_fields=["no_referral_reason"])


def _consent_errors(decision: ConsentDecision) -> dict:
    """The rules a consent decision keeps, recorded or corrected. A referral drops the decline's stage and review."""
    person = decision.person
    errors = {
        **_not_in_future(decision.decided_at, "decided_at", _("The date of the decision")),
        **_not_before_homicide(decision.decided_at, person.homicide, "decided_at", _("The date of the decision")),
        **length_errors(decision),
    }
    if decision.outcome not in ConsentOutcome.values:
        errors["outcome"] = _("Select the decision")
    if decision.outcome == ConsentOutcome.DECLINED:
        if not decision.decline_stage or decision.decline_stage not in DeclineStage.values:
            errors["decline_stage"] = _("Select when the person declined")
        if not decision.review_on:
            errors["review_on"] = _("Enter a date to offer the service again")
    if decision.outcome == ConsentOutcome.REFERRED:
        decision.decline_stage = ""
        decision.review_on = None
    if decision.review_on and decision.decided_at and decision.review_on < timezone.localdate(decision.decided_at):
        errors["review_on"] = _("The review date must be after the decision")
    return errors


def _referral_after_consent_changes(person: BereavedPerson) -> tuple[datetime | None, dict]:
    """When the person was referred, once a consent decision is corrected or marked entered in error: the earliest
    referral still in force (None: not referred). A closed case keeps a referral on or before its closing date."""
    referred_at = (
        person.consent_decisions.in_force()
        .filter(outcome=ConsentOutcome.REFERRED)
        .order_by("decided_at")
        .values_list("decided_at", flat=True)
        .first()
    )
    if person.closed_on is not None and (referred_at is None or timezone.localdate(referred_at) > person.closed_on):
        return referred_at, {
            "__all__": _(
                "This person's case was closed on %(date)s: they must stay referred on or before that date. "
                "Ask your team leader about reopening the case."
            )
            % {"date": person.closed_on.strftime("%d/%m/%Y")}
        }
    return referred_at, {}


def _follow_referral(person: BereavedPerson) -> None:
    """Write the person's referral as their consent decisions in force now say (in the caller's history context).

    The first episode of support opens with the referral, so it moves with it (or goes, with the referral). Once the
    case has been reopened or referred again, its episodes are a history of their own: the first referral is then
    not changed by a correction, which is refused.
    """
    referred_at, errors = _referral_after_consent_changes(person)
    _raise(errors)
    if referred_at == person.referred_at:
        return
    episodes = list(person.episodes.all())
    if len(episodes) > 1:
        _raise(
            {
                "__all__": _(
                    "This person's case has been reopened or referred again, so the date of their first referral "
                    "cannot change. Record a new consent decision instead."
                )
            }
        )
    if episodes and referred_at is None:
        episodes[0].delete()
        person.closed_on, person.closure_reason, person.closure_notes = None, "", ""
    elif episodes and referred_at is not None:
        episodes[0].opened_at = referred_at
        episodes[0].save(update_fields=["opened_at"])
    person.referred_at = referred_at
    person.save(update_fields=["referred_at", "closed_on", "closure_reason", "closure_notes"])
    if referred_at is not None:
        _clear_no_referral_reason(person)


CONSENT_FIELDS = ("outcome", "decided_at", "decline_stage", "review_on", "notes")


@transaction.atomic
def correct_consent(*, decision: ConsentDecision, by: User, reason: str, **fields) -> ConsentDecision:
    """Correct a consent decision; the history keeps the version before, with the reason.

    The person's referral follows: it is the earliest referral decision still in force, so correcting a referral
    into a decline (or its date) moves or removes it.
    """
    policies.authorize("correct_consent", by, decision)
    _known(fields, CONSENT_FIELDS, "correct_consent")
    reason = (reason or "").strip()
    changed = _apply(decision, fields, blank_if_none=("decline_stage", "notes"))
    errors = correction_errors(decision, reason, noun=_("consent decision"), changed=changed)
    errors.update(_consent_errors(decision))
    _raise(errors)
    decision.full_clean(exclude=["person", "recorded_by"])
    with pghistory.context(user=by.pk, action="correct_consent", reason=reason):
        decision.save()
        _follow_referral(decision.person)
    return decision


@transaction.atomic
def mark_consent_entered_in_error(*, decision: ConsentDecision, by: User, reason: str) -> ConsentDecision:
    """Keep the decision, marked entered in error with why. If it referred the person, the referral goes back to
    the earliest referral decision still in force, or is removed."""
    policies.authorize("mark_consent_entered_in_error", by, decision)
    with pghistory.context(user=by.pk, action="mark_consent_entered_in_error", reason=(reason or "").strip()):
        mark_in_error(
            decision, by=by, reason=reason, action="mark_consent_entered_in_error", noun=_("consent decision")
        )
        _follow_referral(decision.person)
    return decision


def _known(fields: dict, allowed: tuple[str, ...], action: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{action}() got unexpected fields {sorted(unknown)}")


def _apply(record, fields: dict, *, blank_if_none: tuple[str, ...] = ()) -> bool:
    """Set the fields given on the record; True if any value changed."""
    changed = False
    for name, value in fields.items():
        if value is None and name in blank_if_none:
            value = ""
        if getattr(record, name) != value:
            changed = True
        setattr(record, name, value)
    return changed


@transaction.atomic
def record_contact(
    *,
    person: BereavedPerson,
    by: User,
    kind: str,
    occurred_at: datetime,
    duration_minutes: int,
    notes: str = "",
) -> Contact:
    """A visit or call. Contacts by volunteers are counted apart from staff contacts (table B9)."""
    policies.authorize("record_contact", by, person)
    _require_open(person)
    contact = Contact(
        person=person,
        kind=kind,
        by_volunteer=by.role == Role.VOLUNTEER,
        made_by=by,
        occurred_at=occurred_at,
        duration_minutes=duration_minutes,
        notes=notes or "",
    )
    _raise(_contact_errors(contact))
    contact.full_clean(exclude=["person", "made_by"])
    with pghistory.context(user=by.pk, action="record_contact"):
        contact.save()
    return contact


def _contact_errors(contact: Contact) -> dict:
    person = contact.person
    errors = {
        **_not_in_future(contact.occurred_at, "occurred_at", _("The date of contact")),
        **_not_before_homicide(contact.occurred_at, person.homicide, "occurred_at", _("The date of contact")),
        **length_errors(contact),
    }
    if contact.kind not in ContactKind.values:
        errors["kind"] = _("Select the type of contact")
    if contact.occurred_at is None:
        errors["occurred_at"] = _("Enter the date and time of the contact")
    minutes = contact.duration_minutes
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_CONTACT_MINUTES:
        errors["duration_minutes"] = _("Enter the number of minutes, from 1 to 1,440")
    return errors


CONTACT_FIELDS = ("kind", "occurred_at", "duration_minutes", "notes")


@transaction.atomic
def correct_contact(*, contact: Contact, by: User, reason: str, **fields) -> Contact:
    """Correct a contact's details; the history keeps the version before, with the reason. Who made it stays."""
    policies.authorize("correct_contact", by, contact)
    _known(fields, CONTACT_FIELDS, "correct_contact")
    reason = (reason or "").strip()
    changed = _apply(contact, fields, blank_if_none=("notes",))
    errors = correction_errors(contact, reason, noun=_("contact"), changed=changed)
    errors.update(_contact_errors(contact))
    _raise(errors)
    contact.full_clean(exclude=["person", "made_by"])
    with pghistory.context(user=by.pk, action="correct_contact", reason=reason):
        contact.save()
    return contact


@transaction.atomic
def mark_contact_entered_in_error(*, contact: Contact, by: User, reason: str) -> Contact:
    """Keep the contact, marked entered in error with why: it no longer counts (first contact, table B9)."""
    policies.authorize("mark_contact_entered_in_error", by, contact)
    return mark_in_error(contact, by=by, reason=reason, action="mark_contact_entered_in_error", noun=_("contact"))


@transaction.atomic
def record_assessment(
    *,
    person: BereavedPerson,
    by: User,
    kind: str,
    case_stage: str,
    assessed_on: date,
    needs: Iterable[NeedType] = (),
    actions: Iterable[tuple[str, date]] = (),
    notes: str = "",
) -> NeedsAssessment:
    """A needs assessment with the needs found (positive if any) and the actions agreed, each with a review date."""
    policies.authorize("record_assessment", by, person)
    _require_open(person)
    actions = [(description.strip(), review_on) for description, review_on in actions if description.strip()]
    assessment = NeedsAssessment(
        person=person, kind=kind, case_stage=case_stage, assessed_on=assessed_on, notes=notes or "", assessed_by=by
    )
    errors = _assessment_errors(assessment)
    for description, review_on in actions:
        if review_on is None:
            errors["actions"] = _("Give a review date for every agreed action")
        elif assessed_on is not None and review_on < assessed_on:
            errors["actions"] = _("Review dates must be on or after the date of assessment")
        if len(description) > AGREED_ACTION_MAX_LENGTH:
            errors["actions"] = _("Each action must be 500 characters or fewer")
    _raise(errors)
    assessment.full_clean(exclude=["person", "assessed_by"])
    with pghistory.context(user=by.pk, action="record_assessment"):
        assessment.save()
        assessment.needs.set(needs)
        AgreedAction.objects.bulk_create(
            AgreedAction(assessment=assessment, description=d, review_on=r) for d, r in actions
        )
    return assessment


AGREED_ACTION_MAX_LENGTH = 500


def _assessment_errors(assessment: NeedsAssessment) -> dict:
    person = assessment.person
    errors = {
        **_not_in_future(assessment.assessed_on, "assessed_on", _("The date of assessment")),
        **_not_before_homicide(assessment.assessed_on, person.homicide, "assessed_on", _("The date of assessment")),
        **length_errors(assessment),
    }
    if assessment.kind not in AssessmentKind.values:
        errors["kind"] = _("Select the type of assessment")
    if assessment.case_stage not in CaseStage.values:
        errors["case_stage"] = _("Select the stage of the case")
    if assessment.assessed_on is None:
        errors["assessed_on"] = _("Enter the date of the assessment")
    return errors


ASSESSMENT_FIELDS = ("kind", "case_stage", "assessed_on", "needs", "notes")


@transaction.atomic
def correct_assessment(*, assessment: NeedsAssessment, by: User, reason: str, **fields) -> NeedsAssessment:
    """Correct an assessment (its type, stage, date, needs found and notes); the history keeps the version before,
    with the reason, and each need added or removed. Its agreed actions keep their own dates, which must stay on
    or after the assessment's."""
    policies.authorize("correct_assessment", by, assessment)
    _known(fields, ASSESSMENT_FIELDS, "correct_assessment")
    reason = (reason or "").strip()
    needs = fields.pop("needs", None)
    needs_changed = needs is not None and {n.pk for n in needs} != set(
        assessment.needs_found.values_list("need_id", flat=True)
    )
    changed = _apply(assessment, fields, blank_if_none=("notes",)) or needs_changed
    errors = correction_errors(assessment, reason, noun=_("assessment"), changed=changed)
    errors.update(_assessment_errors(assessment))
    if assessment.assessed_on is not None and "assessed_on" not in errors:
        actions = list(assessment.actions.all())
        if any(a.review_on < assessment.assessed_on for a in actions):
            errors["assessed_on"] = _("The date of assessment must be on or before its agreed actions' review dates")
        elif any(a.completed_on and a.completed_on < assessment.assessed_on for a in actions):
            errors["assessed_on"] = _("The date of assessment must be on or before its agreed actions' completion")
    _raise(errors)
    assessment.full_clean(exclude=["person", "assessed_by"])
    with pghistory.context(user=by.pk, action="correct_assessment", reason=reason):
        assessment.save()
        if needs_changed:
            assessment.needs.set(needs)
    return assessment


@transaction.atomic
def mark_assessment_entered_in_error(*, assessment: NeedsAssessment, by: User, reason: str) -> NeedsAssessment:
    """Keep the assessment, marked entered in error with why: it no longer counts (table B4), and its agreed
    actions are no longer due."""
    policies.authorize("mark_assessment_entered_in_error", by, assessment)
    return mark_in_error(
        assessment, by=by, reason=reason, action="mark_assessment_entered_in_error", noun=_("assessment")
    )


@transaction.atomic
def complete_action(*, action: AgreedAction, by: User, completed_on: date | None = None) -> AgreedAction:
    """Mark an agreed action done: on or after its assessment, not in the future, and only while the case is open."""
    policies.authorize("complete_action", by, action)
    assessment = action.assessment
    _require_open(assessment.person)
    if action.cancelled_on is not None:
        raise ValidationError(_("This action was cancelled when the case closed"))
    completed_on = completed_on or timezone.localdate()
    errors = _not_in_future(completed_on, "completed_on", _("The completion date"))
    if completed_on < assessment.assessed_on:
        errors["completed_on"] = _("The completion date must be on or after the date of assessment (%(date)s)") % {
            "date": assessment.assessed_on.strftime("%d/%m/%Y")
        }
    elif completed_on < timezone.localdate() - OLDEST_COMPLETION:
        errors["completed_on"] = _("The completion date must be within the last 5 years")
    _raise(errors)
    with pghistory.context(user=by.pk, action="complete_action"):
        action.completed_on = completed_on
        action.save(update_fields=["completed_on"])
    return action


@transaction.atomic
def record_support(
    *,
    person: BereavedPerson,
    by: User,
    support_type: SupportType,
    given_on: date,
    case_stage: str,
    assessment: NeedsAssessment | None = None,
    notes: str = "",
) -> SupportGiven:
    """One instance of support (tables B5 and B6)."""
    policies.authorize("record_support", by, person)
    _require_open(person)
    support = SupportGiven(
        person=person,
        support_type=support_type,
        given_on=given_on,
        case_stage=case_stage,
        assessment=assessment,
        notes=notes or "",
        recorded_by=by,
    )
    errors = _support_errors(support)
    if support_type is not None and not support_type.is_active:
        errors["support_type"] = _("This type of support is no longer in use")
    _raise(errors)
    support.full_clean(exclude=["person", "recorded_by", "support_type", "assessment"])
    with pghistory.context(user=by.pk, action="record_support"):
        support.save()
    return support


def _support_errors(support: SupportGiven) -> dict:
    person = support.person
    errors = {
        **_not_in_future(support.given_on, "given_on", _("The date of support")),
        **_not_before_homicide(support.given_on, person.homicide, "given_on", _("The date of support")),
        **length_errors(support),
    }
    if support.support_type_id is None:
        errors["support_type"] = _("Select the type of support")
    if support.given_on is None:
        errors["given_on"] = _("Enter the date the support was given")
    if support.case_stage not in CaseStage.values:
        errors["case_stage"] = _("Select the stage of the case")
    assessment = support.assessment
    if assessment is not None and (assessment.person_id != person.pk or assessment.entered_in_error):
        errors["assessment"] = _("Choose one of this person's assessments")
    return errors


SUPPORT_FIELDS = ("support_type", "given_on", "case_stage", "assessment", "notes")


def _refuse_commissioned(support: SupportGiven) -> None:
    """Support recorded with a commissioned service is the service's: its money and approval stay with it."""
    if SupportGiven.objects.filter(pk=support.pk, commissioned_service__isnull=False).exists():
        raise ValidationError(
            _("This support was recorded with a commissioned service, so it is changed with the service")
        )


@transaction.atomic
def correct_support(*, support: SupportGiven, by: User, reason: str, **fields) -> SupportGiven:
    """Correct an instance of support; the history keeps the version before, with the reason."""
    policies.authorize("correct_support", by, support)
    _known(fields, SUPPORT_FIELDS, "correct_support")
    _refuse_commissioned(support)
    reason = (reason or "").strip()
    type_before = support.support_type_id
    changed = _apply(support, fields, blank_if_none=("notes",))
    errors = correction_errors(support, reason, noun=_("support"), changed=changed)
    errors.update(_support_errors(support))
    if support.support_type_id != type_before and support.support_type and not support.support_type.is_active:
        errors["support_type"] = _("This type of support is no longer in use")
    _raise(errors)
    support.full_clean(exclude=["person", "recorded_by", "support_type", "assessment"])
    with pghistory.context(user=by.pk, action="correct_support", reason=reason):
        support.save()
    return support


@transaction.atomic
def mark_support_entered_in_error(*, support: SupportGiven, by: User, reason: str) -> SupportGiven:
    """Keep the support, marked entered in error with why: it no longer counts (tables B5 and B6)."""
    policies.authorize("mark_support_entered_in_error", by, support)
    _refuse_commissioned(support)
    return mark_in_error(support, by=by, reason=reason, action="mark_support_entered_in_error", noun=_("support"))


COMPLETE_ACTIONS, CANCEL_ACTIONS = "complete", "cancel"
OPEN_ACTION_CHOICES = (COMPLETE_ACTIONS, CANCEL_ACTIONS)


def check_close_case(
    *, person: BereavedPerson, by: User, closed_on: date | None, reason: str, notes: str = "", open_actions: str = ""
) -> CaseEpisode:
    """Every rule of closing, without closing: the check-your-answers page asks before it shows the answers.

    Returns the episode that closing would end.
    """
    policies.authorize("close_case", by, person)
    errors: dict = {}
    episode = current_episode(person) if person.referred_at is not None and not person.closed_on else None
    if person.referred_at is None:
        errors["__all__"] = _("Only a referred person's case can be closed")
    elif episode is None:
        errors["__all__"] = _("This case is already closed")
    homicide = person.homicide
    review_open_because = open_review_reason(homicide, review_of(homicide) if homicide.is_domestic else None)
    if review_open_because:
        # A domestic homicide case stays open until its review is complete or the partnership decided against one.
        errors["__all__"] = _("The %(name)s is still open: %(reason)s") % {
            "name": review_name(),
            "reason": review_open_because,
        }
    if closed_on is None:
        errors["closed_on"] = _("Enter the date the case closed")
    else:
        errors.update(_not_in_future(closed_on, "closed_on", _("The closing date")))
        if episode is not None and closed_on < episode.opened_on and "closed_on" not in errors:
            errors["closed_on"] = _("The closing date must be on or after the case opened (%(date)s)") % {
                "date": episode.opened_on.strftime("%d/%m/%Y")
            }
    if reason not in dict(CLOSING_REASONS):
        errors["reason"] = _("Select a reason for closing the case")
    if len(notes or "") > SHORT_NOTES_MAX_LENGTH:
        errors["notes"] = _("Notes must be %(n)s characters or fewer") % {"n": f"{SHORT_NOTES_MAX_LENGTH:,}"}
    still_open = list(open_agreed_actions(person)) if episode is not None else []
    if still_open:
        if open_actions not in OPEN_ACTION_CHOICES:
            errors["open_actions"] = _("Select what to do with the agreed actions still open")
        elif open_actions == COMPLETE_ACTIONS and closed_on is not None and "closed_on" not in errors:
            latest = max(action.assessment.assessed_on for action in still_open)
            if closed_on < latest:
                errors["closed_on"] = _(
                    "To mark the open actions done, the closing date must be on or after the assessment that agreed "
                    "them (%(date)s)"
                ) % {"date": latest.strftime("%d/%m/%Y")}
    _raise(errors)
    assert episode is not None  # no errors: the case is open
    return episode


@transaction.atomic
def close_case(
    *,
    person: BereavedPerson,
    by: User,
    closed_on: date,
    reason: str,
    notes: str = "",
    open_actions: str = "",
) -> BereavedPerson:
    """Close a person's case: its current episode ends on `closed_on`. Length of contact runs from the episode's
    opening to this date.

    A domestic homicide case stays open until its Domestic Homicide Review is complete. Closing ends the
    person's volunteer tasks, so that no volunteer keeps access to a closed case, and the agreed actions still
    open are marked done on the closing date (`open_actions="complete"`) or cancelled with the closure
    (`"cancel"`): the worker must say which when there are any.
    """
    episode = check_close_case(
        person=person, by=by, closed_on=closed_on, reason=reason, notes=notes, open_actions=open_actions
    )
    with pghistory.context(user=by.pk, action="close_case"):
        _end_episode(person, episode, closed_on=closed_on, reason=reason, notes=notes, open_actions=open_actions)
    return person


@transaction.atomic
def reopen_case(*, person: BereavedPerson, by: User, reopened_on: date, reason: str) -> CaseEpisode:
    """Reopen a closed case: a new episode of support starts on `reopened_on` (not in the future, not before the
    case closed). Someone who declined comes back by consenting (`record_consent`), not by reopening."""
    policies.authorize("reopen_case", by, person)
    errors: dict = {}
    reason = (reason or "").strip()
    if person.referred_at is None:
        errors["__all__"] = _("Only a referred person's case can be reopened")
    elif person.closed_on is None:
        errors["__all__"] = _("This case is open")
    elif person.declined:
        errors["__all__"] = _("This person declined the service: record their consent to open their case again")
    if reopened_on is None:
        errors["reopened_on"] = _("Enter the date the case reopened")
    else:
        errors.update(_not_in_future(reopened_on, "reopened_on", _("The date the case reopened")))
        if person.closed_on is not None and reopened_on < person.closed_on and "reopened_on" not in errors:
            errors["reopened_on"] = _("The date the case reopened must be on or after it closed (%(date)s)") % {
                "date": person.closed_on.strftime("%d/%m/%Y")
            }
    if not reason:
        errors["reason"] = _("Enter why the case is reopened")
    _raise(errors)
    opened_at = timezone.make_aware(datetime.combine(reopened_on, time.min))
    with pghistory.context(user=by.pk, action="reopen_case"):
        return _open_episode(person, opened_at=opened_at, reopened_reason=reason)


@transaction.atomic
def plan_exit(
    *, person: BereavedPerson, by: User, planned_on: date, conditions: str = "", reviewed_on: date | None = None
) -> ExitPlan:
    """Raise the exit of an open case in advance, or change its plan: the planned date (shown as due on the
    caseload), what must happen first, and when the plan was last reviewed with the person."""
    policies.authorize("plan_exit", by, person)
    _require_open(person)
    episode = current_episode(person)
    assert episode is not None  # the case is open
    errors: dict = {}
    if planned_on is None:
        errors["planned_on"] = _("Enter the planned exit date")
    elif planned_on < episode.opened_on:
        errors["planned_on"] = _("The planned exit date must be on or after the case opened (%(date)s)") % {
            "date": episode.opened_on.strftime("%d/%m/%Y")
        }
    elif planned_on > timezone.localdate() + LATEST_PLANNED_EXIT:
        errors["planned_on"] = _("The planned exit date must be within the next 5 years")
    errors.update(_not_in_future(reviewed_on, "reviewed_on", _("The date the plan was reviewed")))
    if reviewed_on is not None and reviewed_on < episode.opened_on and "reviewed_on" not in errors:
        errors["reviewed_on"] = _("The date the plan was reviewed must be on or after the case opened (%(date)s)") % {
            "date": episode.opened_on.strftime("%d/%m/%Y")
        }
    _raise(errors)
    plan = ExitPlan.objects.filter(episode=episode).first() or ExitPlan(episode=episode)
    plan.planned_on, plan.conditions, plan.reviewed_on = planned_on, conditions, reviewed_on
    plan.full_clean(exclude=["episode"])
    with pghistory.context(user=by.pk, action="plan_exit"):
        plan.save()
    return plan


@transaction.atomic
def assign_volunteer(
    *,
    person: BereavedPerson,
    volunteer: User,
    task: str,
    by: User,
    assigned_on: date | None = None,
    phone_shared: bool = False,
) -> VolunteerAssignment:
    """Give a volunteer of the person's region a task for them, from its own day (today unless given). The
    volunteer sees the person's phone number only if `phone_shared`."""
    policies.authorize("assign_volunteer", by, person)
    _require_open(person)
    if volunteer.role != Role.VOLUNTEER or not volunteer.is_active:
        raise ValidationError({"volunteer": _("Choose an active volunteer")})
    if volunteer.region_id != person.homicide.region_id:
        raise ValidationError({"volunteer": _("Choose a volunteer from this region")})
    assigned_on = assigned_on or timezone.localdate()
    errors = {
        **_not_in_future(assigned_on, "assigned_on", _("The day the task was given")),
        **_not_before_homicide(assigned_on, person.homicide, "assigned_on", _("The day the task was given")),
    }
    episode = current_episode(person)
    if episode is not None and assigned_on < episode.opened_on and "assigned_on" not in errors:
        errors["assigned_on"] = _("The day the task was given must be on or after the case opened (%(date)s)") % {
            "date": episode.opened_on.strftime("%d/%m/%Y")
        }
    assignment = VolunteerAssignment(
        person=person,
        volunteer=volunteer,
        task=task,
        assigned_by=by,
        assigned_on=assigned_on,
        phone_shared=phone_shared,
    )
    errors.update(length_errors(assignment))
    if not (task or "").strip():
        errors["task"] = _("Enter the task")
    _raise(errors)
    assignment.full_clean(exclude=["person", "volunteer", "assigned_by"])
    with pghistory.context(user=by.pk, action="assign_volunteer"):
        assignment.save()
    return assignment


@transaction.atomic
def end_volunteer_task(
    *, assignment: VolunteerAssignment, by: User, ended_on: date | None = None
) -> VolunteerAssignment:
    """End a volunteer's task (today unless a day is given): at once they no longer see the person
    (`access.policies.people`)."""
    policies.authorize("end_volunteer_task", by, assignment)
    if assignment.ended_on is not None:
        raise ValidationError(_("This task has already ended"))
    ended_on = ended_on or timezone.localdate()
    errors = _not_in_future(ended_on, "ended_on", _("The day the task ended"))
    if ended_on < assignment.assigned_on:
        errors["ended_on"] = _("The day the task ended must be on or after the day it was given")
    _raise(errors)
    with pghistory.context(user=by.pk, action="end_volunteer_task"):
        _end_task(assignment, ended_on)
    return assignment


def _end_task(assignment: VolunteerAssignment, ended_on: date) -> None:
    """From `ended_on` the volunteer no longer sees the person (never before the day the task was given)."""
    assignment.ended_on = max(ended_on, assignment.assigned_on)
    assignment.save(update_fields=["ended_on"])


def _span(cover: Cover) -> dict:
    return {"from": cover.starts_on.strftime("%d/%m/%Y"), "until": cover.ends_on.strftime("%d/%m/%Y")}


@transaction.atomic
def arrange_cover(
    *,
    covering_worker: User,
    absent_worker: User,
    starts_on: date,
    ends_on: date,
    by: User,
    reason: str = "",
    note: str = "",
    historical: bool = False,
) -> Cover:
    """Let `covering_worker` hold `absent_worker`'s cases from `starts_on` to `ends_on` (both inclusive).

    Cover is arranged ahead, or from today: a past start would say someone held cases they never saw. Cover from an
    older system's records may be entered with past dates, by the national manager only, marked `historical`. One
    absent worker has one cover at a time, and nobody away in those dates covers (nor is covered while covering
    someone else, so that no cases are left with a worker who is away).
    """
    policies.authorize("arrange_cover", by)
    errors = {}
    workers = policies.cover_workers(by)
    for field, worker in (("absent_worker", absent_worker), ("covering_worker", covering_worker)):
        if not workers.filter(pk=worker.pk).exists():
            errors[field] = _("Choose someone from your team")
    if reason not in CoverReason.values:
        errors["reason"] = _("Select why they are away")
    elif reason == CoverReason.OTHER and not note.strip():
        errors["note"] = _("Enter why they are away")
    today = timezone.localdate()
    if historical and not policies.can_record_historical_cover(by):
        errors["historical"] = _("Only the national manager can enter cover from an older system's records")
    elif starts_on < today and not historical:
        errors["starts_on"] = _("The start date must be today or in the future")
    if ends_on < starts_on:
        errors["ends_on"] = _("The end date must be on or after the start date")
    if covering_worker.pk == absent_worker.pk:
        errors["covering_worker"] = _("Choose someone other than the absent worker")
    elif covering_worker.region_id != absent_worker.region_id and not errors:
        errors["covering_worker"] = _("Choose someone from the absent worker's region")
    _raise(errors)
    # Every arrangement locks both workers' rows, so two at once cannot both pass the overlap checks below.
    list(User.objects.select_for_update().filter(pk__in=[absent_worker.pk, covering_worker.pk]).order_by("pk"))
    overlapping = (
        Cover.objects.in_force()
        .filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
        .select_related("absent_worker", "covering_worker")
    )
    clash = overlapping.filter(absent_worker=absent_worker).first()
    if clash:
        errors["starts_on"] = _(
            "%(name)s already has cover from %(from)s to %(until)s: end it early or choose other dates"
        ) % {"name": absent_worker.full_name, **_span(clash)}
    away = overlapping.filter(absent_worker=covering_worker).first()
    if away:
        errors["covering_worker"] = _("%(name)s is away from %(from)s to %(until)s: choose someone else") % {
            "name": covering_worker.full_name,
            **_span(away),
        }
    covering_others = overlapping.filter(covering_worker=absent_worker).first()
    if covering_others:
        errors["absent_worker"] = _(
            "%(name)s is covering for %(other)s from %(from)s to %(until)s: change that cover first"
        ) % {
            "name": absent_worker.full_name,
            "other": covering_others.absent_worker.full_name,
            **_span(covering_others),
        }
    _raise(errors)
    with pghistory.context(user=by.pk, action="arrange_cover"):
        return Cover.objects.create(
            covering_worker=covering_worker,
            absent_worker=absent_worker,
            starts_on=starts_on,
            ends_on=ends_on,
            arranged_by=by,
            reason=reason,
            note=note.strip(),
            historical=historical,
        )


@transaction.atomic
def end_cover_early(*, cover: Cover, ends_on: date, by: User) -> Cover:
    """Bring cover's last day forward (the absent worker is back sooner). The day first planned is kept.

    Cover already given cannot be taken back, so the new last day is today or later (and not before it starts).
    """
    policies.authorize("end_cover_early", by, cover)
    cover = Cover.objects.select_for_update().get(pk=cover.pk)
    today = timezone.localdate()
    if cover.cancelled:
        raise ValidationError(_("This cover was cancelled"))
    if cover.ends_on < today:
        raise ValidationError(_("This cover has already ended"))
    errors = {}
    if ends_on < today:
        errors["ends_on"] = _("The last day of cover must be today or in the future")
    elif ends_on < cover.starts_on:
        errors["ends_on"] = _("The last day of cover must be on or after the day it starts (%(date)s)") % {
            "date": cover.starts_on.strftime("%d/%m/%Y")
        }
    elif ends_on >= cover.ends_on:
        errors["ends_on"] = _("The last day of cover must be before the day it was due to end (%(date)s)") % {
            "date": cover.ends_on.strftime("%d/%m/%Y")
        }
    _raise(errors)
    with pghistory.context(user=by.pk, action="end_cover_early"):
        cover.planned_ends_on = cover.planned_ends_on or cover.ends_on
        cover.ends_on = ends_on
        cover.save(update_fields=["ends_on", "planned_ends_on"])
    return cover


@transaction.atomic
def cancel_cover(*, cover: Cover, by: User) -> Cover:
    """Cancel cover that has not started yet (the worker is not going away after all, or someone else will cover).

    The arrangement is kept, marked cancelled with who and when, so its history stays true; from then on it gives
    nobody any reach and no longer clashes with other cover. Cover that has started (today or before) was held:
    end it early instead.
    """
    policies.authorize("cancel_cover", by, cover)
    cover = Cover.objects.select_for_update().get(pk=cover.pk)
    if cover.cancelled:
        raise ValidationError(_("This cover was already cancelled"))
    if cover.starts_on <= timezone.localdate():
        raise ValidationError(_("This cover has already started: end it early instead"))
    with pghistory.context(user=by.pk, action="cancel_cover"):
        cover.cancelled_at = timezone.now()
        cover.cancelled_by = by
        cover.save(update_fields=["cancelled_at", "cancelled_by"])
    return cover


@transaction.atomic
def submit_referral(
    *, by: User, people: list[dict] | tuple = (), idempotency_key: str = "", **notification_fields
) -> tuple[Notification, bool]:
    """A notification with the bereaved people who consented, as the police (or intake staff) send it.

    The notification is linked at once to its homicide: an existing record when one matches exactly (same
    surname, date of death and force), otherwise a new one; each person is added and referred with consent.
    A repeated idempotency key returns the first submission and creates nothing. Returns (notification, created).

    Reach: the police refer to their force's region, so an exact match there is linked (they hear back only their
    own submission and the case worker's name). Intake staff link only within what they may see, and may not
    refer people into a region outside their reach.
    """
    policies.authorize("submit_referral", by)
    notification, created = intake._record_notification(by=by, idempotency_key=idempotency_key, **notification_fields)
    if not created:
        return notification, False
    if by.role == Role.POLICE_REFERRER:
        candidates = Homicide.objects.filter(region_id=notification.region_id)
    else:
        candidates = policies.homicides(by)
        if not policies.may("create_homicide", by, notification):
            raise ValidationError(
                {"police_force": _("You can refer people only to a homicide in your own region's records")}
            )
    exact = intake.find_possible_duplicates(notification, candidates).filter(
        date_of_death=notification.date_of_death, police_force_id=notification.police_force_id
    )
    homicide = exact.first() if notification.victim_last_name else None
    if homicide is None:
        homicide = intake._create_homicide(notification=notification, by=by)
    else:
        intake._link_notification(notification=notification, homicide=homicide, by=by)
    for person_fields in people:
        person = _add_person(homicide=homicide, by=by, added_at=notification.received_at, **person_fields)
        _record_consent(person=person, by=by, outcome=ConsentOutcome.REFERRED, decided_at=notification.received_at)
    return notification, True
