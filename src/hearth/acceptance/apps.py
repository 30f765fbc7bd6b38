from django.apps import AppConfig


class AcceptanceConfig(AppConfig):
    name = "hearth.acceptance"
    label = "acceptance"
