from django.urls import path

from equality import views

app_name = "equality"
urlpatterns = [path("people/<int:pk>/", views.person_equality, name="person-equality")]
