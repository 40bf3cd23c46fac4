from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class CommissioningConfig(AppConfig):
    name = "commissioning"
    label = "commissioning"
    verbose_name = "Commissioning Together"

    def ready(self):
        from django.contrib.auth import signals

        from commissioning import audit, gates, next_steps, permissions, services

        audit.register_verbs("commissioning", audit.DESCRIPTIONS)
        permissions.register_core_rules()
        gates.register_core_gates()
        next_steps.register(next_steps.staff_steps)
        next_steps.register(next_steps.criteria_steps)
        # django.contrib.auth's signals are its extension point for sign-in and sign-out;
        # the receivers only hand over to the audit service.
        signals.user_logged_in.connect(services.record_sign_in, dispatch_uid="audit_sign_in")
        signals.user_logged_out.connect(services.record_sign_out, dispatch_uid="audit_sign_out")


class CommissioningAdminConfig(AdminConfig):
    """Django admin, opened only to administrators through the policy."""

    default_site = "commissioning.admin_site.CommissioningAdminSite"
