"""Volunteering pages: a volunteer's people and their visits and calls; updates sent to them; finding a volunteer;
languages and availability.

Records come from `access.policies` (through `volunteering.queries`); changes go through actions.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from access import policies
from accounts.models import Role, User
from audit.access_log import log_access, log_people_shown
from casework import actions as casework
from casework.models import VolunteerAssignment
from frontend.forms import apply_errors
from frontend.requests import AuthenticatedRequest
from volunteering import actions, queries
from volunteering.forms import DeploymentProfileForm, VolunteerContactForm, VolunteerUpdateForm
from volunteering.models import VolunteerProfile, VolunteerUpdate


def _allow(allowed: bool) -> None:
    """Refuse as if the page did not exist."""
    if not allowed:
        raise Http404


# ---- The volunteer's own pages ---------------------------------------------------------------------------


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """A volunteer's landing page: their people, each with the task, the phone number if shared and the updates."""
    _allow(policies.has_volunteer_tasks(request.user))
    tasks = list(queries.active_tasks(request.user))
    log_people_shown(request.user, [task.person for task in tasks], view_name="volunteering-home")
    context = {"tasks": tasks, "ended": list(queries.ended_tasks(request.user))}
    return render(request, "volunteering/home.html", context)


@login_required
def contact_new(request: AuthenticatedRequest) -> HttpResponse:
    """A volunteer records a visit or call for one of their people (`?person=` chooses one beforehand)."""
    _allow(policies.has_volunteer_tasks(request.user))
    policies.authorize("record_contact", request.user)
    people = queries.people_to_record_for(request.user)
    ids = [str(pk) for pk in people.values_list("pk", flat=True)]
    # The person chosen on the list, or the only one.
    chosen = request.GET.get("person") if request.GET.get("person") in ids else (ids[0] if len(ids) == 1 else None)
    form = VolunteerContactForm(request.POST or None, people=people, initial={"person": chosen})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        person = data.pop("person")
        try:
            casework.record_contact(person=person, by=request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Your %(kind)s with %(name)s is recorded") % {"kind": _kind(data["kind"]), "name": person}
            )
            return redirect("volunteering:home")
    log_people_shown(request.user, list(people), view_name="volunteering-contact-new")
    return render(request, "volunteering/contact_form.html", {"form": form, "has_people": bool(ids)})


def _kind(kind: str) -> str:
    return _("visit") if kind == "visit" else _("call")


# ---- Updates to a volunteer ------------------------------------------------------------------------------


@login_required
def update_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The case holder sends the volunteer of a task news about the case; the task's earlier updates below."""
    qs = policies.visible(request.user, VolunteerAssignment).select_related("person__homicide", "volunteer")
    assignment = policies.get_visible_or_404(request.user, qs, pk=pk)
    policies.authorize("send_volunteer_update", request.user, assignment)
    person = assignment.person
    form = VolunteerUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.send_volunteer_update(assignment=assignment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Update sent to %(name)s") % {"name": assignment.volunteer.full_name})
            return redirect("casework:person-detail", pk=person.pk)
    log_access(request.user, person=person, view_name="volunteering-update-new")
    earlier = list(policies.visible(request.user, VolunteerUpdate).filter(assignment=assignment))
    context = {"form": form, "assignment": assignment, "person": person, "earlier": earlier}
    return render(request, "volunteering/update_form.html", context)


# ---- Finding a volunteer ---------------------------------------------------------------------------------


@login_required
def find(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The person's region's active volunteers, for whoever may give a task for the person."""
    qs = policies.people(request.user).select_related("homicide")
    person = policies.get_visible_or_404(request.user, qs, pk=pk)
    policies.authorize("assign_volunteer", request.user, person)
    same_language = request.GET.get("language") == "same"
    found = queries.volunteers_for(person, same_language_only=same_language)
    log_access(request.user, person=person, view_name="volunteering-find")
    context = {
        "person": person,
        "found": found,
        "same_language": same_language,
        "english": queries.speaks([], person.preferred_language),
    }
    return render(request, "volunteering/find.html", context)


# ---- Languages and availability --------------------------------------------------------------------------


def _profile_page(request: AuthenticatedRequest, member: User, *, own: bool) -> HttpResponse:
    policies.authorize("update_deployment_profile", request.user, member)
    is_volunteer = member.role == Role.VOLUNTEER
    profile = VolunteerProfile.objects.filter(volunteer=member).first() if is_volunteer else None
    initial: dict = {"languages": ", ".join(member.languages)}
    if profile is not None:
        initial |= {
            "available_days": profile.available_days,
            "availability_notes": profile.availability_notes,
            "not_available_until": profile.not_available_until,
            "area_notes": profile.area_notes,
        }
    form = DeploymentProfileForm(request.POST or None, initial=initial, is_volunteer=is_volunteer)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_deployment_profile(member=member, by=request.user, **form.changes())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Languages and availability saved"))
            return redirect("accounts:account" if own else "accounts:users")
    context = {"form": form, "member": member, "own": own}
    return render(request, "volunteering/profile_form.html", context)


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    return _profile_page(request, request.user, own=True)


@login_required
def member_profile(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    member = policies.get_visible_or_404(request.user, policies.team_members(request.user), pk=pk)
    return _profile_page(request, member, own=False)
