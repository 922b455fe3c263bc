"""Form pieces that render as GOV.UK components: day/month/year dates, and date with a time."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.records import REASON_MAX_LENGTH


class GovukDateWidget(forms.MultiWidget):
    template_name = "includes/widgets/date.html"
    parts: tuple[str, ...] = ("day", "month", "year")

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput(attrs={"inputmode": "numeric"}) for _ in self.parts], attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        return [data.get(f"{name}_{part}", "").strip() for part in self.parts]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for part, subwidget in zip(self.parts, context["widget"]["subwidgets"], strict=True):
            subwidget["name"] = f"{name}_{part}"
            subwidget["part"] = part
            subwidget["attrs"]["id"] = f"{attrs.get('id', 'id_' + name)}_{part}"
        return context


class GovukDateField(forms.Field):
    """A date typed as day, month and year, refused with a clear message when impossible."""

    widget = GovukDateWidget
    default_error_messages = {
        "required": _("Enter a date"),
        "incomplete": _("The date must include a day, month and year"),
        "invalid": _("Enter a real date"),
    }

    def to_python(self, value):
        if not value or not any(value):
            return None
        if not all(value):
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        try:
            day, month, year = (int(v) for v in value)
            if year < 1900:
                raise ValueError
            return date(year, month, day)
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class GovukDateTimeWidget(GovukDateWidget):
    template_name = "includes/widgets/date.html"
    parts = ("day", "month", "year", "time")

    def decompress(self, value):
        if isinstance(value, datetime):
            local = timezone.localtime(value)
            return [local.day, local.month, local.year, local.strftime("%H:%M")]
        return [None, None, None, None]


class GovukDateTimeField(GovukDateField):
    """A date and a 24-hour time (HH:MM), taken as UK time."""

    widget = GovukDateTimeWidget
    default_error_messages = {
        "required": _("Enter a date and time"),
        "incomplete": _("Enter a day, month, year and time"),
        "invalid": _("Enter a real date and a time such as 14:30"),
    }

    def to_python(self, value):
        if not value or not any(value):
            return None
        day_part = super().to_python(value[:3])
        try:
            hours, minutes = (int(v) for v in value[3].replace(".", ":").split(":"))
            moment = time(hours, minutes)
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return timezone.make_aware(datetime.combine(day_part, moment))


def apply_errors(form: forms.BaseForm, error) -> None:
    """Put a ValidationError raised by an action onto the form's fields (or the form itself)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


# ---- GOV.UK error messages for every field ------------------------------------------------------------------
# Django's own messages ("This field is required.", "Select a valid choice. ...", "Ensure this value is greater than
# or equal to 1.") never reach a page: every form is a GovukForm (or GovukModelForm), which, as it validates, gives
# each field whose message is still Django's one in GOV.UK style, made from the field's label and limits. A message
# a form sets itself ("Enter the date of the contact") is kept.


def _stock_messages() -> set[str]:
    """Every message Django's form fields and validators give by default."""
    import inspect

    from django.core import validators

    found: set[str] = {str(GovukDateField.default_error_messages["required"])}
    found.add(str(GovukDateTimeField.default_error_messages["required"]))
    for _name, cls in inspect.getmembers(forms.fields, inspect.isclass):
        for klass in cls.__mro__:
            found.update(str(m) for m in getattr(klass, "default_error_messages", {}).values())
    for _name, cls in inspect.getmembers(forms.models, inspect.isclass):
        found.update(str(m) for m in getattr(cls, "default_error_messages", {}).values())
    for _name, cls in inspect.getmembers(validators, inspect.isclass):
        message = getattr(cls, "message", None)
        if message is not None:
            found.add(str(message))
    return found


def _label(field: forms.Field, name: str) -> str:
    label = str(field.label or name.replace("_", " ")).strip()
    for ending in (" (optional)", ":", "?"):
        label = label.removesuffix(ending)
    return label


def _the(label: str) -> str:
    """'Date of assessment' -> 'the date of assessment'; an acronym ('CICA reference') keeps its capitals."""
    if label[:2].isupper() or label.lower().startswith(("the ", "a ", "an ", "your ")):
        return label if label[:2].isupper() else label[0].lower() + label[1:]
    return "the " + label[0].lower() + label[1:]


def _number(value) -> str:
    return f"{value:,}"


def govuk_messages(field: forms.Field, name: str, stock: set[str]) -> None:
    """Replace the field's stock messages with GOV.UK ones from its label and limits."""
    label = _label(field, name)
    the = _the(label)
    capital = the[0].upper() + the[1:]
    choosing = isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.BooleanField | forms.FileField)
    lowest = getattr(field, "min_value", None)
    highest = getattr(field, "max_value", None)
    if isinstance(field, forms.IntegerField) and lowest is not None and highest is not None:
        number = _("Enter %(the)s as a whole number from %(low)s to %(high)s") % {
            "the": the,
            "low": _number(lowest),
            "high": _number(highest),
        }
    elif isinstance(field, forms.IntegerField):
        number = _("Enter %(the)s as a whole number") % {"the": the}
    else:
        number = _("Enter %(the)s as a number") % {"the": the}
    messages: dict[str, Any] = {
        "required": (_("Select %(the)s") if choosing else _("Enter %(the)s")) % {"the": the},
        "invalid_choice": _("Select %(the)s from the list") % {"the": the},
        "invalid_pk_value": _("Select %(the)s from the list") % {"the": the},
        "invalid_list": _("Select %(the)s from the list") % {"the": the},
        "max_length": _("%(the)s must be %(n)s characters or fewer")
        % {"the": capital, "n": _number(getattr(field, "max_length", None) or 0)},
        "min_length": _("%(the)s must be %(n)s characters or more")
        % {"the": capital, "n": _number(getattr(field, "min_length", None) or 0)},
        "null_characters_not_allowed": _("%(the)s must not contain null characters") % {"the": capital},
        "incomplete": _("Enter all of %(the)s") % {"the": the},
        "missing": _("Select %(the)s") % {"the": the},
        "empty": _("The selected file is empty"),
        "contradiction": _("Select %(the)s, or leave it blank") % {"the": the},
    }
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        messages["invalid"] = number
        messages["min_value"] = (
            number
            if highest is not None
            else (_("%(the)s must be %(low)s or more") % {"the": capital, "low": _number(lowest or 0)})
        )
        messages["max_value"] = (
            number
            if lowest is not None
            else (_("%(the)s must be %(high)s or less") % {"the": capital, "high": _number(highest or 0)})
        )
        messages["step_size"] = number
        places = getattr(field, "decimal_places", None)
        messages["max_decimal_places"] = _("Enter %(the)s with no more than %(n)s decimal places") % {
            "the": the,
            "n": places,
        }
        messages["max_digits"] = messages["max_whole_digits"] = _("%(the)s is too large") % {"the": capital}
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = _("Enter an email address in the correct format, like name@example.com")
    elif isinstance(field, forms.DateField | forms.DateTimeField | GovukDateField):
        messages["invalid"] = _("%(the)s must be a real date") % {"the": capital}
    else:
        messages["invalid"] = _("Enter %(the)s in the correct format") % {"the": the}
    required = field.error_messages.get("required")
    if choosing and required is not None and str(required) not in stock:
        # A choice the form names itself ("Select who is away") is named the same way when it is not on the list.
        for code in ("invalid_choice", "invalid_pk_value", "invalid_list"):
            messages[code] = required
    for code, message in messages.items():
        current = field.error_messages.get(code)
        if current is None or str(current) in stock:
            field.error_messages[code] = message


class GovukFormMixin:
    """Every field's messages in GOV.UK style, set as the form validates (so fields added in `__init__` count)."""

    fields: dict
    _stock: set[str] | None = None

    def full_clean(self) -> None:
        if GovukFormMixin._stock is None:
            GovukFormMixin._stock = _stock_messages()
        for name, field in self.fields.items():
            govuk_messages(field, name, GovukFormMixin._stock)
        super().full_clean()  # type: ignore[misc]


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


# ---- Corrections: why a record is corrected or marked entered in error ------------------------------------


def reason_field(label, *, missing, help_text=None) -> forms.CharField:
    """The reason a correction or an error asks for (kept on the record and in its history)."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX_LENGTH,
        help_text=help_text,
        error_messages={
            "required": missing,
            "max_length": _("The reason must be %(n)s characters or fewer") % {"n": f"{REASON_MAX_LENGTH:,}"},
        },
    )


def add_correction_reason(form: forms.BaseForm, noun) -> None:
    """A record's form, used to correct it: the reason for the correction comes last."""
    form.fields["reason"] = reason_field(
        _("Why are you correcting this %(noun)s?") % {"noun": noun},
        missing=_("Enter why the %(noun)s is being corrected") % {"noun": noun},
        help_text=_("For example, the wrong date was typed. The version before stays in the history."),
    )


class EnteredInErrorForm(GovukForm):
    """Why a record was entered in error: it is kept, marked and struck through, and no longer counts."""

    def __init__(self, *args, noun, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = reason_field(
            _("Why was this %(noun)s entered in error?") % {"noun": noun},
            missing=_("Enter why the %(noun)s was entered in error") % {"noun": noun},
            help_text=_(
                "For example, it was recorded twice or for the wrong person. It stays in the history, marked as "
                "entered in error, and no longer counts in the figures."
            ),
        )
