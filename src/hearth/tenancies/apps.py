from django.apps import AppConfig


class TenanciesConfig(AppConfig):
    name = "hearth.tenancies"
    label = "tenancies"

    def ready(self) -> None:
        from hearth.core import search
        from hearth.core.pages import register_record_pages
        from hearth.tenancies import services
        from hearth.tenancies.models import Tenancy

        register_record_pages("tenancy", Tenancy)

        # an agreement's search entry shows its tenants' names and the address
        search.depends_on("person", services.reindex_tenancies_of_person)
        search.depends_on("property", services.reindex_tenancies_of_property)
