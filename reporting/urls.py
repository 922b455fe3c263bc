from django.urls import path

from reporting import table_views, views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("b1/", views.b1, name="b1"),
    path("b9/", views.b9, name="b9"),
    # Tables B2 to B8 (reporting/tables.py), with the previous period and per case worker.
    *(
        path(f"{code}/", table_views.table_page, {"code": code}, name=code)
        for code in ("b2", "b3", "b4", "b5", "b6", "b7", "b8")
    ),
]
