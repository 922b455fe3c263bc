"""The admin site: reference data only, for superusers who have signed in with both factors.

No personal data is registered here; people, homicides and user accounts are managed through the service's own
pages, where the access policies, actions and history apply.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from casework.models import NeedType, SupportType
from organisation.models import PoliceForce, Region
from outcomes.models import OutcomeCategory


class WaypointAdminSite(OTPAdminSite):
    site_header = _("Waypoint reference data")
    site_title = _("Waypoint reference data")
    index_title = _("Reference data")

    def has_permission(self, request) -> bool:
        return super().has_permission(request) and request.user.is_superuser

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            # Signed in (with both factors, by the middleware) but not a superuser: signing in again won't help.
            raise PermissionDenied
        # One way in, with lockout and the second factor: the service's own sign-in.
        return redirect_to_login(request.get_full_path(), reverse("accounts:sign-in"))


admin_site = WaypointAdminSite(name="admin")


class ReferenceDataAdmin(admin.ModelAdmin):
    """Records refer to these, so they are retired (marked not in use) rather than deleted."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Region, site=admin_site)
class RegionAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "area_square_miles", "display_order"]


@admin.register(PoliceForce, site=admin_site)
class PoliceForceAdmin(ReferenceDataAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]


@admin.register(NeedType, site=admin_site)
class NeedTypeAdmin(ReferenceDataAdmin):
    list_display = ["name", "is_active", "display_order"]


@admin.register(SupportType, site=admin_site)
class SupportTypeAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "commissioned", "is_active", "display_order"]
    list_filter = ["commissioned", "is_active"]


@admin.register(OutcomeCategory, site=admin_site)
class OutcomeCategoryAdmin(ReferenceDataAdmin):
    """A category added is scored in every measure from then on; one retired is no longer asked."""

    list_display = ["name", "code", "is_active", "display_order"]
    list_filter = ["is_active"]
