"""The tenancy process pages. The rules are under /processes/; the processes keep the paths they
have always had beside the rent pages, under /rents/."""

from django.urls import include, path

from hearth.tenancy_processes.views import account, agreements, rules

app_name = "tenancy_processes"

rule_patterns = [
    path("rules/", rules.rule_list, name="rules"),
    path("rules/<str:kind>/", rules.rule_edit, name="rule"),
]

process_patterns = [
    path("sign-up/", agreements.sign_up, name="sign_up"),
    path("exchange/", agreements.mutual_exchange, name="exchange"),
    path("accounts/<int:pk>/terminate/", agreements.terminate, name="terminate"),
    path(
        "agreements/<int:tenancy_pk>/terminate/", agreements.terminate_agreement, name="terminate_agreement"
    ),
    path("processes/<int:pk>/letter.pdf", agreements.process_letter, name="letter"),
    path("processes/<int:pk>/decide/", agreements.process_decide, name="process_decide"),
    path("accounts/<int:pk>/review/", account.introductory_review, name="review"),
    path("accounts/<int:pk>/succession/", account.succession, name="succession"),
    path("accounts/<int:pk>/joint/", account.joint_tenants, name="joint"),
    path("accounts/<int:pk>/assign/", account.assignment, name="assign"),
    path("accounts/<int:pk>/name/", account.name_change, name="name_change"),
]

urlpatterns = [
    path("processes/", include(rule_patterns)),
    path("rents/", include(process_patterns)),
]
