from django.apps import AppConfig


class TenanciesConfig(AppConfig):
    name = "hearth.tenancies"
    label = "tenancies"
