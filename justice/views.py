"""Justice journey pages: record an event, add a defendant, correct an event or mark it entered in error.

Records come from `access.policies`; changes go through `justice.actions`, whose refusals (NotAllowed) become 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from access import policies
from audit.access_log import log_access
from frontend.forms import EnteredInErrorForm, add_correction_reason, apply_errors
from frontend.requests import AuthenticatedRequest
from intake.models import Homicide
from justice import actions
from justice.forms import DefendantForm, JourneyEventForm
from justice.models import JourneyEvent


def _posted(request: AuthenticatedRequest):
    """The submitted data, even when empty, so that an empty submit shows the error summary."""
    return request.POST if request.method == "POST" else None


def _homicide(request: AuthenticatedRequest, pk: int, action: str) -> Homicide:
    homicide = policies.get_visible_or_404(request.user, Homicide, pk=pk)
    policies.authorize(action, request.user, homicide)
    return homicide


def _event(request: AuthenticatedRequest, pk: int, action: str) -> JourneyEvent:
    qs = policies.journey_events(request.user).select_related("homicide", "defendant")
    event = policies.get_visible_or_404(request.user, qs, pk=pk)
    policies.authorize(action, request.user, event)
    return event


def _to_homicide(request: AuthenticatedRequest, homicide: Homicide, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("intake:homicide-detail", args=[homicide.pk]) + "#journey")


def _form_page(request, homicide, form, title, button, **extra) -> HttpResponse:
    if request.method == "GET":
        log_access(request.user, homicide=homicide, view_name=request.resolver_match.view_name)
    context = {"homicide": homicide, "form": form, "title": title, "button": button, **extra}
    return render(request, "justice/form.html", context)


@login_required
def event_new(request: AuthenticatedRequest, homicide_pk: int) -> HttpResponse:
    homicide = _homicide(request, homicide_pk, "record_journey_event")
    defendants = list(policies.defendants(request.user).filter(homicide=homicide))
    form = JourneyEventForm(_posted(request), defendants=defendants)
    if request.method == "POST" and form.is_valid():
        try:
            event = actions.record_journey_event(homicide=homicide, by=request.user, **form.event_fields())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_homicide(request, homicide, _("%(event)s recorded") % {"event": event.get_kind_display()})
    return _form_page(request, homicide, form, _("Record an event in the justice journey"), _("Save event"))


@login_required
def defendant_new(request: AuthenticatedRequest, homicide_pk: int) -> HttpResponse:
    homicide = _homicide(request, homicide_pk, "add_defendant")
    form = DefendantForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            defendant = actions.add_defendant(homicide=homicide, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_homicide(request, homicide, _("%(name)s added as a defendant") % {"name": defendant.name})
    return _form_page(request, homicide, form, _("Add a defendant"), _("Add defendant"))


@login_required
def event_correct(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = _event(request, pk, "correct_journey_event")
    homicide = event.homicide
    defendants = list(policies.defendants(request.user).filter(homicide=homicide))
    initial = {name: getattr(event, name) for name in actions.EVENT_FIELDS}
    initial["defendant"] = event.defendant_id
    form = JourneyEventForm(_posted(request), defendants=defendants, initial=initial)
    add_correction_reason(form, _("event"))
    if request.method == "POST" and form.is_valid():
        fields = form.event_fields()
        reason = fields.pop("reason")
        try:
            actions.correct_journey_event(event=event, by=request.user, reason=reason, **fields)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_homicide(request, homicide, _("Event corrected"))
    return _form_page(request, homicide, form, _("Correct an event"), _("Save the correction"), event=event)


@login_required
def event_error(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = _event(request, pk, "mark_journey_event_in_error")
    homicide = event.homicide
    form = EnteredInErrorForm(_posted(request), noun=_("event"))
    if request.method == "POST" and form.is_valid():
        try:
            actions.mark_journey_event_in_error(event=event, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_homicide(request, homicide, _("Event marked as entered in error"))
    title = _("Mark “%(event)s” as entered in error") % {"event": event}
    return _form_page(request, homicide, form, title, _("Mark as entered in error"), event=event)
