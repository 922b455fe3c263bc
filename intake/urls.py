from django.urls import path

from intake import views

app_name = "intake"
urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/new/", views.notification_new, name="notification-new"),
    path("notifications/<int:pk>/", views.notification_detail, name="notification-detail"),
    path("notifications/<int:pk>/link/", views.notification_link, name="notification-link"),
    path("homicides/", views.homicide_list, name="homicides"),
    path("homicides/<int:pk>/", views.homicide_detail, name="homicide-detail"),
    path("homicides/<int:pk>/edit/", views.homicide_edit, name="homicide-edit"),
    path("homicides/<int:pk>/allocate/", views.homicide_allocate, name="homicide-allocate"),
    path("homicides/<int:pk>/no-referral/", views.homicide_no_referral, name="homicide-no-referral"),
    path("homicides/<int:pk>/police-liaison/", views.homicide_police_liaison, name="homicide-police-liaison"),
]
