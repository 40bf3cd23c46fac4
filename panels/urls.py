from django.urls import path

from . import (
    decide_views,
    interview_views,
    member_views,
    open_data_views,
    pack_views,
    report_views,
    staff_views,
    talk_views,
    vote_views,
)

app_name = "panels"

member_urls = [
    path("panels/", member_views.panel_list, name="panel_list"),
    path("panels/<int:pk>/", member_views.panel_detail, name="panel_detail"),
    path("panels/<int:pk>/invitation/", member_views.invitation_answer, name="invitation_answer"),
    path("panels/<int:pk>/induction/<str:module>/", member_views.induction_module, name="induction_module"),
    path(
        "panels/<int:pk>/applications/<int:application_pk>/declare/",
        member_views.interest_declare,
        name="interest_declare",
    ),
    path("panels/<int:pk>/applications/<int:application_pk>/", member_views.application_read, name="application_read"),
    path(
        "panels/<int:pk>/applications/<int:application_pk>/score/",
        member_views.application_score,
        name="application_score",
    ),
    path(
        "panels/<int:pk>/applications/<int:application_pk>/score/reopen/",
        member_views.assessment_reopen,
        name="assessment_reopen",
    ),
    path("panels/<int:pk>/results/", member_views.panel_results, name="panel_results"),
]

staff_urls = [
    path("staff/rounds/<slug:slug>/panels/", staff_views.panel_setup, name="panel_setup"),
    path("staff/panels/<int:pk>/", staff_views.panel_manage, name="panel_manage"),
    path("staff/panels/<int:pk>/members/", staff_views.member_invite, name="member_invite"),
    path("staff/panels/<int:pk>/assign/", staff_views.applications_assign, name="applications_assign"),
    path("staff/panels/<int:pk>/conflicts/new/", staff_views.conflict_record, name="conflict_record"),
    path("staff/panels/<int:pk>/adjustments/new/", staff_views.adjustment_add, name="adjustment_add"),
    path(
        "staff/panels/<int:pk>/adjustments/<int:adjustment_pk>/remove/",
        staff_views.adjustment_remove,
        name="adjustment_remove",
    ),
]

# Each screen group keeps its own list beside its views.
urlpatterns = [
    *member_urls,
    *staff_urls,
    *talk_views.urlpatterns,
    *vote_views.urlpatterns,
    *interview_views.urlpatterns,
    *pack_views.urlpatterns,
    *decide_views.urlpatterns,
    *report_views.urlpatterns,
    *open_data_views.urlpatterns,
]
