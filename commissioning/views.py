"""Commissioning pages: providers, a person's services and CICA applications, and the regions' budgets.

Every record comes from `access.policies`; every change goes through `commissioning.actions`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from access import policies
from accounts.models import User
from audit.access_log import log_access, log_people_shown
from casework.models import BereavedPerson
from commissioning import actions, queries
from commissioning.forms import (
    ActualCostForm,
    BudgetForm,
    CicaApplicationForm,
    CicaStatusForm,
    ProviderForm,
    ServiceForm,
)
from commissioning.models import CicaApplication, CicaStatusChange, CommissionedService, Provider
from frontend.forms import apply_errors
from frontend.requests import AuthenticatedRequest


def _allow(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _person(request: AuthenticatedRequest, pk: int) -> BereavedPerson:
    """A person whose casework the user may read; money is casework, so volunteers never reach it."""
    qs = policies.casework_people(request.user).select_related("homicide__region")
    return policies.get_visible_or_404(request.user, qs, pk=pk)


def _to_money(request: AuthenticatedRequest, person: BereavedPerson, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("commissioning:person-money", pk=person.pk)


def _form(request, form, title: str, button: str, *, person=None, back=None) -> HttpResponse:
    if person is not None:
        log_people_shown(request.user, [person], view_name=request.resolver_match.view_name)
    context = {"form": form, "title": title, "button": button, "person": person, "back": back}
    return render(request, "commissioning/form.html", context)


# ---- Providers --------------------------------------------------------------------------------------------


@login_required
def providers(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    _allow(policies.can_read_providers(user))
    qs = policies.visible(user, Provider).prefetch_related("services", "regions")
    context = {"providers": list(qs), "can_add": policies.may("add_provider", user)}
    return render(request, "commissioning/providers.html", context)


def _provider_fields(form: ProviderForm) -> dict:
    return dict(form.cleaned_data)


@login_required
def provider_new(request: AuthenticatedRequest) -> HttpResponse:
    policies.authorize("add_provider", request.user)
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            provider = actions.add_provider(by=request.user, **_provider_fields(form))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s added") % {"name": provider.name})
            return redirect("commissioning:providers")
    return _form(request, form, _("Add a provider"), _("Save provider"), back="commissioning:providers")


@login_required
def provider_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    provider = policies.get_visible_or_404(request.user, Provider, pk=pk)
    policies.authorize("update_provider", request.user, provider)
    initial = {
        "name": provider.name,
        "services": list(provider.services.all()),
        "regions": list(provider.regions.all()),
        "contact_name": provider.contact_name,
        "phone": provider.phone,
        "email": provider.email,
        "is_active": provider.is_active,
    }
    form = ProviderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_provider(provider=provider, by=request.user, **_provider_fields(form))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Provider updated"))
            return redirect("commissioning:providers")
    title = _("Change %(name)s") % {"name": initial["name"]}
    return _form(request, form, title, _("Save provider"), back="commissioning:providers")


# ---- A person's services and applications -----------------------------------------------------------------


@login_required
def person_money(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    person = _person(request, pk)
    log_access(user, person=person, view_name="person-money")
    services = list(
        policies.visible(user, CommissionedService)
        .filter(person=person)
        .select_related("provider", "service_type", "approved_by", "recorded_by")
    )
    applications = list(
        policies.visible(user, CicaApplication)
        .filter(person=person)
        .select_related("helped_by")
        .prefetch_related(Prefetch("status_changes", CicaStatusChange.objects.select_related("recorded_by")))
    )
    for service in services:
        service.person = person  # already fetched: the approval check reads its region without a query
    can_record = person.is_open and policies.can_record_casework(user, person)
    context = {
        "person": person,
        "services": services,
        "applications": applications,
        "can_record": can_record,
        "can_update": policies.can_record_casework(user, person),
        "can_approve": policies.can_approve_service(user, services[0]) if services else False,
        "approval_limit": actions.approval_limit(),
    }
    return render(request, "commissioning/person_money.html", context)


@login_required
def service_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    policies.authorize("commission_service", request.user, person)
    offering = (
        policies.visible(request.user, Provider).filter(is_active=True, regions=person.homicide.region_id).distinct()
    )
    form = ServiceForm(request.POST or None, providers=offering)
    if request.method == "POST" and form.is_valid():
        try:
            service = actions.commission_service(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if service.is_approved:
                return _to_money(request, person, _("Service recorded and approved"))
            return _to_money(request, person, _("Service recorded: it needs a team leader's approval"))
    title = _("Record a commissioned service")
    return _form(request, form, title, _("Save service"), person=person)


def _service(request: AuthenticatedRequest, pk: int) -> CommissionedService:
    qs = policies.visible(request.user, CommissionedService).select_related(
        "person__homicide__region", "provider", "service_type"
    )
    return policies.get_visible_or_404(request.user, qs, pk=pk)


@login_required
def service_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    policies.authorize("approve_service", request.user, service)
    person = service.person
    if request.method == "POST":
        try:
            actions.approve_service(service=service, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("commissioning:person-money", pk=person.pk)
        return _to_money(request, person, _("Service approved"))
    log_people_shown(request.user, [person], view_name="commissioning:service-approve")
    return render(request, "commissioning/service_approve.html", {"service": service, "person": person})


@login_required
def service_cost(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    policies.authorize("record_actual_cost", request.user, service)
    person = service.person
    form = ActualCostForm(request.POST or None, initial={"costed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_actual_cost(service=service, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_money(request, person, _("Actual cost recorded"))
    title = _("Actual cost of %(service)s") % {"service": service.service_type.name.lower()}
    return _form(request, form, title, _("Save cost"), person=person)


@login_required
def cica_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    policies.authorize("record_cica_application", request.user, person)
    helpers = User.objects.filter(
        is_active=True, role__in=actions.CICA_HELPER_ROLES, region_id=person.homicide.region_id
    ).order_by("full_name", "pk")
    form = CicaApplicationForm(
        request.POST or None, helpers=helpers, initial={"helped_by": request.user.pk, "status": "submitted"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_cica_application(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_money(request, person, _("CICA application recorded"))
    title = _("Record a CICA application")
    return _form(request, form, title, _("Save application"), person=person)


@login_required
def cica_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    qs = policies.visible(request.user, CicaApplication).select_related("person__homicide")
    application = policies.get_visible_or_404(request.user, qs, pk=pk)
    policies.authorize("record_cica_status", request.user, application)
    person = application.person
    form = CicaStatusForm(request.POST or None, initial={"changed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_cica_status(application=application, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_money(request, person, _("CICA application updated"))
    title = _("Update the CICA application")
    return _form(request, form, title, _("Save change"), person=person)


# ---- Budgets ----------------------------------------------------------------------------------------------


def _year(request: AuthenticatedRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return queries.current_financial_year()
    return (
        year
        if actions.EARLIEST_FINANCIAL_YEAR <= year <= queries.current_financial_year() + 5
        else (queries.current_financial_year())
    )


@login_required
def budgets(request: AuthenticatedRequest) -> HttpResponse:
    regions = policies.budget_regions(request.user)
    _allow(policies.may("set_budget", request.user) or regions.exists())
    year = _year(request)
    context = {
        "year": year,
        "years": queries.financial_year_choices(),
        "rows": queries.region_figures(regions, year),
    }
    return render(request, "commissioning/budgets.html", context)


def _region(request: AuthenticatedRequest, region_pk: int):
    return policies.get_visible_or_404(request.user, policies.budget_regions(request.user), pk=region_pk)


@login_required
def budget(request: AuthenticatedRequest, region_pk: int) -> HttpResponse:
    region = _region(request, region_pk)
    year = _year(request)
    [(_region_row, figures)] = queries.region_figures(policies.budget_regions(request.user).filter(pk=region.pk), year)
    context = {
        "region": region,
        "year": year,
        "years": queries.financial_year_choices(),
        "figures": figures,
        "by_type": queries.by_service_type(region, year),
        "can_set": policies.may("set_budget", request.user, region),
    }
    return render(request, "commissioning/budget.html", context)


@login_required
def budget_set(request: AuthenticatedRequest, region_pk: int) -> HttpResponse:
    region = _region(request, region_pk)
    policies.authorize("set_budget", request.user, region)
    form = BudgetForm(
        request.POST or None, years=queries.financial_year_choices(), initial={"financial_year": _year(request)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.set_budget(region=region, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Budget set"))
            return redirect(f"{_budget_url(region)}?year={saved.financial_year}")
    title = _("Set the budget for %(region)s") % {"region": region.name}
    return _form(request, form, title, _("Save budget"), back="commissioning:budgets")


def _budget_url(region) -> str:
    from django.urls import reverse

    return reverse("commissioning:budget", args=[region.pk])
