"""Pages written once under the start of their path keep their full paths and their names."""

from __future__ import annotations

from django.urls import resolve, reverse


def test_a_rent_accounts_pages_keep_their_paths_and_names() -> None:
    assert reverse("rents:account", args=[7]) == "/rents/accounts/7/"
    assert reverse("rents:statement", args=[7]) == "/rents/accounts/7/statement/"
    assert reverse("rents:payment_reverse", args=[7, 9]) == "/rents/accounts/7/payments/9/reverse/"
    assert reverse("rents:rent_change_letter", args=[7]) == "/rents/accounts/7/rent-change-letter.pdf"
    assert resolve("/rents/accounts/7/files/").kwargs == {"segment": "rents/accounts", "pk": 7}


def test_the_processes_beside_the_account_pages_still_resolve() -> None:
    assert resolve("/rents/accounts/7/review/").view_name == "tenancy_processes:review"
    assert resolve("/rents/accounts/7/terminate/").view_name == "tenancy_processes:terminate"
