from django.contrib import admin
from django.urls import include, path

from commissioning.views import criteria as criteria_views
from commissioning.views import site as views
from commissioning.views import staff as staff_views

account_urls = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("sign-in/link/", views.sign_in_link_request, name="sign_in_link_request"),
    path("sign-in/link/sent/", views.sign_in_link_sent, name="sign_in_link_sent"),
    path("sign-in/link/<str:token>/", views.sign_in_link_open, name="sign_in_link_open"),
    path("account/", views.account, name="account"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/stay-signed-in/", views.session_extend, name="session_extend"),
    path("account/emails/", views.email_choice, name="email_choice"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_sent, name="password_reset_sent"),
    path("password-reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("password-reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("invitation/<uidb64>/<token>/", criteria_views.invitation_accept, name="invitation_accept"),
]

page_urls = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility_statement, name="accessibility_statement"),
    path("privacy/", views.privacy_notice, name="privacy_notice"),
    path("help/", views.help_page, name="help"),
    path("activity/", views.activity, name="activity"),
    path("healthz", views.healthz, name="healthz"),
]

staff_urls = [
    path("rounds/", staff_views.round_list, name="round_list"),
    path("programmes/new/", staff_views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/edit/", staff_views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/rounds/new/", staff_views.round_create, name="round_create"),
    path("rounds/<slug:slug>/", staff_views.round_manage, name="round_manage"),
    path("rounds/<slug:slug>/edit/", staff_views.round_edit, name="round_edit"),
    path("rounds/<slug:slug>/timeline/", staff_views.round_timeline, name="round_timeline"),
    path("rounds/<slug:slug>/advance/", staff_views.round_advance, name="round_advance"),
    path("rounds/<slug:slug>/questions/", staff_views.question_list, name="question_list"),
    path("rounds/<slug:slug>/questions/new/", staff_views.question_create, name="question_create"),
    path("rounds/<slug:slug>/questions/<int:pk>/edit/", staff_views.question_edit, name="question_edit"),
    path("rounds/<slug:slug>/questions/<int:pk>/remove/", staff_views.question_remove, name="question_remove"),
    path("rounds/<slug:slug>/criteria-group/", staff_views.criteria_group, name="criteria_group"),
    path("rounds/<slug:slug>/criteria-group/remind/", staff_views.criteria_group_remind, name="criteria_group_remind"),
    path("plain-english/", staff_views.jargon_list, name="jargon_list"),
    path("plain-english/<int:pk>/remove/", staff_views.jargon_remove, name="jargon_remove"),
    path("emails/", staff_views.outbox, name="outbox"),
    path("emails/<int:pk>/send-again/", staff_views.outbox_send_again, name="outbox_send_again"),
]

criterion_urls = [
    path("", criteria_views.criterion_detail, name="criterion_detail"),
    path("respond/", criteria_views.criterion_respond, name="criterion_respond"),
    path("comment/", criteria_views.criterion_comment, name="criterion_comment"),
    path("withdraw/", criteria_views.criterion_withdraw, name="criterion_withdraw"),
    path("suggest/", criteria_views.wording_suggest, name="wording_suggest"),
    path("suggestions/<int:suggestion_pk>/", criteria_views.wording_decide, name="wording_decide"),
]

round_urls = [
    path("", criteria_views.round_detail, name="round_detail"),
    path("criteria/", criteria_views.criteria_list, name="criteria_list"),
    path("criteria/new/", criteria_views.criterion_propose, name="criterion_propose"),
    path("criteria/new-strand/", criteria_views.strand_propose, name="strand_propose"),
    path("criteria/<int:pk>/", include(criterion_urls)),
]

commissioning_patterns = (
    [
        *page_urls,
        *account_urls,
        path("criteria/", criteria_views.criteria_rounds, name="criteria_rounds"),
        path("rounds/<slug:slug>/", include(round_urls)),
        path("staff/", include(staff_urls)),
    ],
    "commissioning",
)

urlpatterns = [
    path("", include(commissioning_patterns)),
    path("", include("applications.urls")),
    path("", include("panels.urls")),
    path("admin/", admin.site.urls),
]

# Requests we cannot read get a kind page in plain words (413 when too much was sent).
handler400 = "commissioning.errors.bad_request"
# A database that does not answer gets a kind 503 page; any other fault, the 500 page.
handler500 = "commissioning.errors.server_error"
