from django.apps import AppConfig


class RepairsConfig(AppConfig):
    name = "hearth.repairs"
    label = "repairs"

    def ready(self) -> None:
        from hearth.core import files
        from hearth.repairs.models import HazardCase, RepairOrder

        # staff who see repairs; a contractor's staff have only the contractor API
        for model in (RepairOrder, HazardCase):
            files.viewable_with(model, capability="repairs.view")
