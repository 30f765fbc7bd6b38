from django.apps import AppConfig


class RepairsConfig(AppConfig):
    name = "hearth.repairs"
    label = "repairs"
