from django.urls import path

from reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("b1/", views.b1, name="b1"),
    path("b9/", views.b9, name="b9"),
]
