from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("hearth.api.urls")),
    path("repairs/", include("hearth.repairs.urls")),
    path("rents/", include("hearth.rents.urls")),
    path("lettings/", include("hearth.lettings.urls")),
    path("", include("hearth.tenancy_processes.urls")),  # /processes/ and the processes under /rents/
    path("", include("hearth.web.urls")),
]
