"""How pages name the review (settings: the guidance is renaming Domestic Homicide Reviews)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def dhr_name() -> str:
    return settings.WAYPOINT_DHR_NAME


@register.simple_tag
def dhr_title() -> str:
    return settings.WAYPOINT_DHR_TITLE
