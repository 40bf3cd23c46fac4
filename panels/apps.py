from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"
    label = "panels"
    verbose_name = "Volunteer panels"

    def ready(self):
        from commissioning import demo as core_demo

        from . import demo, permissions

        permissions.register_rules()
        core_demo.register(demo.build_panels)
