"""A list page's filters read what the query string gives and show it back above the list."""

from __future__ import annotations

from django.test import RequestFactory

from hearth.web.pages import Filters


def test_each_filter_reads_its_value_and_is_shown_in_the_order_read() -> None:
    request = RequestFactory().get(
        "/", {"kind": "bogus", "status": "void", "estate": "999", "beds": "02", "q": "  ht1 1aaxyz "}
    )
    filters = Filters(request)
    assert filters.choice("kind", "Type", [("flat", "Flat")]) == ""  # not one on offer: any
    assert filters.choice("status", "Status", [("void", "Void")]) == "void"
    assert filters.record("estate", "Estate", [(1, "Brook")]) == 999  # an id no record has finds nothing
    assert filters.number("beds", "Bedrooms", width="3") == 2
    assert filters.number("missing", "Floor", width="2") is None
    assert filters.text("q", "Postcode starts", longest=8) == "ht1 1aax"
    shown = [(f["name"], f["value"]) for f in filters.shown]
    assert shown == [
        ("kind", ""),
        ("status", "void"),
        ("estate", "999"),
        ("beds", "2"),
        ("missing", ""),
        ("q", "ht1 1aax"),
    ]
    assert filters.shown[2]["wide"] and filters.shown[3]["numeric"]
