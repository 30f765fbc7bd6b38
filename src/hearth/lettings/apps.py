from django.apps import AppConfig


class LettingsConfig(AppConfig):
    name = "hearth.lettings"
    label = "lettings"

    def ready(self) -> None:
        from hearth.core import files
        from hearth.lettings import selectors
        from hearth.lettings.models import Advert, Application

        # an application's evidence only to officers of its partner, as the register shows it;
        # adverts (and their photos) to every partner's officers, as the adverts list shows them
        files.viewable_with(Application, capability="lettings.view", visible=selectors.may_see_application)
        files.viewable_with(Advert, capability="lettings.view")
