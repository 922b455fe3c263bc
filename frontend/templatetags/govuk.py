from django import template

register = template.Library()


@register.filter
def first_widget_id(field) -> str:
    """The id the error summary links to: the field, or the first part of a date."""
    widget = field.field.widget
    if field.widget_type in {"radioselect", "checkboxselectmultiple"}:
        return f"{field.auto_id}_0"  # the first option: Django gives radios and checkboxes no single id
    parts = getattr(widget, "parts", None)
    base = field.id_for_label if not parts else f"{field.auto_id}"
    return f"{base}_{parts[0]}" if parts else base
