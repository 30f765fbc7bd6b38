from django.apps import AppConfig


class PropertiesConfig(AppConfig):
    name = "hearth.properties"
    label = "properties"

    def ready(self) -> None:
        from hearth.core import files, search
        from hearth.properties.models import Block, Estate, Property

        for model in (Estate, Block, Property):
            files.viewable_with(model, capability="records.view")
        search.link("estate", Estate.URL_NAME)
        search.link("block", Block.URL_NAME)
        search.link("property", Property.URL_NAME)
