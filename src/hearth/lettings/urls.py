from django.urls import URLPattern

app_name = "lettings"
urlpatterns: list[URLPattern] = []
