from django.urls import path

from casework import views

app_name = "casework"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("people/", views.people, name="people"),
    path("homicide/<int:homicide_pk>/people/new/", views.person_new, name="person-new"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/consent/new/", views.consent_new, name="consent-new"),
    path("people/<int:pk>/contacts/new/", views.contact_new, name="contact-new"),
    path("people/<int:pk>/assessments/new/", views.assessment_new, name="assessment-new"),
    path("people/<int:pk>/support/new/", views.support_new, name="support-new"),
    path("people/<int:pk>/close/", views.case_close, name="case-close"),
    path("people/<int:pk>/reopen/", views.case_reopen, name="case-reopen"),
    path("people/<int:pk>/exit-plan/", views.exit_plan, name="exit-plan"),
    path("people/<int:pk>/volunteers/new/", views.volunteer_assign, name="volunteer-assign"),
    path("volunteer-tasks/<int:pk>/end/", views.volunteer_task_end, name="volunteer-task-end"),
    path("actions/<int:pk>/complete/", views.action_complete, name="action-complete"),
    path("contacts/<int:pk>/correct/", views.contact_correct, name="contact-correct"),
    path("assessments/<int:pk>/correct/", views.assessment_correct, name="assessment-correct"),
    path("support/<int:pk>/correct/", views.support_correct, name="support-correct"),
    path("consent/<int:pk>/correct/", views.consent_correct, name="consent-correct"),
    path(
        "contacts/<int:pk>/entered-in-error/", views.entered_in_error, {"page": "contact-error"}, name="contact-error"
    ),
    path(
        "assessments/<int:pk>/entered-in-error/",
        views.entered_in_error,
        {"page": "assessment-error"},
        name="assessment-error",
    ),
    path("support/<int:pk>/entered-in-error/", views.entered_in_error, {"page": "support-error"}, name="support-error"),
    path("consent/<int:pk>/entered-in-error/", views.entered_in_error, {"page": "consent-error"}, name="consent-error"),
    path("cover/", views.covers, name="covers"),
    path("cover/new/", views.cover_new, name="cover-new"),
    path("cover/<int:pk>/end/", views.cover_end, name="cover-end"),
    path("cover/<int:pk>/cancel/", views.cover_cancel, name="cover-cancel"),
]
