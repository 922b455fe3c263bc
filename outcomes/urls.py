from django.urls import path

from outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("people/<int:pk>/outcomes/", views.person_outcomes, name="person-outcomes"),
    path("people/<int:pk>/outcomes/new/", views.measure_new, name="measure-new"),
]
