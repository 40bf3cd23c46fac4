from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    label = "applications"
    verbose_name = "Organisations and applications"

    def ready(self):
        from . import permissions

        permissions.register_rules()
