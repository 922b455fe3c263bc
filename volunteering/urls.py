from django.urls import path

from volunteering import views

app_name = "volunteering"
urlpatterns = [
    path("", views.home, name="home"),
    path("record/", views.contact_new, name="contact-new"),
    path("tasks/<int:pk>/updates/new/", views.update_new, name="update-new"),
    path("people/<int:pk>/find/", views.find, name="find"),
    path("profile/", views.profile, name="profile"),
    path("team/<int:pk>/profile/", views.member_profile, name="member-profile"),
]
