from django.apps import AppConfig


class PropertiesConfig(AppConfig):
    name = "hearth.properties"
    label = "properties"

    def ready(self) -> None:
        from hearth.core.pages import register_record_pages
        from hearth.properties.models import Block, Estate, Property

        for kind, model in (("estate", Estate), ("block", Block), ("property", Property)):
            register_record_pages(kind, model)
