"""Team leaders' pages: the team's caseload, and the intake waiting for them (their landing page).

Team leaders see their own region's team; the national manager chooses a region (caseload) or sees all (intake).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from access import policies
from frontend.requests import AuthenticatedRequest
from teams import queries


def _allow(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _query_without(request: AuthenticatedRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@login_required
def caseload(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    _allow(policies.can_manage_team(user))
    regions = list(policies.team_regions(user))
    chosen = request.GET.get("region", "")
    region = next((r for r in regions if r.code == chosen), regions[0] if regions else None)
    if region is None:
        raise Http404
    sort = request.GET.get("sort", "name")
    sort = sort if sort in queries.SORT_KEYS else "name"
    descending = request.GET.get("order") == "desc"
    days = queries.hearing_days(request.GET.get("days", ""))
    loads = queries.workloads(user, policies.allocatable_workers(user).filter(region=region), days=days)
    context = {
        "region": region,
        "regions": regions if len(regions) > 1 else None,
        "loads": queries.sorted_loads(loads, sort, descending),
        "sort": sort,
        "descending": descending,
        "sort_query": _query_without(request, "sort", "order"),
        "days": days,
        "target": queries.caseload_target(),
        "shows_hearings": policies.can_see_offence_data(user),
        "counts": queries.waiting_counts(loads),
    }
    return render(request, "teams/caseload.html", context)


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """What is waiting for the team leader: homicides to allocate and notifications to link, with their age."""
    user = request.user
    _allow(policies.can_manage_team(user))
    now = timezone.now()
    region_ids = list(policies.team_regions(user).values_list("pk", flat=True))
    homicides, homicide_count = queries.unallocated_homicides(user, region_ids, now)
    notifications, notification_count = queries.unlinked_notifications(user, region_ids, now)
    context = {
        "homicides": homicides,
        "homicide_count": homicide_count,
        "notifications": notifications,
        "notification_count": notification_count,
        "national": len(region_ids) > 1,
        "standard_hours": int(queries.INTAKE_STANDARD.total_seconds() // 3600),
    }
    return render(request, "teams/home.html", context)
