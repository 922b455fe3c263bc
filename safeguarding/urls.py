from django.urls import path

from safeguarding import views

app_name = "safeguarding"
urlpatterns = [
    path("people/<int:pk>/risk/", views.person_risk, name="person-risk"),
    path("people/<int:pk>/risk/new/", views.risk_check_new, name="risk-check-new"),
    path("people/<int:pk>/concerns/", views.person_concerns, name="person-concerns"),
    path("people/<int:pk>/concerns/new/", views.concern_new, name="concern-new"),
    path("concerns/<int:pk>/", views.concern_update, name="concern-update"),
]
