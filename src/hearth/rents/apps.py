from django.apps import AppConfig


class RentsConfig(AppConfig):
    name = "hearth.rents"
    label = "rents"

    def ready(self) -> None:
        from hearth.core import files
        from hearth.rents.models import RentAccount

        # the account's Files tab also keeps the letters of tenancy processes
        files.viewable_with(RentAccount, capability="rents.view")
