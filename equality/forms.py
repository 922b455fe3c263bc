"""The equality monitoring form: typing only; the rules are `equality.actions`'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from equality.models import EQUALITY_FIELDS, EqualityRecord
from frontend.forms import GovukForm

QUESTIONS: dict[str, tuple[StrOrPromise, StrOrPromise]] = {
    "ethnic_group": (_("What is their ethnic group?"), _("The 2021 census categories")),
    "age_band": (_("What is their age?"), ""),
    "sex": (_("What is their sex?"), ""),
    "gender_same_as_at_birth": (
        _("Is the gender they identify with the same as their sex registered at birth?"),
        _("Asked of people aged 16 or over"),
    ),
    "disabled": (
        _("Are they disabled?"),
        _(
            "A physical or mental impairment that has a substantial and long-term adverse effect on their ability to "
            "carry out normal day-to-day activities (Equality Act 2010)"
        ),
    ),
    "religion": (_("What is their religion?"), ""),
    "sexual_orientation": (
        _("Which of the following best describes their sexual orientation?"),
        _("Asked of people aged 16 or over"),
    ),
    "first_language": (_("What is their first language?"), ""),
}


class EqualityForm(GovukForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in EQUALITY_FIELDS.items():
            label, hint = QUESTIONS[name]
            message = _("Select an answer from the list")
            self.fields[name] = forms.ChoiceField(
                label=label,
                help_text=hint,
                required=False,
                choices=[("", _("Not asked or not known")), *choices.choices],
                widget=forms.Select if name == "ethnic_group" else forms.RadioSelect,
                error_messages={"invalid_choice": message},
            )
        self.fields["other_language"] = forms.CharField(
            label=EqualityRecord._meta.get_field("other_language").verbose_name.capitalize(),
            required=False,
            help_text=_("If their first language is another language"),
        )
