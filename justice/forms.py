"""Justice journey forms: typing only. The rules (whose defendant, which dates) are the actions'."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.forms import GovukDateField, GovukForm
from justice.models import NOTES_MAX_LENGTH, EventKind, VerdictOutcome


def _number(label, message):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        error_messages={"invalid": message, "min_value": message},
        widget=forms.NumberInput,
    )


class DefendantForm(GovukForm):
    name = forms.CharField(label=_("Name"), error_messages={"required": _("Enter the defendant's name")})
    date_of_birth = GovukDateField(
        label=_("Date of birth"), required=False, help_text=_("For example, 27 3 1990. Leave blank if not known.")
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False, max_length=NOTES_MAX_LENGTH)


class JourneyEventForm(GovukForm):
    kind = forms.ChoiceField(
        label=_("What happened"),
        choices=[("", ""), *EventKind.choices],
        error_messages={"required": _("Select what happened"), "invalid_choice": _("Select what happened")},
    )
    occurred_on = GovukDateField(
        label=_("Date"),
        help_text=_("For example, 27 3 2026. A hearing or trial can be recorded ahead, on the day it is listed for."),
        error_messages={"required": _("Enter the date")},
    )
    defendant = forms.TypedChoiceField(
        label=_("Defendant"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Needed for a charge or a verdict"),
        error_messages={"invalid_choice": _("Select a defendant in this homicide")},
    )
    offence = forms.CharField(label=_("Offence charged"), required=False, help_text=_("For a charge"))
    outcome = forms.ChoiceField(
        label=_("Verdict"),
        required=False,
        choices=[("", ""), *VerdictOutcome.choices],
        help_text=_("For a verdict"),
        error_messages={"invalid_choice": _("Select the verdict")},
    )
    family_days_attended = _number(
        _("Days the family attended"), _("Enter the days the family attended as a whole number, such as 5")
    )
    staff_days_attended = _number(
        _("Days staff attended"), _("Enter the days staff attended as a whole number, such as 5")
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False, max_length=NOTES_MAX_LENGTH)

    def __init__(self, *args, defendants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.defendants = {d.pk: d for d in defendants}
        cast(forms.ChoiceField, self.fields["defendant"]).choices = [("", _("None"))] + [
            (d.pk, d.name) for d in defendants
        ]
        self.fields["family_days_attended"].help_text = _("For the end of a trial")
        self.fields["staff_days_attended"].help_text = _("For the end of a trial")

    def event_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["defendant"] = self.defendants.get(data["defendant"])
        return data
