from django.apps import AppConfig


class PropertiesConfig(AppConfig):
    name = "hearth.properties"
    label = "properties"

    def ready(self) -> None:
        from hearth.core import files
        from hearth.properties.models import Block, Estate, Property

        for model in (Estate, Block, Property):
            files.viewable_with(model, capability="records.view")
