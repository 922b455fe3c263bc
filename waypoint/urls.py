from django.urls import include, path

urlpatterns = [
    path("", include("frontend.urls")),
    path("account/", include("accounts.urls")),
    path("intake/", include("intake.urls")),
    path("cases/", include("casework.urls")),
    path("audit/", include("audit.urls")),
    path("reports/", include("reporting.urls")),
    path("api/", include("api.urls")),
]
