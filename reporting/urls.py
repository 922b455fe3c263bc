from django.urls import path

from reporting import dashboard_views, police_views, table_views, views, volunteer_deployment

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("b1/", views.b1, name="b1"),
    path("b9/", views.b9, name="b9"),
    # Equality reach and outcomes change (issue 9), tables like B1's: one column per region, or per group (M5).
    path("m5/", views.m5, name="m5"),
    path("m6/", views.m6, name="m6"),
    path("police-coverage/", police_views.coverage, name="police-coverage"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("board-pack/", dashboard_views.board_pack, name="board-pack"),
    path("police-coverage/upload/", police_views.upload, name="police-figures-upload"),
    # Tables B2 to B8 (tables.py) and chapter 5 measures (measures.py), with the previous period, per case worker.
    *(path(f"{code}/", table_views.table_page, {"code": code}, name=code) for code in table_views.TABLES),
    # M4, volunteer deployment: per volunteer rather than per case worker (volunteer_deployment.py).
    path("m4/", volunteer_deployment.page, name="m4"),
]
