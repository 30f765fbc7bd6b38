from django.urls import path

from hearth.rents.views import (
    account,
    account_actions,
    arrangements,
    arrears,
    payments,
    policy,
    rent_change,
    runs,
    service_charges,
)
from hearth.rents.views.common import SEGMENT
from hearth.web.routes import under
from hearth.web.views import records

app_name = "rents"
HISTORY = {"segment": SEGMENT}

urlpatterns = [
    path("", arrears.account_list, name="index"),
    under(
        "accounts/<int:pk>/",
        path("", account.account_detail, name="account"),
        path("statement/", account.statement, name="statement"),
        path("payment/", account_actions.payment_create, name="payment"),
        path("arrears-action/", account_actions.arrears_action_create, name="arrears_action"),
        path("payments/<int:tx>/reverse/", account_actions.payment_reverse, name="payment_reverse"),
        path("money-out/", account_actions.money_out_create, name="money_out"),
        path("charges/", account_actions.charge_change, name="charge"),
        path("history/", records.history, HISTORY, name="history"),
        path("files/", records.record_files, HISTORY, name="files"),
        path("arrangement/", arrangements.arrangement_create, name="arrangement"),
        path("rent-change-letter.pdf", rent_change.rent_change_letter, name="rent_change_letter"),
    ),
    path("open/<int:tenancy_pk>/", account_actions.account_open, name="open"),
    path("arrangements/broken/", arrangements.broken_arrangements, name="broken"),
    path("payments/import/", payments.payment_import, name="import"),
    path("suspense/", payments.suspense_list, name="suspense"),
    path("recharges/", payments.recharges, name="recharges"),
    path("suspense/<int:pk>/clear/", payments.suspense_clear, name="suspense_clear"),
    path("debit-run/", runs.debit_run, name="debit_run"),
    path("free-weeks/", runs.free_weeks, name="free_weeks"),
    path("settings/", policy.policy_settings, name="settings"),
    path("rent-change/", rent_change.rent_change, name="rent_change"),
    path("rent-change/<int:year>/letters.pdf", rent_change.rent_change_letters, name="rent_change_letters"),
    path("service-charges/", service_charges.service_charges, name="service_charges"),
    path("service-charges/<int:pk>/", service_charges.service_charge_detail, name="service_charge"),
    path("approvals/", runs.approvals, name="approvals"),
    path("approvals/<int:pk>/", runs.approval_decide, name="decide"),
]
