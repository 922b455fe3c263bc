"""The outcome measure form: typing only. The rules (dates, one start, every category answered) are the action's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.forms import GovukDateField, GovukForm
from outcomes.actions import score_field
from outcomes.models import MeasurePoint, OutcomeCategory, Score

NOT_APPLICABLE = "na"


class OutcomeMeasureForm(GovukForm):
    point = forms.ChoiceField(
        label=_("When in the support was this measure taken?"),
        choices=MeasurePoint.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select when in the support the measure was taken"),
            "invalid_choice": _("Select when in the support the measure was taken"),
        },
    )
    measured_on = GovukDateField(
        label=_("Date of the measure"),
        help_text=_("The day you went through it with the person, for example 27 3 2026"),
        error_messages={"required": _("Enter the date of the measure")},
    )

    def __init__(self, *args, categories: list[OutcomeCategory], **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = categories
        for category in categories:
            message = _("Select a score for %(name)s, or not applicable") % {"name": category.name.lower()}
            self.fields[score_field(category)] = forms.ChoiceField(
                label=category.name,
                help_text=category.hint,
                choices=[*((str(v), label) for v, label in Score.choices), (NOT_APPLICABLE, _("Not applicable"))],
                widget=forms.RadioSelect,
                error_messages={"required": message, "invalid_choice": message},
            )
        self.fields["notes"] = forms.CharField(
            label=_("Notes"), widget=forms.Textarea, required=False, help_text=_("Optional. Up to 2,000 characters.")
        )

    def score_fields(self):
        return [self[score_field(c)] for c in self.categories]

    def measure_fields(self) -> dict:
        data = self.cleaned_data
        scores: dict[str, int | None] = {}
        for category in self.categories:
            answer = data[score_field(category)]
            scores[category.code] = None if answer == NOT_APPLICABLE else int(answer)
        return {"point": data["point"], "measured_on": data["measured_on"], "scores": scores, "notes": data["notes"]}
