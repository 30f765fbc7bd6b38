from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "hearth.people"
    label = "people"

    def ready(self) -> None:
        from hearth.core import search
        from hearth.people.models import Person

        search.link("person", Person.URL_NAME)
