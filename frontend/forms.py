"""Form pieces that render as GOV.UK components: day/month/year dates, and date with a time."""

from __future__ import annotations

from datetime import date, datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
