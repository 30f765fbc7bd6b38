from django.urls import path

from hearth.tenancy_processes import views

app_name = "tenancy_processes"

urlpatterns = [
    path("rules/", views.rule_list, name="rules"),
    path("rules/<str:kind>/", views.rule_edit, name="rule"),
]
