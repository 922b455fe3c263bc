"""How many API requests one user may make: `API_THROTTLE_RATE` (set by WAYPOINT_API_THROTTLE_RATE)."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import UserRateThrottle


class ApiUserThrottle(UserRateThrottle):
    """Counted in the default cache, so that every worker process counts the same requests."""

    def get_rate(self) -> str:
        return settings.API_THROTTLE_RATE
