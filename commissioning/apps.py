from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class CommissioningConfig(AppConfig):
    name = "commissioning"
    label = "commissioning"
    verbose_name = "Commissioning Together"

    def ready(self):
        from django.contrib.auth import signals
        from django.db.models.signals import post_delete, post_save
        from guardian.models import GroupObjectPermission, UserObjectPermission

        from commissioning import audit, emails, gates, idle, next_steps, permissions, services

        audit.register_verbs("commissioning", audit.DESCRIPTIONS)
        emails.register_kinds("commissioning", emails.CORE_KINDS)
        permissions.register_core_rules()
        gates.register_core_gates()
        next_steps.register(next_steps.staff_steps)
        next_steps.register(next_steps.criteria_steps)
        # django.contrib.auth's signals are its extension point for sign-in and sign-out;
        # the receivers only hand over to the audit service.
        signals.user_logged_in.connect(services.record_sign_in, dispatch_uid="audit_sign_in")
        signals.user_logged_out.connect(services.record_sign_out, dispatch_uid="audit_sign_out")
        signals.user_logged_in.connect(idle.start_clock, dispatch_uid="idle_clock_start")
        # A grant given or taken away in a request is read afresh at once (permissions.has_grant).
        for model in (UserObjectPermission, GroupObjectPermission):
            post_save.connect(permissions.forget_reads, sender=model, dispatch_uid=f"grants_{model.__name__}_save")
            post_delete.connect(permissions.forget_reads, sender=model, dispatch_uid=f"grants_{model.__name__}_delete")


class CommissioningAdminConfig(AdminConfig):
    """Django admin, opened only to administrators through the policy."""

    default_site = "commissioning.admin_site.CommissioningAdminSite"
