from django.urls import URLPattern

app_name = "rents"
urlpatterns: list[URLPattern] = []
