from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"
    label = "panels"
    verbose_name = "Volunteer panels"

    def ready(self):
        from . import permissions

        permissions.register_rules()
