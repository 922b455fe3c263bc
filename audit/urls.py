from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("people/<int:pk>/history/", views.person_history, name="person-history"),
    path("people/<int:pk>/access-log/", views.person_access_log, name="person-access-log"),
]
