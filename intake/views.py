"""Intake pages: notifications in, one record per homicide, allocation to a lead case worker."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from access import policies
from audit.access_log import log_access, log_people_shown
from casework import actions as casework
from casework import lists
from casework.models import ConsentDecision
from frontend.forms import apply_errors
from frontend.requests import AuthenticatedRequest
from intake import actions
from intake.forms import (
    AllocationForm,
    HomicideDatesForm,
    HomicideForm,
    LinkForm,
    NoReferralForm,
    NotificationForm,
    PoliceLiaisonForm,
    ReferredPeopleFormSet,
    referred_people,
)
from intake.models import Homicide, LiaisonKind, Notification, NotificationSource
from justice import queries as justice
from organisation.models import Region
from teams import queries as teams

PAGE_SIZE = 50


def _require(allowed: bool) -> None:
    """Anyone not allowed is told nothing exists here."""
    if not allowed:
        raise Http404


def _page(request: AuthenticatedRequest, queryset: QuerySet):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request: AuthenticatedRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _list_template(request: AuthenticatedRequest, full: str, fragment: str) -> str:
    """HTMX filter requests get just the results; anything else (including history restores) the full page."""
    if request.htmx and not request.htmx.history_restore_request:
        return fragment
    return full


# ---- Notifications ---------------------------------------------------------------------------------------


@login_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    _require(policies.can_submit_notifications(request.user) or policies.can_see_full_record(request.user))
    notifications = policies.notifications(request.user).select_related(
        "region", "police_force", "homicide__lead_case_worker"
    )
    source = request.GET.get("source", "")
    if source in NotificationSource.values:
        notifications = notifications.filter(source=source)
    unlinked = request.GET.get("unlinked") == "1"
    if unlinked:
        notifications = notifications.filter(homicide__isnull=True)
    context = {
        "page": _page(request, notifications.order_by("-received_at", "-id")),
        "query": _query_without_page(request),
        "sources": NotificationSource.choices,
        "source": source,
        "unlinked": unlinked,
        "can_submit": policies.can_submit_notifications(request.user),
        # Police referrers hear back through this list: the homicide and its case worker, but no record to open.
        "hears_back": not policies.has_case_records(request.user),
    }
    template = _list_template(request, "intake/notifications.html", "intake/_notification_results.html")
    return render(request, template, context)


@login_required
def notification_new(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    # Intake staff link notifications themselves; a police referral arrives with its consenting people.
    police_submission = not policies.can_take_notifications(user)
    policies.authorize("submit_referral" if police_submission else "record_notification", user)
    data = request.POST if request.method == "POST" else None
    form = NotificationForm(
        data,
        user=user,
        shows_offence_data=policies.can_see_offence_data(user),
        police_submission=police_submission,
    )
    people = ReferredPeopleFormSet(data, prefix="people") if police_submission else None
    if request.method == "POST" and form.is_valid() and (people is None or people.is_valid()):
        fields = {**form.notification_fields(), "idempotency_key": form.cleaned_data["idempotency_key"]}
        if police_submission:
            fields["source"] = NotificationSource.POLICE
        try:
            if police_submission:
                notification, _created = casework.submit_referral(by=user, people=referred_people(people), **fields)
            else:
                notification, _created = actions.record_notification(by=user, **fields)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if police_submission:
                messages.success(
                    request,
                    _("Referral %(reference)s sent. You will see the case worker's name here once allocated.")
                    % {"reference": notification.reference},
                )
                return redirect("intake:notifications")
            messages.success(request, _("Notification %(reference)s recorded") % {"reference": notification.reference})
            return redirect("intake:notification-detail", pk=notification.pk)
    return render(
        request,
        "intake/notification_form.html",
        {"form": form, "people": people, "police_submission": police_submission},
    )


def _visible_notification(request: AuthenticatedRequest, pk: int) -> Notification:
    notifications = policies.notifications(request.user).select_related(
        "region", "police_force", "submitted_by", "homicide__lead_case_worker"
    )
    return policies.get_visible_or_404(request.user, notifications, pk=pk)


@login_required
def notification_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    notification = _visible_notification(request, pk)
    return render(
        request,
        "intake/notification_detail.html",
        {
            "notification": notification,
            "shows_offence_data": policies.can_see_offence_data(request.user),
            "can_link": notification.homicide_id is None
            and policies.may("link_notification", request.user, notification),
            "hears_back": not policies.has_case_records(request.user),
        },
    )


@login_required
def notification_link(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    notification = _visible_notification(request, pk)
    policies.authorize("link_notification", request.user, notification)
    if notification.homicide is not None:
        messages.success(
            request,
            _("This notification is already linked to %(reference)s") % {"reference": notification.homicide.reference},
        )
        return redirect("intake:notification-detail", pk=notification.pk)
    duplicates = list(actions.find_possible_duplicates(notification, policies.homicides(request.user)))
    form = LinkForm(request.POST if request.method == "POST" else None, duplicates=duplicates)
    if request.method == "POST" and form.is_valid():
        homicide = form.chosen_homicide()
        try:
            if homicide is None:
                homicide = actions.create_homicide(notification=notification, by=request.user)
            else:
                actions.link_notification(notification=notification, homicide=homicide, by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Notification %(notification)s linked to %(homicide)s")
                % {"notification": notification.reference, "homicide": homicide.reference},
            )
            return redirect("intake:homicide-detail", pk=homicide.pk)
    return render(
        request,
        "intake/notification_link.html",
        {"notification": notification, "duplicates": duplicates, "form": form},
    )


# ---- Homicides -------------------------------------------------------------------------------------------


def _with_referral_counts(homicides: QuerySet[Homicide]) -> QuerySet[Homicide]:
    referred = Q(bereaved_people__referred_at__isnull=False)
    return homicides.annotate(people_referred=Count("bereaved_people", filter=referred))


def _search_q(text: str) -> Q:
    match = Q(reference__iexact=text)
    for term in text.split():
        match |= Q(victim_first_name__icontains=term) | Q(victim_last_name__icontains=term)
    return match


def _query_without(request: AuthenticatedRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in ("page", *names):
        query.pop(name, None)
    return query.urlencode()


def _whole_number(value: str) -> int | None:
    return int(value) if value.isdigit() else None


@login_required
def homicide_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    _require(policies.can_see_full_record(user))
    homicides = policies.homicides(user)
    # Only someone who sees more than one region needs to choose between them.
    regions = list(Region.objects.filter(pk__in=policies.homicides(user).values("region_id")))
    dates = HomicideDatesForm(request.GET)
    dates.is_valid()  # a date typed wrongly is shown with its message and left out of the filter
    sort = request.GET.get("sort", "date_of_death")
    sort = sort if sort in lists.HOMICIDE_SORTS else "date_of_death"
    descending = request.GET.get("order", "desc" if sort == "date_of_death" else "asc") == "desc"
    query = request.GET.get("q", "").strip()[:100]
    shows_stage = policies.can_see_offence_data(user)
    filters: dict[str, Any] = {
        "region": request.GET.get("region", ""),
        "unallocated": request.GET.get("unallocated") == "1",
        "status": request.GET.get("status", ""),
        "lead": request.GET.get("lead", ""),
        "stage": request.GET.get("stage", "") if shows_stage else "",
        "q": query,
    }
    homicides = lists.filter_homicides(
        user,
        homicides,
        region=_whole_number(filters["region"]),
        unallocated=filters["unallocated"],
        status=filters["status"],
        lead=_whole_number(filters["lead"]),
        stage=filters["stage"],
        died_from=dates.cleaned_data.get("died_from"),
        died_to=dates.cleaned_data.get("died_to"),
    )
    if query:
        homicides = homicides.filter(_search_q(query))
    order = [f"-{name}" if descending else name for name in lists.HOMICIDE_SORTS[sort]]
    # The page's homicides are chosen first; only those fifty are then counted and joined.
    page = _page(request, homicides.order_by(*order).values_list("pk", flat=True))
    page.object_list = list(
        _with_referral_counts(Homicide.objects.filter(pk__in=list(page.object_list)))
        .select_related("region", "police_force", "lead_case_worker")
        .order_by(*order)
    )
    context = {
        "page": page,
        "query": _query_without_page(request),
        "sort_query": _query_without(request, "sort", "order"),
        "sort": sort,
        "descending": descending,
        "filters": filters,
        "dates": dates,
        "regions": regions if len(regions) > 1 else None,
        "leads": list(lists.lead_workers(user).values_list("pk", "full_name")),
        "stages": lists.JOURNEY_STAGES if shows_stage else None,
    }
    return render(request, _list_template(request, "intake/homicides.html", "intake/_homicide_results.html"), context)


def _visible_homicide(request: AuthenticatedRequest, pk: int) -> Homicide:
    homicides = policies.homicides(request.user).select_related("region", "police_force", "lead_case_worker", "dhr")
    return policies.get_visible_or_404(request.user, homicides, pk=pk)


@login_required
def homicide_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    homicide = _visible_homicide(request, pk)
    latest_consent = (
        ConsentDecision.objects.in_force()
        .filter(person=OuterRef("pk"))
        .order_by("-decided_at", "-id")
        .values("outcome")[:1]
    )
    people = (
        policies.people(user)
        .filter(homicide=homicide)
        .annotate(consent_outcome=Subquery(latest_consent, output_field=CharField()))
    )
    log_people_shown(user, people, view_name="homicide-detail", homicide=homicide)  # fills the queryset's cache
    context = {
        "homicide": homicide,
        "notifications": policies.notifications(user).filter(homicide=homicide).select_related("police_force"),
        "allocations": policies.allocations(user)
        .filter(homicide=homicide)
        .select_related("case_worker", "allocated_by"),
        "people": people,
        "shows_offence_data": policies.can_see_offence_data(user),
        "can_add_people": policies.may("add_person", user, homicide),
        "can_allocate": policies.may("allocate", user, homicide),
        "can_record_no_referral": policies.may("record_no_referral_reason", user, homicide),
        "can_edit": policies.may("update_homicide", user, homicide),
        "journey": justice.journey(user, homicide),
        "can_record_journey": policies.may("record_journey_event", user, homicide),
        "police_liaison": policies.police_liaison(user)
        .filter(homicide=homicide)
        .select_related("named_case_worker", "recorded_by"),
        "can_record_police_liaison": policies.may("record_police_liaison", user, homicide),
        "review": getattr(homicide, "dhr", None),
        "today": timezone.localdate(),
        "heading_level": 2,
    }
    return render(request, "intake/homicide_detail.html", context)


@login_required
def homicide_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    homicide = _visible_homicide(request, pk)
    policies.authorize("update_homicide", request.user, homicide)
    form = HomicideForm(
        request.POST if request.method == "POST" else None,
        instance=homicide,
        shows_offence_data=policies.can_see_offence_data(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_homicide(homicide=homicide, by=request.user, **form.changed_fields())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Homicide %(reference)s updated") % {"reference": homicide.reference})
            return redirect("intake:homicide-detail", pk=homicide.pk)
    return render(request, "intake/homicide_edit.html", {"homicide": homicide, "form": form})


@login_required
def homicide_allocate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    homicide = _visible_homicide(request, pk)
    policies.authorize("allocate", request.user, homicide)
    workers = policies.allocatable_workers(request.user).filter(region_id=homicide.region_id)
    form = AllocationForm(
        request.POST if request.method == "POST" else None,
        workers=workers.order_by("full_name", "pk"),
        initial={"allocated_at": timezone.now()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            allocation = actions.allocate(
                homicide=homicide,
                by=request.user,
                case_worker=form.cleaned_data["case_worker"],
                note=form.cleaned_data["note"],
                allocated_at=form.cleaned_data["allocated_at"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is now the lead case worker for %(reference)s")
                % {"name": allocation.case_worker.full_name, "reference": homicide.reference},
            )
            return redirect("intake:homicide-detail", pk=homicide.pk)
    # Each candidate's caseload, leave and languages, to choose by (two queries for the whole team).
    candidates = teams.workloads(request.user, workers)
    chosen = str(form["case_worker"].value() or "")
    context = {"homicide": homicide, "form": form, "candidates": candidates, "chosen": chosen}
    return render(request, "intake/homicide_allocate.html", context)


@login_required
def homicide_no_referral(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    homicide = _visible_homicide(request, pk)
    policies.authorize("record_no_referral_reason", request.user, homicide)
    form = NoReferralForm(
        request.POST if request.method == "POST" else None,
        initial={"no_referral_reason": homicide.no_referral_reason or None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_no_referral_reason(
                homicide=homicide, by=request.user, reason=form.cleaned_data["no_referral_reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Reason recorded for %(reference)s") % {"reference": homicide.reference})
            return redirect("intake:homicide-detail", pk=homicide.pk)
    return render(request, "intake/homicide_no_referral.html", {"homicide": homicide, "form": form})


@login_required
def homicide_police_liaison(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    homicide = _visible_homicide(request, pk)
    policies.authorize("record_police_liaison", request.user, homicide)
    kinds = [
        (value, label)
        for value, label in LiaisonKind.choices
        if value != LiaisonKind.SIO_TOLD or policies.can_tell_sio(request.user, homicide)
    ]
    form = PoliceLiaisonForm(request.POST if request.method == "POST" else None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            liaison = actions.record_police_liaison(homicide=homicide, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(what)s: recorded") % {"what": liaison.get_kind_display()})
            return redirect(reverse("intake:homicide-detail", args=[homicide.pk]) + "#police-liaison")
    if request.method == "GET":
        log_access(request.user, homicide=homicide, view_name="intake:homicide-police-liaison")
    return render(request, "intake/police_liaison_form.html", {"homicide": homicide, "form": form})
