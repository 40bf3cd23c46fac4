from django.contrib import admin
from django.urls import include, path

from . import views

account_urls = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("account/", views.account, name="account"),
    path("account/password/", views.password_change, name="password_change"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_sent, name="password_reset_sent"),
    path("password-reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("password-reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
]

page_urls = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility_statement, name="accessibility_statement"),
    path("privacy/", views.privacy_notice, name="privacy_notice"),
    path("activity/", views.activity, name="activity"),
    path("healthz", views.healthz, name="healthz"),
]

commissioning_patterns = ([*page_urls, *account_urls], "commissioning")

urlpatterns = [
    path("", include(commissioning_patterns)),
    path("", include("applications.urls")),
    path("", include("panels.urls")),
    path("admin/", admin.site.urls),
]
