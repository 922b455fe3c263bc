"""Casework pages: the caseload, a person's record and the forms that change it.

Every record comes from `access.policies`; every change goes through `casework.actions`.
"""

from __future__ import annotations

import copy
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access import policies
from audit.access_log import log_access, log_people_shown
from audit.records import CorrectableQuerySet
from casework import actions, lists, queries
from casework.forms import (
    AssessmentForm,
    CancelCoverForm,
    CloseCaseForm,
    ConsentForm,
    ContactForm,
    CoverForm,
    EndCoverForm,
    ExitPlanForm,
    NewPersonForm,
    PersonForm,
    ReopenCaseForm,
    SupportForm,
    VolunteerAssignmentForm,
)
from casework.models import (
    CLOSING_REASONS,
    AgeGroup,
    AgreedAction,
    BereavedPerson,
    ConsentDecision,
    ConsentOutcome,
    Contact,
    Cover,
    CoverQuerySet,
    ExitPlan,
    NeedsAssessment,
    NeedType,
    SupportGiven,
    VolunteerAssignment,
)
from frontend.forms import EnteredInErrorForm, add_correction_reason, apply_errors
from frontend.requests import AuthenticatedRequest
from intake.models import Homicide
from justice import queries as justice
from reviews.models import review_name
from safeguarding import queries as safeguarding


def _allow(allowed: bool) -> None:
    """Refuse as if the record did not exist, so that nothing about it is revealed."""
    if not allowed:
        raise Http404


def _person(request: AuthenticatedRequest, pk: int, *, with_risk: bool = False) -> BereavedPerson:
    qs = policies.people(request.user).select_related("homicide", "homicide__lead_case_worker", "parent_or_guardian")
    # The person's current risk level and agreed safety measures, for everyone who sees them (no extra query).
    return policies.get_visible_or_404(request.user, safeguarding.with_current_risk(qs) if with_risk else qs, pk=pk)


def _to_person(request: AuthenticatedRequest, person: BereavedPerson, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("casework:person-detail", pk=person.pk)


def _form_page(request: AuthenticatedRequest, person: BereavedPerson, form, title: str, **extra) -> HttpResponse:
    template = extra.pop("template", "casework/form.html")
    match = request.resolver_match
    assert match is not None and match.url_name  # every casework page is a named URL
    log_access(request.user, person=person, view_name=match.url_name)
    return render(request, template, {"person": person, "form": form, "title": title, **extra})


def _stage_initial(request: AuthenticatedRequest, person: BereavedPerson) -> dict:
    """New assessments and support start at the stage the justice journey has reached (still changeable)."""
    stage = justice.stage_of(request.user, person.homicide) if request.method == "GET" else None
    return {"case_stage": stage} if stage else {}


# ---- Lists -----------------------------------------------------------------------------------------------


@login_required
def caseload(request: AuthenticatedRequest) -> HttpResponse:
    _allow(policies.has_caseload(request.user))
    now = timezone.now()
    people = list(queries.caseload(request.user))
    reviews = list(queries.consent_reviews(request.user))
    log_people_shown(request.user, people + reviews, view_name="caseload")
    rows = [(person, queries.dues(person, now)) for person in people]
    homicides = list(queries.held_homicides(request.user))
    own_homicides = [h for h in homicides if h.lead_case_worker_id == request.user.pk]
    context = {
        "rows": rows,
        "reviews": [(person, queries.consent_review_due(person, now)) for person in reviews],
        "homicides": homicides,
        "own_open_cases": sum(h.open_count for h in own_homicides),
        "own_homicides": len(own_homicides),
        "today": timezone.localdate(now),
    }
    return render(request, "casework/caseload.html", context)


PEOPLE_PAGE_SIZE = 50


@login_required
def people(request: AuthenticatedRequest) -> HttpResponse:
    """Everyone the user may see (not volunteers: they have their own list), filtered by lead worker and status,
    sorted on the server; the page's rows are written to the access log."""
    user = request.user
    _allow(policies.can_see_full_record(user))
    worker, status = request.GET.get("worker", ""), request.GET.get("status", "")
    sort = request.GET.get("sort", "name")
    sort = sort if sort in lists.PERSON_SORTS else "name"
    descending = request.GET.get("order") == "desc"
    chosen = lists.filter_people(policies.people(user), worker=int(worker) if worker.isdigit() else None, status=status)
    order = [f"-{name}" if descending else name for name in lists.PERSON_SORTS[sort]]
    page = Paginator(chosen.order_by(*order).values_list("pk", flat=True), PEOPLE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = list(
        BereavedPerson.objects.filter(pk__in=list(page.object_list))
        .select_related("homicide__lead_case_worker")
        .order_by(*order)
    )
    log_people_shown(user, page.object_list, view_name="people")
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    sort_query.pop("order", None)
    context = {
        "page": page,
        "query": query.urlencode(),
        "sort_query": sort_query.urlencode(),
        "sort": sort,
        "descending": descending,
        "filters": {"worker": worker, "status": status},
        "workers": list(lists.lead_workers(user).values_list("pk", "full_name")),
        "statuses": lists.PERSON_STATUSES,
    }
    return render(request, "casework/people.html", context)


# ---- A person --------------------------------------------------------------------------------------------


@login_required
def person_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    person = _person(request, pk, with_risk=True)
    full_record = policies.can_see_full_record(user)
    # A parent's page lists their children; a child's names their parent or guardian (whole records only).
    children = list(policies.people(user).filter(parent_or_guardian=person)) if full_record else []
    guardian = person.parent_or_guardian if full_record else None
    log_people_shown(user, [person, guardian, *children], view_name="person-detail")
    records = queries.person_records(user, person)
    active_tasks = [task for task in records.tasks if task.ended_on is None]
    can_record_casework = policies.can_record_casework(user, person)
    can_add_people = full_record and policies.can_add_people(user, person.homicide)
    # The same checks as policies.may("correct_<record>", user, record) (and "mark_<record>_entered_in_error") for
    # this person's records: assessments and support are corrected by whoever records casework for the person,
    # consent decisions by whoever may add people to the homicide; contacts are asked once (a volunteer sees only
    # their own, which they may correct while their task lasts).
    may_correct = {
        "contact": bool(records.contacts) and policies.may("correct_contact", user, records.contacts[0]),
        "assessment": can_record_casework,
        "support": can_record_casework,
        "consent": can_add_people,
    }
    # A decision entered in error stays on the timeline, struck through, but decides nothing.
    latest_decision = next((d for d in records.consent_decisions if not d.entered_in_error), None)
    context = {
        "person": person,
        "records": records,
        "timeline": queries.timeline(person, records, show_case_events=full_record),
        "full_record": full_record,
        "active_tasks": active_tasks,
        # Staff see the whole record; a volunteer sees the phone number only where a task shares it.
        "phone_shown": full_record or any(task.phone_shared for task in active_tasks),
        "can_see_offence_data": policies.can_see_offence_data(user),
        "can_add_people": can_add_people,
        "correctable": {kind for kind, allowed in may_correct.items() if allowed},
        "can_record_contact": person.is_open and policies.can_record_contact(user, person),
        "can_record_casework": can_record_casework,
        # The same check as policies.may("end_volunteer_task", user, task) for each of this person's tasks.
        "can_end_tasks": can_record_casework,
        # ... and as policies.may("send_volunteer_update", user, task), while the case is open.
        "can_send_updates": person.is_open and can_record_casework,
        "can_record_work": person.is_open and can_record_casework,
        "can_close": person.is_open and can_record_casework,
        "can_reopen": person.closed_on is not None and not person.declined and can_record_casework,
        "can_plan_exit": person.is_open and can_record_casework,
        "declined": latest_decision is not None and latest_decision.outcome == ConsentOutcome.DECLINED,
        "latest_decision": latest_decision,
        "can_read_audit": policies.can_read_audit(user, person),
        # The same check as policies.can_see_equality_data(user, person), without asking again who holds the person.
        "can_see_equality": can_record_casework and policies.can_see_equality_data(user),
        "today": timezone.localdate(),
        "children": children,
        "guardian": guardian,
        # The current risk level and agreed safety measures: for everyone who sees the person (they may visit).
        "visit_safety": safeguarding.visit_safety(person),
        # The same answer as policies.can_read_safeguarding(user, person), from the casework check already made.
        "can_read_safeguarding": policies.can_see_offence_data(user) and can_record_casework,
        # The homicide's justice journey beside the person's own timeline: offence-data roles only.
        "journey": justice.journey(user, person.homicide),
        "homicide": person.homicide,
        "can_record_journey": False,
        "heading_level": 2,
    }
    return render(request, "casework/person_detail.html", context)


def _guardians(request: AuthenticatedRequest, homicide: Homicide, person: BereavedPerson | None = None):
    """Who may be chosen as a child's parent or guardian: the adults of the same family."""
    qs = policies.people(request.user).filter(homicide=homicide, age_group=AgeGroup.ADULT)
    return qs.exclude(pk=person.pk) if person is not None else qs


@login_required
def person_new(request: AuthenticatedRequest, homicide_pk: int) -> HttpResponse:
    homicide = policies.get_visible_or_404(request.user, Homicide, pk=homicide_pk)
    policies.authorize("add_person", request.user, homicide)
    guardians = _guardians(request, homicide)
    form = NewPersonForm(request.POST or None, guardians=guardians)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                person = actions.add_person(homicide=homicide, by=request.user, **form.person_fields())
                if form.offered:
                    actions.record_consent(person=person, by=request.user, **form.consent_fields())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_person(request, person, _("%(name)s added") % {"name": person.full_name})
    # The family's adults are named in the choice of a parent or guardian.
    log_people_shown(request.user, list(guardians), view_name="person-new")
    return render(request, "casework/person_form.html", {"form": form, "homicide": homicide, "new": True})


@login_required
def person_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    policies.authorize("update_person", request.user, person)
    initial = {name: getattr(person, name) for name in actions.PERSON_FIELDS}
    guardians = _guardians(request, person.homicide, person)
    form = PersonForm(request.POST or None, initial=initial, guardians=guardians)
    if request.method == "POST" and form.is_valid():
        try:
            # A copy, so that a refused change does not show in the page heading.
            actions.update_person(person=copy.copy(person), by=request.user, **form.person_fields())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_person(request, person, _("Details updated"))
    # The person, and the family's adults named in the choice of a parent or guardian.
    log_people_shown(request.user, [person, *guardians], view_name="person-edit")
    context = {"form": form, "homicide": person.homicide, "person": person, "new": False}
    return render(request, "casework/person_form.html", context)


# ---- Recording work --------------------------------------------------------------------------------------


@login_required
def consent_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    policies.authorize("record_consent", request.user, person)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_consent(person=person, by=request.user, **form.consent_fields())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_person(request, person, _("Consent decision recorded"))
    return _form_page(request, person, form, _("Record a consent decision"), button=_("Save decision"))


@login_required
def contact_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    policies.authorize("record_contact", request.user, person)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_contact(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_person(request, person, _("Contact recorded"))
    return _form_page(request, person, form, _("Record a contact"), button=_("Save contact"))


@login_required
def assessment_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    policies.authorize("record_assessment", request.user, person)
    form = AssessmentForm(request.POST or None, initial=_stage_initial(request, person))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_assessment(
                person=person,
                by=request.user,
                kind=data["kind"],
                case_stage=data["case_stage"],
                assessed_on=data["assessed_on"],
                needs=data["needs"],
                actions=form.agreed_actions(),
                notes=data["notes"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_person(request, person, _("Needs assessment recorded"))
    return _form_page(request, person, form, _("Record a needs assessment"), template="casework/assessment_form.html")


@login_required
def support_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    policies.authorize("record_support", request.user, person)
    assessments = policies.visible(request.user, NeedsAssessment).filter(person=person)
    form = SupportForm(request.POST or None, assessments=assessments, initial=_stage_initial(request, person))
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_support(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_person(request, person, _("Support recorded"))
    return _form_page(request, person, form, _("Record support given"), button=_("Save support"))


@login_required
def case_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Close a case in two steps: the answers, with what is still open on the case, then a check of the answers
    saying what closing will do and the length of contact, which the worker confirms. The rules are the action's,
    asked at both steps (`check_close_case`, then `close_case`)."""
    person = _person(request, pk)
    policies.authorize("close_case", request.user, person)
    check = queries.closure_check(request.user, person)
    form = CloseCaseForm(request.POST or None, has_open_actions=bool(check.open_actions))
    confirmed = "confirm" in request.POST
    checking = False
    if request.method == "POST" and "change" not in request.POST and form.is_valid():
        answers = form.answers()
        try:
            if confirmed:
                actions.close_case(person=copy.copy(person), by=request.user, **answers)
            else:
                actions.check_close_case(person=person, by=request.user, **answers)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if confirmed:
                return _to_person(request, person, _("Case closed"))
            checking = True
    log_access(request.user, person=person, view_name="case-close")
    context = {
        "person": person,
        "form": form,
        "check": check,
        "can_see_offence_data": policies.can_see_offence_data(request.user),
        "review_name": review_name(),
    }
    if checking:
        answers = form.answers()
        context.update(
            answers=answers,
            reason_label=dict(CLOSING_REASONS)[answers["reason"]],
            days=check.days_to(answers["closed_on"]),
            total_days=check.total_days_to(answers["closed_on"]),
        )
        return render(request, "casework/case_close_check.html", context)
    return render(request, "casework/case_close.html", context)


@login_required
def case_reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    policies.authorize("reopen_case", request.user, person)
    form = ReopenCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.reopen_case(person=copy.copy(person), by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_person(request, person, _("Case reopened"))
    return _form_page(request, person, form, _("Reopen the case"), button=_("Reopen the case"))


@login_required
def exit_plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    policies.authorize("plan_exit", request.user, person)
    plan = (
        policies.visible(request.user, ExitPlan).filter(episode__person=person, episode__closed_on__isnull=True).first()
    )
    initial = (
        {"planned_on": plan.planned_on, "conditions": plan.conditions, "reviewed_on": plan.reviewed_on} if plan else {}
    )
    form = ExitPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.plan_exit(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_person(request, person, _("Exit plan saved"))
    title = _("Change the exit plan") if plan else _("Plan the exit")
    return _form_page(request, person, form, title, button=_("Save the exit plan"))


@login_required
def volunteer_assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    policies.authorize("assign_volunteer", request.user, person)
    # The volunteer chosen on the "Find a volunteer" page (volunteering:find) comes in the query string.
    initial = {"assigned_on": timezone.localdate(), "volunteer": request.GET.get("volunteer")}
    volunteers = queries.assignable_volunteers(person)
    form = VolunteerAssignmentForm(request.POST or None, volunteers=volunteers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.assign_volunteer(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_person(request, person, _("Task given to the volunteer"))
    return _form_page(
        request,
        person,
        form,
        _("Give a volunteer a task"),
        button=_("Give the task"),
        template="casework/volunteer_assign.html",
    )


@login_required
@require_POST
def action_complete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    qs = policies.visible(request.user, AgreedAction).select_related("assessment__person")
    action = policies.get_visible_or_404(request.user, qs, pk=pk)
    person = action.assessment.person
    if action.completed_on is None:
        try:
            actions.complete_action(action=action, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("casework:person-detail", pk=person.pk)
    if request.htmx:
        log_access(request.user, person=person, view_name="action-complete")
        context = {"action": action, "person": person, "can_record_work": True, "today": timezone.localdate()}
        return render(request, "casework/includes/action_row.html", context)
    return _to_person(request, person, _("Agreed action marked complete"))


@login_required
def volunteer_task_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Confirm, then end a volunteer's task: the volunteer no longer sees the person."""
    qs = policies.visible(request.user, VolunteerAssignment).select_related("person__homicide", "volunteer")
    assignment = policies.get_visible_or_404(request.user, qs, pk=pk)
    policies.authorize("end_volunteer_task", request.user, assignment)
    person = assignment.person
    if request.method == "POST":
        try:
            actions.end_volunteer_task(assignment=assignment, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("casework:person-detail", pk=person.pk)
        return _to_person(request, person, _("%(name)s’s task has ended") % {"name": assignment.volunteer.full_name})
    log_people_shown(request.user, [person], view_name="volunteer-task-end")
    return render(request, "casework/volunteer_task_end.html", {"assignment": assignment, "person": person})


# ---- Corrections: a record corrected, or marked entered in error (never deleted) --------------------------


def _record(request: AuthenticatedRequest, model, pk: int, action: str, *related: str):
    """A casework record the user may see, refused (404) unless they may take `action` on it."""
    qs = policies.visible(request.user, model).select_related("person__homicide", *related)
    record = policies.get_visible_or_404(request.user, qs, pk=pk)
    policies.authorize(action, request.user, record)
    return record


def _correction(request, record, form, fields: tuple[str, ...], correct, noun) -> HttpResponse | None:
    """Validate the form and call `correct` with the fields and the reason; the redirect on success."""
    add_correction_reason(form, noun)
    if request.method == "POST" and form.is_valid():
        try:
            # A copy, so that a refused correction does not show in the record's summary above the form.
            correct(copy.copy(record), reason=form.cleaned_data["reason"], **{f: form.cleaned_data[f] for f in fields})
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_person(request, record.person, _("The %(noun)s was corrected") % {"noun": noun})
    return None


def _correction_page(request, record, form, noun, summary, template="casework/form.html") -> HttpResponse:
    title = _("Correct the %(noun)s") % {"noun": noun}
    return _form_page(
        request, record.person, form, title, button=_("Save the correction"), summary=summary, template=template
    )


def _posted(request: AuthenticatedRequest):
    """The submitted data, even when empty, so that an empty submit shows the error summary."""
    return request.POST if request.method == "POST" else None


@login_required
def contact_correct(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contact = _record(request, Contact, pk, "correct_contact", "made_by")
    form = ContactForm(_posted(request), initial={f: getattr(contact, f) for f in actions.CONTACT_FIELDS})
    summary = _contact_summary(contact)

    def correct(record, **fields):
        actions.correct_contact(contact=record, by=request.user, **fields)

    done = _correction(request, contact, form, actions.CONTACT_FIELDS, correct, _("contact"))
    return done or _correction_page(request, contact, form, _("contact"), summary)


@login_required
def assessment_correct(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = _record(request, NeedsAssessment, pk, "correct_assessment", "assessed_by")
    found = list(assessment.needs.values_list("pk", flat=True))
    initial = {f: getattr(assessment, f) for f in actions.ASSESSMENT_FIELDS if f != "needs"}
    # Needs no longer in use stay on offer where this assessment found them.
    needs = NeedType.objects.filter(Q(is_active=True) | Q(pk__in=found))
    form = AssessmentForm(_posted(request), initial={**initial, "needs": found}, agreed_action_rows=0, needs=needs)
    summary = _assessment_summary(assessment)

    def correct(record, **fields):
        actions.correct_assessment(assessment=record, by=request.user, **fields)

    done = _correction(request, assessment, form, actions.ASSESSMENT_FIELDS, correct, _("assessment"))
    return done or _correction_page(request, assessment, form, _("assessment"), summary)


@login_required
def support_correct(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    support = _record(request, SupportGiven, pk, "correct_support", "support_type")
    assessments = cast(CorrectableQuerySet, policies.visible(request.user, NeedsAssessment)).in_force()
    assessments = assessments.filter(person=support.person)
    initial = {f: getattr(support, f) for f in actions.SUPPORT_FIELDS}
    form = SupportForm(_posted(request), assessments=assessments, initial=initial)
    summary = _support_summary(support)

    def correct(record, **fields):
        actions.correct_support(support=record, by=request.user, **fields)

    done = _correction(request, support, form, actions.SUPPORT_FIELDS, correct, _("support"))
    return done or _correction_page(request, support, form, _("support"), summary)


@login_required
def consent_correct(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = _record(request, ConsentDecision, pk, "correct_consent")
    initial = {f: getattr(decision, f) for f in actions.CONSENT_FIELDS if f != "notes"}
    form = ConsentForm(_posted(request), initial={**initial, "consent_notes": decision.notes})
    form.fields["decided_at"].required = True
    form.fields["decided_at"].error_messages["required"] = _("Enter the date and time of the decision")
    form.fields["decided_at"].help_text = _("For example, 27 3 2026 and 14:30")
    summary = _consent_summary(decision)

    def correct(record, reason, **_fields):
        actions.correct_consent(decision=record, by=request.user, reason=reason, **form.consent_fields())

    done = _correction(request, decision, form, (), correct, _("consent decision"))
    return done or _correction_page(request, decision, form, _("consent decision"), summary)


# What each record is, above its correction or error form (the reader sees which record they are changing).
def _contact_summary(contact: Contact) -> list[tuple]:
    return [
        (_("Contact"), contact.get_kind_display()),
        (_("Date and time"), timezone.localtime(contact.occurred_at).strftime("%d/%m/%Y %H:%M")),
        (_("Made by"), contact.made_by.full_name),
    ]


def _assessment_summary(assessment: NeedsAssessment) -> list[tuple]:
    return [
        (_("Assessment"), assessment.get_kind_display()),
        (_("Date"), assessment.assessed_on.strftime("%d/%m/%Y")),
        (_("Assessed by"), assessment.assessed_by.full_name),
    ]


def _support_summary(support: SupportGiven) -> list[tuple]:
    return [(_("Support"), support.support_type.name), (_("Date"), support.given_on.strftime("%d/%m/%Y"))]


def _consent_summary(decision: ConsentDecision) -> list[tuple]:
    return [
        (_("Decision"), decision.get_outcome_display()),
        (_("Date and time"), timezone.localtime(decision.decided_at).strftime("%d/%m/%Y %H:%M")),
    ]


# url name: (model, action, noun, the action's function and its keyword for the record, summary, related)
ERROR_PAGES: dict[str, tuple[Any, ...]] = {
    "contact-error": (
        Contact,
        "mark_contact_entered_in_error",
        _("contact"),
        actions.mark_contact_entered_in_error,
        "contact",
        _contact_summary,
        ("made_by",),
    ),
    "assessment-error": (
        NeedsAssessment,
        "mark_assessment_entered_in_error",
        _("assessment"),
        actions.mark_assessment_entered_in_error,
        "assessment",
        _assessment_summary,
        ("assessed_by",),
    ),
    "support-error": (
        SupportGiven,
        "mark_support_entered_in_error",
        _("support"),
        actions.mark_support_entered_in_error,
        "support",
        _support_summary,
        ("support_type",),
    ),
    "consent-error": (
        ConsentDecision,
        "mark_consent_entered_in_error",
        _("consent decision"),
        actions.mark_consent_entered_in_error,
        "decision",
        _consent_summary,
        (),
    ),
}


@login_required
def entered_in_error(request: AuthenticatedRequest, pk: int, page: str) -> HttpResponse:
    """Mark a contact, assessment, support or consent decision entered in error, with why."""
    model, action_name, noun, mark, keyword, summarise, related = ERROR_PAGES[page]
    record = _record(request, model, pk, action_name, *related)
    form = EnteredInErrorForm(_posted(request), noun=noun)
    if request.method == "POST" and form.is_valid():
        try:
            mark(**{keyword: copy.copy(record)}, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            message = _("The %(noun)s was marked as entered in error") % {"noun": noun}
            return _to_person(request, record.person, message)
    title = _("Mark the %(noun)s as entered in error") % {"noun": noun}
    return _form_page(
        request, record.person, form, title, button=_("Mark as entered in error"), summary=summarise(record)
    )


# ---- Cover -----------------------------------------------------------------------------------------------

PAST_COVER_SHOWN = 20


@login_required
def covers(request: AuthenticatedRequest) -> HttpResponse:
    _allow(policies.can_arrange_cover(request.user))
    today = timezone.localdate()
    qs = cast(
        CoverQuerySet,
        policies.visible(request.user, Cover).select_related("absent_worker__region", "covering_worker", "arranged_by"),
    )
    context = {
        "current": list(qs.in_force().filter(ends_on__gte=today).order_by("starts_on", "pk")),
        "past": list(qs.in_force().filter(ends_on__lt=today).order_by("-ends_on", "-pk")[:PAST_COVER_SHOWN]),
        "cancelled": list(
            qs.filter(cancelled_at__isnull=False)
            .select_related("cancelled_by")
            .order_by("-cancelled_at", "-pk")[:PAST_COVER_SHOWN]
        ),
        "today": today,
        "past_shown": PAST_COVER_SHOWN,
    }
    return render(request, "casework/covers.html", context)


@login_required
def cover_new(request: AuthenticatedRequest) -> HttpResponse:
    policies.authorize("arrange_cover", request.user)
    workers = policies.cover_workers(request.user).select_related("region").order_by("full_name", "pk")
    form = CoverForm(
        request.POST if request.method == "POST" else None,
        workers=workers,
        may_enter_history=policies.can_record_historical_cover(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.arrange_cover(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Cover arranged"))
            return redirect("casework:covers")
    return render(request, "casework/cover_new.html", {"form": form})


@login_required
def cover_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """End cover early: the absent worker is back sooner than planned."""
    qs = policies.visible(request.user, Cover).select_related("absent_worker", "covering_worker")
    cover = policies.get_visible_or_404(request.user, qs, pk=pk)
    policies.authorize("end_cover_early", request.user, cover)
    form = EndCoverForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.end_cover_early(cover=copy.copy(cover), by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Cover ended early"))
            return redirect("casework:covers")
    return render(request, "casework/cover_end.html", {"form": form, "cover": cover})


@login_required
def cover_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Cancel cover that has not started yet: a confirmation, then the cover is kept, marked cancelled."""
    qs = policies.visible(request.user, Cover).select_related("absent_worker", "covering_worker")
    cover = policies.get_visible_or_404(request.user, qs, pk=pk)
    policies.authorize("cancel_cover", request.user, cover)
    form = CancelCoverForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.cancel_cover(cover=copy.copy(cover), by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Cover cancelled"))
            return redirect("casework:covers")
    return render(request, "casework/cover_cancel.html", {"form": form, "cover": cover})
