from django.apps import AppConfig


class PropertiesConfig(AppConfig):
    name = "hearth.properties"
    label = "properties"

    def ready(self) -> None:
        from hearth.core import search
        from hearth.properties.models import Block, Estate, Property

        search.link("estate", Estate.URL_NAME)
        search.link("block", Block.URL_NAME)
        search.link("property", Property.URL_NAME)
