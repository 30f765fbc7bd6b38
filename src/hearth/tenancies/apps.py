from django.apps import AppConfig


class TenanciesConfig(AppConfig):
    name = "hearth.tenancies"
    label = "tenancies"

    def ready(self) -> None:
        from hearth.core import files, search
        from hearth.tenancies import services
        from hearth.tenancies.models import Tenancy

        files.viewable_with(Tenancy, capability="records.view")
        search.link("tenancy", Tenancy.URL_NAME)

        # an agreement's search entry shows its tenants' names and the address
        search.depends_on("person", services.reindex_tenancies_of_person)
        search.depends_on("property", services.reindex_tenancies_of_property)
