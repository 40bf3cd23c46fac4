from django.urls import include, path

from applications.views import application as views
from applications.views import attachment as attachment_views
from applications.views import closing as closing_views
from applications.views import eligibility as eligibility_views
from applications.views import organisation as organisation_views

app_name = "applications"

organisation_urls = [
    path("register/", organisation_views.organisation_register, name="organisation_register"),
    path("organisations/<int:pk>/", organisation_views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", organisation_views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/invite/", organisation_views.colleague_invite, name="colleague_invite"),
    path("join/<str:token>/", organisation_views.invitation_accept, name="invitation_accept"),
]

application_urls = [
    path("", views.application_detail, name="application_detail"),
    path("project/", views.application_project, name="application_project"),
    path("sections/<int:criterion_pk>/", views.application_section, name="application_section"),
    path("files/", attachment_views.attachment_list, name="attachment_list"),
    path("files/<int:attachment_pk>/", attachment_views.attachment_download, name="attachment_download"),
    path("files/<int:attachment_pk>/remove/", attachment_views.attachment_remove, name="attachment_remove"),
    path("check/", views.application_check, name="application_check"),
    path("submit/", views.application_submit, name="application_submit"),
    path("sent/", views.application_confirmation, name="application_confirmation"),
    path("withdraw/", views.application_withdraw, name="application_withdraw"),
    path("compare/<int:version_pk>/", views.draft_compare, name="draft_compare"),
]

urlpatterns = [
    *organisation_urls,
    path("applications/", organisation_views.application_list, name="application_list"),
    path("rounds/<slug:slug>/apply/", organisation_views.application_start, name="application_start"),
    path("applications/<int:pk>/", include(application_urls)),
    path("staff/rounds/<slug:slug>/applications/", eligibility_views.eligibility_list, name="eligibility_list"),
    path("staff/rounds/<slug:slug>/close-applications/", closing_views.applications_close, name="applications_close"),
    path("staff/applications/<int:pk>/eligibility/", eligibility_views.eligibility_check, name="eligibility_check"),
]
