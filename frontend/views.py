from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from access import policies
from audit.access_log import log_people_shown
from frontend.navigation import home_url_name
from frontend.requests import AuthenticatedRequest

SEARCH_LIMIT = 25


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:sign-in")
    return redirect(home_url_name(request.user))


@login_required
def search(request: AuthenticatedRequest) -> HttpResponse:
    """People and homicides the user may see, by name or reference."""
    query = request.GET.get("q", "").strip()[:100]
    people = homicides = []
    if query and policies.has_case_records(request.user):
        terms = query.split()
        person_q = Q()
        homicide_q = Q(reference__iexact=query)
        for term in terms:
            person_q &= Q(first_name__icontains=term) | Q(last_name__icontains=term)
            homicide_q |= Q(victim_first_name__icontains=term) | Q(victim_last_name__icontains=term)
        people = list(policies.people(request.user).filter(person_q).select_related("homicide")[:SEARCH_LIMIT])
        homicides = list(policies.homicides(request.user).filter(homicide_q)[:SEARCH_LIMIT])
    log_people_shown(request.user, people, view_name="search")
    template = "frontend/search_results.html" if request.htmx else "frontend/search.html"
    context = {
        "search_query": query,
        "people": people,
        "homicides": homicides,
        "show_homicide": policies.can_see_full_record(request.user),
    }
    return render(request, template, context)
