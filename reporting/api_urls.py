"""The report API's addresses, included by api/urls.py under /api/v1/reports/ (names in the `api` namespace)."""

from django.urls import path

from reporting import api

urlpatterns = [path(f"{code}/", view, name=f"report-{code}") for code, view in api.views.items()]
