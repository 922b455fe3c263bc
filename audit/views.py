"""Audit pages for team leaders and the national manager: a person's change history and who viewed them."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from pghistory.models import Events

from access import policies
from accounts.models import User
from audit.access_log import log_access
from audit.models import AccessLog
from casework.models import BereavedPerson, CaseEpisode, NeedsAssessment

PAGE_SIZE = 25
LABELS = {"insert": _("Added"), "update": _("Changed"), "delete": _("Deleted")}


def _audited_person(request: HttpRequest, pk: int) -> BereavedPerson:
    person = policies.get_visible_or_404(request.user, policies.people(request.user).select_related("homicide"), pk=pk)
    if not policies.can_read_audit(request.user, person):
        raise Http404
    return person


def person_events(person: BereavedPerson):
    """Every history event of the person and their casework records, newest first, as one query."""
    events = Events.objects.references(person)
    assessment_ids = (
        apps.get_model("casework", "NeedsAssessmentEvent")
        .objects.filter(person_id=person.pk)
        .values_list("pgh_obj_id", flat=True)
        .distinct()
    )
    # Agreed actions and needs found hang off assessments rather than the person. An empty list would mean
    # "every event".
    assessments = [NeedsAssessment(pk=pk) for pk in assessment_ids]
    if assessments:
        by_assessment = Events.objects.across("casework.AgreedActionEvent", "casework.AssessmentNeedEvent")
        events = events.union(by_assessment.references(assessments), all=True)
    # Exit plans hang off the person's episodes of support.
    episodes = [
        CaseEpisode(pk=pk)
        for pk in apps.get_model("casework", "CaseEpisodeEvent")
        .objects.filter(person_id=person.pk)
        .values_list("pgh_obj_id", flat=True)
        .distinct()
    ]
    if episodes:
        events = events.union(Events.objects.across("casework.ExitPlanEvent").references(episodes), all=True)
    return events.order_by("-pgh_created_at", "-pgh_id")


@dataclass
class Change:
    field: str
    before: object
    after: object


@dataclass
class HistoryRow:
    event: Events
    what: StrOrPromise
    record_type: str
    action: str
    user: User | None
    changes: list[Change]
    # Why a record was corrected or marked entered in error (the action's history context).
    reason: str = ""


def _field_names(model) -> dict[str, str]:
    return {f.attname: str(f.verbose_name) for f in model._meta.concrete_fields}


def _rows(events: list[Events]) -> list[HistoryRow]:
    user_ids = {(e.pgh_context or {}).get("user") for e in events} - {None}
    users = User.objects.in_bulk(user_ids)
    rows = []
    for event in events:
        model = apps.get_model(event.pgh_obj_model)
        names = _field_names(model)
        context = event.pgh_context or {}
        changes = [
            Change(names.get(column, column), before, after)
            for column, (before, after) in sorted((event.pgh_diff or {}).items())
        ]
        rows.append(
            HistoryRow(
                event=event,
                what=LABELS.get(event.pgh_label, event.pgh_label),
                record_type=str(model._meta.verbose_name).capitalize(),
                action=str(context.get("action", "")).replace("_", " "),
                user=users.get(context.get("user")),
                changes=changes,
                reason=str(context.get("reason", "")),
            )
        )
    return rows


@login_required
def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    person = _audited_person(request, pk)
    log_access(request.user, person=person, view_name="person-history")
    page = Paginator(person_events(person), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"person": person, "page": page, "rows": _rows(list(page.object_list))}
    return render(request, "audit/person_history.html", context)


@login_required
def person_access_log(request: HttpRequest, pk: int) -> HttpResponse:
    person = _audited_person(request, pk)
    log_access(request.user, person=person, view_name="person-access-log")
    entries = AccessLog.objects.filter(person_id=person.pk).select_related("user").order_by("-accessed_at", "-id")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/person_access_log.html", {"person": person, "page": page})
