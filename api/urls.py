from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from api import commissioning, reviews, safeguarding, teams, views, volunteering
from api.permissions import IsActiveUser

app_name = "api"

router = DefaultRouter()
router.register("notifications", views.NotificationViewSet, basename="notification")
# A homicide's review hangs under it (/homicides/<id>/dhr/); registered first so that the API root lists the
# homicides' own collection under "homicides".
router.register("homicides", reviews.HomicideReviewViewSet, basename="homicide-review")
router.register("homicides", views.HomicideViewSet, basename="homicide")
router.register("allocations", views.AllocationViewSet, basename="allocation")
# The people endpoint with each person's risk checks and safeguarding concerns under it (api.safeguarding).
router.register("people", safeguarding.PersonViewSet, basename="person")
router.register("consent-decisions", views.ConsentDecisionViewSet, basename="consent-decision")
router.register("contacts", views.ContactViewSet, basename="contact")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register("support-given", views.SupportGivenViewSet, basename="support-given")
router.register("agreed-actions", views.AgreedActionViewSet, basename="agreed-action")
router.register("volunteer-tasks", views.VolunteerTaskViewSet, basename="volunteer-task")
router.register("need-types", views.NeedTypeViewSet, basename="need-type")
router.register("support-types", views.SupportTypeViewSet, basename="support-type")
router.register("providers", commissioning.ProviderViewSet, basename="provider")
router.register("commissioned-services", commissioning.CommissionedServiceViewSet, basename="commissioned-service")
router.register("cica-applications", commissioning.CicaApplicationViewSet, basename="cica-application")
router.register("journey-events", views.JourneyEventViewSet, basename="journey-event")
router.register("case-episodes", views.CaseEpisodeViewSet, basename="case-episode")
router.register("volunteer-updates", volunteering.VolunteerUpdateViewSet, basename="volunteer-update")
router.register("volunteer-profiles", volunteering.VolunteerProfileViewSet, basename="volunteer-profile")
router.register("outcome-categories", views.OutcomeCategoryViewSet, basename="outcome-category")
router.register("safeguarding-concerns", safeguarding.SafeguardingConcernViewSet, basename="safeguarding-concern")
router.register("advocacy-offers", reviews.AdvocacyOfferViewSet, basename="advocacy-offer")
router.register("covers", teams.CoverViewSet, basename="cover")
router.register("reference/regions", teams.RegionViewSet, basename="reference-region")
router.register("reference/police-forces", teams.PoliceForceViewSet, basename="reference-police-force")
router.register("reference/case-holders", teams.CaseHolderViewSet, basename="reference-case-holder")
router.register("reference/service-types", teams.ServiceTypeViewSet, basename="reference-service-type")
router.register("team-caseload", teams.TeamCaseloadViewSet, basename="team-caseload")

urlpatterns = [
    path("v1/reports/", include("reporting.api_urls")),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[IsActiveUser]), name="schema"),
    path("docs/", views.docs, name="docs"),
    # Any other address under /api/ is a JSON 404 too, not the HTML page.
    re_path(r"^.*$", views.not_found),
]
