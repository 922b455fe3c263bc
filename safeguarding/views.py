"""Risk and safeguarding pages: a person's risk checks and safeguarding concerns, and the forms that record them.

Every record comes from `access.policies`; every change goes through `safeguarding.actions`. The person's current
risk level and agreed safety measures show on the person's own page (casework), to everyone who sees it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from access import policies
from audit.access_log import log_people_shown
from casework.models import AgeGroup, BereavedPerson
from frontend.forms import apply_errors
from frontend.requests import AuthenticatedRequest
from safeguarding import actions, queries
from safeguarding.forms import ConcernForm, ConcernProgressForm, RiskCheckForm
from safeguarding.models import SafeguardingConcern


def _person(request: AuthenticatedRequest, pk: int) -> BereavedPerson:
    """A person whose risk and safeguarding records the user may read; anyone else gets 404."""
    qs = policies.casework_people(request.user).select_related("homicide")
    person = policies.get_visible_or_404(request.user, qs, pk=pk)
    if not policies.can_see_offence_data(request.user):  # with the reach above: policies.can_read_safeguarding
        raise Http404
    return person


def _form(request: AuthenticatedRequest, person: BereavedPerson, form, title: str, button: str, back: str):
    match = request.resolver_match
    assert match is not None  # every page here is a named URL
    log_people_shown(request.user, [person], view_name=match.view_name)
    context = {"person": person, "form": form, "title": title, "button": button, "back": back}
    return render(request, "safeguarding/form.html", context)


# ---- Risk checks ------------------------------------------------------------------------------------------


@login_required
def person_risk(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    log_people_shown(request.user, [person], view_name="safeguarding:person-risk")
    checks = queries.risk_checks(request.user, person)
    context = {
        "person": person,
        "checks": checks,
        "current": checks[0] if checks else None,
        "today": timezone.localdate(),
        "can_record": person.is_open and policies.may("record_risk_check", request.user, person),
    }
    return render(request, "safeguarding/person_risk.html", context)


@login_required
def risk_check_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    policies.authorize("record_risk_check", request.user, person)
    form = RiskCheckForm(request.POST or None, initial={"checked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_risk_check(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Risk check recorded"))
            return redirect("safeguarding:person-risk", pk=person.pk)
    back = "safeguarding:person-risk"
    return _form(request, person, form, _("Record a risk check for visits"), _("Save risk check"), back)


# ---- Safeguarding concerns --------------------------------------------------------------------------------


@login_required
def person_concerns(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    concerns = queries.concerns(request.user, person)
    # A named child on the records is a person shown too.
    log_people_shown(request.user, [person, *(c.child_id for c in concerns)], view_name="safeguarding:person-concerns")
    # The same check as policies.may("update_safeguarding_concern", user, concern) for each of these concerns.
    may_record = policies.may("raise_safeguarding_concern", request.user, person)
    context = {
        "person": person,
        "concerns": concerns,
        "can_record": person.is_open and may_record,
        "can_update": may_record,
    }
    return render(request, "safeguarding/person_concerns.html", context)


def _children(request: AuthenticatedRequest, person: BereavedPerson):
    """The children of the person's family the user sees: those a concern may be about."""
    return (
        policies.people(request.user)
        .filter(homicide_id=person.homicide_id, age_group=AgeGroup.CHILD)
        .exclude(pk=person.pk)
        .order_by("last_name", "first_name", "pk")
    )


@login_required
def concern_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    policies.authorize("raise_safeguarding_concern", request.user, person)
    form = ConcernForm(request.POST or None, children=_children(request, person))
    if request.method == "POST" and form.is_valid():
        try:
            actions.raise_safeguarding_concern(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Safeguarding concern recorded"))
            return redirect("safeguarding:person-concerns", pk=person.pk)
    back = "safeguarding:person-concerns"
    return _form(request, person, form, _("Record a safeguarding concern"), _("Save concern"), back)


@login_required
def concern_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    qs = policies.visible(request.user, SafeguardingConcern).select_related("person__homicide")
    concern = policies.get_visible_or_404(request.user, qs, pk=pk)
    policies.authorize("update_safeguarding_concern", request.user, concern)
    person = concern.person
    initial = {name: getattr(concern, name) for name in actions.PROGRESS_FIELDS}
    form = ConcernProgressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_safeguarding_concern(concern=concern, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Referral and outcome recorded"))
            return redirect("safeguarding:person-concerns", pk=person.pk)
    title = _("Referral and outcome of the concern raised on %(date)s") % {
        "date": concern.raised_on.strftime("%-d %b %Y")
    }
    return _form(request, person, form, title, _("Save"), "safeguarding:person-concerns")
