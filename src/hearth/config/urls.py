from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("hearth.api.urls")),
    path("", include("hearth.web.urls")),
]
