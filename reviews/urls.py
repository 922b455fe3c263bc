from django.urls import path

from reviews import views

app_name = "reviews"
urlpatterns = [
    path("homicides/<int:homicide_pk>/", views.review, name="review"),
    path("homicides/<int:homicide_pk>/open/", views.review_open, name="review-open"),
    path("homicides/<int:homicide_pk>/steps/<slug:step>/", views.review_step, name="review-step"),
    path("homicides/<int:homicide_pk>/advocacy-offers/new/", views.offer_new, name="offer-new"),
    path("advocacy-offers/<int:pk>/", views.offer_answer, name="offer-answer"),
    path("homicides/<int:homicide_pk>/chair-meetings/new/", views.meeting_new, name="meeting-new"),
]
