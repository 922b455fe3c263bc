"""Outcome measure pages: a person's outcomes over time, and recording a measure.

The person comes from `access.policies` (casework readers only: others get 404); the measure is recorded by
`outcomes.actions`, whose refusals (NotAllowed) become 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from access import policies
from audit.access_log import log_access
from casework.models import BereavedPerson
from frontend.forms import apply_errors
from frontend.requests import AuthenticatedRequest
from outcomes import actions, queries
from outcomes.forms import OutcomeMeasureForm


def _person(request: AuthenticatedRequest, pk: int) -> BereavedPerson:
    return policies.get_visible_or_404(request.user, policies.casework_people(request.user), pk=pk)


@login_required
def person_outcomes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    log_access(request.user, person=person, view_name="outcomes:person-outcomes")
    table = queries.over_time(policies.outcome_measures(request.user).filter(person=person))
    context = {
        "person": person,
        "table": table,
        "can_record": person.referred_at is not None and policies.may("record_outcome_measure", request.user, person),
    }
    return render(request, "outcomes/person_outcomes.html", context)


@login_required
def measure_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    policies.authorize("record_outcome_measure", request.user, person)
    form = OutcomeMeasureForm(
        request.POST if request.method == "POST" else None, categories=actions.active_categories()
    )
    if request.method == "POST" and form.is_valid():
        try:
            measure = actions.record_outcome_measure(person=person, by=request.user, **form.measure_fields())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(point)s measure recorded") % {"point": measure.get_point_display()})
            return redirect("outcomes:person-outcomes", pk=person.pk)
    log_access(request.user, person=person, view_name="outcomes:measure-new")
    return render(request, "outcomes/measure_form.html", {"person": person, "form": form})
