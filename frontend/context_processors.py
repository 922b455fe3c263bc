from access import policies
from frontend.navigation import items_for


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated or not user.is_verified():
        return {}
    return {
        "nav_items": items_for(user, request.path),
        "can_search": policies.has_case_records(user),
    }
