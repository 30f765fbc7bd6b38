"""An order's pages, written once under the start of their path, keep their full paths and names."""

from __future__ import annotations

from django.urls import resolve, reverse


def test_an_orders_pages_keep_their_paths_and_names() -> None:
    assert reverse("repairs:order", args=[7]) == "/repairs/orders/7/"
    assert reverse("repairs:order_pdf", args=[7]) == "/repairs/orders/7/order.pdf"
    assert reverse("repairs:order_inspect", args=[7]) == "/repairs/orders/7/inspect/"
    assert reverse("repairs:order_new") == "/repairs/orders/new/"
    assert resolve("/repairs/orders/7/history/").url_name == "order_history"
    assert resolve("/repairs/orders/7/recharge/").kwargs == {"pk": 7}
    assert resolve("/repairs/extensions/7/decide/").url_name == "extension_decide"
