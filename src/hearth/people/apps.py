from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "hearth.people"
    label = "people"

    def ready(self) -> None:
        from hearth.core import files, search
        from hearth.people.models import Person

        files.viewable_with(Person, capability="records.view")
        search.link("person", Person.URL_NAME)
