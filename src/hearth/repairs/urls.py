from django.urls import URLPattern

app_name = "repairs"
urlpatterns: list[URLPattern] = []
