from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"
    label = "panels"
    verbose_name = "Volunteer panels"

    def ready(self):
        from commissioning import demo as core_demo
        from commissioning import next_steps as core_next_steps

        from . import demo, next_steps, permissions

        permissions.register_rules()
        core_demo.register(demo.build_panels)
        core_next_steps.register(next_steps.member_steps)
