from django.apps import AppConfig


class PropertiesConfig(AppConfig):
    name = "hearth.properties"
    label = "properties"
