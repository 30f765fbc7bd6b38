from django.apps import AppConfig


class RentsConfig(AppConfig):
    name = "hearth.rents"
    label = "rents"
