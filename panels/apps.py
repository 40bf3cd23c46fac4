from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"
    label = "panels"
