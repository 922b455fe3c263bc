from django.urls import path

from commissioning import views

app_name = "commissioning"
urlpatterns = [
    path("providers/", views.providers, name="providers"),
    path("providers/new/", views.provider_new, name="provider-new"),
    path("providers/<int:pk>/edit/", views.provider_edit, name="provider-edit"),
    path("people/<int:pk>/", views.person_money, name="person-money"),
    path("people/<int:pk>/services/new/", views.service_new, name="service-new"),
    path("services/<int:pk>/approve/", views.service_approve, name="service-approve"),
    path("services/<int:pk>/cost/", views.service_cost, name="service-cost"),
    path("people/<int:pk>/cica/new/", views.cica_new, name="cica-new"),
    path("cica/<int:pk>/status/", views.cica_status, name="cica-status"),
    path("budgets/", views.budgets, name="budgets"),
    path("budgets/<int:region_pk>/", views.budget, name="budget"),
    path("budgets/<int:region_pk>/set/", views.budget_set, name="budget-set"),
]
