from django.urls import path

from hearth.rents import views
from hearth.web.views import records

app_name = "rents"
HISTORY = {"segment": views.SEGMENT}

urlpatterns = [
    path("", views.account_list, name="index"),
    path("accounts/<int:pk>/", views.account_detail, name="account"),
    path("accounts/<int:pk>/statement/", views.statement, name="statement"),
    path("accounts/<int:pk>/payment/", views.payment_create, name="payment"),
    path("accounts/<int:pk>/arrears-action/", views.arrears_action_create, name="arrears_action"),
    path("accounts/<int:pk>/payments/<int:tx>/reverse/", views.payment_reverse, name="payment_reverse"),
    path("accounts/<int:pk>/money-out/", views.money_out_create, name="money_out"),
    path("accounts/<int:pk>/charges/", views.charge_change, name="charge"),
    path("accounts/<int:pk>/history/", records.history, HISTORY, name="history"),
    path("accounts/<int:pk>/files/", records.record_files, HISTORY, name="files"),
    path("open/<int:tenancy_pk>/", views.account_open, name="open"),
    path("sign-up/", views.sign_up, name="sign_up"),
    path("exchange/", views.mutual_exchange, name="exchange"),
    path("accounts/<int:pk>/arrangement/", views.arrangement_create, name="arrangement"),
    path("arrangements/broken/", views.broken_arrangements, name="broken"),
    path("accounts/<int:pk>/terminate/", views.terminate, name="terminate"),
    path("agreements/<int:tenancy_pk>/terminate/", views.terminate_agreement, name="terminate_agreement"),
    path("accounts/<int:pk>/review/", views.introductory_review, name="review"),
    path("accounts/<int:pk>/succession/", views.succession, name="succession"),
    path("accounts/<int:pk>/joint/", views.joint_tenants, name="joint"),
    path("accounts/<int:pk>/assign/", views.assignment, name="assign"),
    path("processes/<int:pk>/letter.pdf", views.process_letter, name="letter"),
    path("processes/<int:pk>/decide/", views.process_decide, name="process_decide"),
    path("accounts/<int:pk>/name/", views.name_change, name="name_change"),
    path("payments/import/", views.payment_import, name="import"),
    path("suspense/", views.suspense_list, name="suspense"),
    path("recharges/", views.recharges, name="recharges"),
    path("suspense/<int:pk>/clear/", views.suspense_clear, name="suspense_clear"),
    path("debit-run/", views.debit_run, name="debit_run"),
    path("free-weeks/", views.free_weeks, name="free_weeks"),
    path("settings/", views.policy_settings, name="settings"),
    path("rent-change/", views.rent_change, name="rent_change"),
    path("rent-change/<int:year>/letters.pdf", views.rent_change_letters, name="rent_change_letters"),
    path("service-charges/", views.service_charges, name="service_charges"),
    path("service-charges/<int:pk>/", views.service_charge_detail, name="service_charge"),
    path("accounts/<int:pk>/rent-change-letter.pdf", views.rent_change_letter, name="rent_change_letter"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/<int:pk>/", views.approval_decide, name="decide"),
]
