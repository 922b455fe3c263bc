from django.urls import include, path

from waypoint.admin import admin_site

urlpatterns = [
    path("", include("frontend.urls")),
    path("account/", include("accounts.urls")),
    path("intake/", include("intake.urls")),
    path("cases/", include("casework.urls")),
    path("money/", include("commissioning.urls")),
    path("journey/", include("justice.urls")),
    path("volunteering/", include("volunteering.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("equality/", include("equality.urls")),
    path("safeguarding/", include("safeguarding.urls")),
    path("reviews/", include("reviews.urls")),
    path("audit/", include("audit.urls")),
    path("reports/", include("reporting.urls")),
    path("team/", include("teams.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin_site.urls),
]
