"""The equality monitoring page of a person: their answers, to record or change.

Only for those `access.policies.equality_people` names (the case holder, their team leader, the national manager):
anyone else gets 404, as for a person who does not exist.
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
from equality import actions
from equality.forms import EqualityForm
from frontend.forms import apply_errors
from frontend.requests import AuthenticatedRequest


@login_required
def person_equality(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    person = policies.get_visible_or_404(user, policies.equality_people(user), pk=pk)
    policies.authorize("record_equality_data", user, person)
    record = policies.equality_records(user).select_related("recorded_by").filter(person=person).first()
    initial = {name: getattr(record, name) for name in actions.ANSWER_FIELDS} if record else {}
    form = EqualityForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_equality_data(person=person, by=user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Equality monitoring saved"))
            return redirect("casework:person-detail", pk=person.pk)
    log_access(user, person=person, view_name="equality:person-equality")
    return render(request, "equality/person_equality.html", {"person": person, "form": form, "record": record})
