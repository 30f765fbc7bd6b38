from django.apps import AppConfig


class TenancyProcessesConfig(AppConfig):
    name = "hearth.tenancy_processes"
    label = "tenancy_processes"
    verbose_name = "Tenancy processes"

    def ready(self) -> None:
        from hearth.tenancy_processes.views import parts

        parts.register()
