from django.urls import path, re_path

from hearth.web.views import auth, home, people, properties, records, tenancies

app_name = "web"
RECORD = "<str:segment>/<int:pk>/"

urlpatterns = [
    path("login/", auth.sign_in, name="login"),
    path("logout/", auth.sign_out, name="logout"),
    path("health/", home.health, name="health"),
    re_path(r"^assets/(?P<path>.+)$", home.govuk_assets, name="assets"),
    path("", home.home, name="home"),
    path("search/", home.search_page, name="search"),
    path("clocks/", home.clock_list, name="clocks"),
    path("jobs/", home.job_list, name="jobs"),
    path("jobs/<int:pk>/", home.job_detail, name="job"),
    path("files/<int:pk>/", records.download, name="download"),
    path("people/", people.person_list, name="people"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/alerts/new/", people.alert_create, name="alert_create"),
    path("people/<int:pk>/household/add/", people.household_add_member, name="household_add"),
    path("properties/", properties.property_list, name="properties"),
    path("properties/new/", properties.property_create, name="property_create"),
    path("properties/<int:pk>/", properties.property_detail, name="property"),
    path("properties/<int:pk>/edit/", properties.property_edit, name="property_edit"),
    path("properties/<int:pk>/factsheet.pdf", properties.property_factsheet, name="property_factsheet"),
    path("estates/", properties.estate_list, name="estates"),
    path("estates/new/", properties.estate_create, name="estate_create"),
    path("estates/<int:pk>/", properties.estate_detail, name="estate"),
    path("estates/<int:pk>/edit/", properties.estate_edit, name="estate_edit"),
    path("blocks/new/", properties.block_create, name="block_create"),
    path("blocks/<int:pk>/", properties.block_detail, name="block"),
    path("blocks/<int:pk>/edit/", properties.block_edit, name="block_edit"),
    path("tenancies/", tenancies.tenancy_list, name="tenancies"),
    path("tenancies/new/", tenancies.tenancy_create, name="tenancy_create"),
    path("tenancies/<int:pk>/", tenancies.tenancy_detail, name="tenancy"),
    path("tenancies/<int:pk>/end/", tenancies.tenancy_end, name="tenancy_end"),
    path(RECORD + "history/", records.history, name="history"),
    path(RECORD + "files/", records.record_files, name="files"),
]
