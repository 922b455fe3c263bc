from django.urls import path

from justice import views

app_name = "justice"
urlpatterns = [
    path("homicides/<int:homicide_pk>/events/new/", views.event_new, name="event-new"),
    path("homicides/<int:homicide_pk>/defendants/new/", views.defendant_new, name="defendant-new"),
    path("events/<int:pk>/correct/", views.event_correct, name="event-correct"),
    path("events/<int:pk>/entered-in-error/", views.event_error, name="event-error"),
]
