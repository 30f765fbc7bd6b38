from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "hearth.people"
    label = "people"

    def ready(self) -> None:
        from hearth.core.pages import register_record_pages
        from hearth.people.models import Person

        register_record_pages("person", Person)
