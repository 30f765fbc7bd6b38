"""Lettings statistics: the register by band and bedroom need, lets by band, waiting times."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from hearth.core.permissions import capability_required, has_capability, require
from hearth.lettings import selectors
from hearth.web.export import export_response


@capability_required("lettings.view")
def statistics(request: HttpRequest) -> HttpResponseBase:
    register_rows = selectors.register_by_band_and_need(request.user)
    lets = selectors.lets_by_band(request.user)
    feedback = selectors.lettings_feedback()
    waits = selectors.waiting_time_by_size(request.user)
    if request.GET.get("export") == "xlsx":
        require(request.user, "export")
        rows = (
            [("Register", r["band"] or "No band", r["need"], r["count"]) for r in register_rows]
            + [("Lets", r["band"], "", r["count"]) for r in lets]
            + [("Average wait in days", "", r["bedrooms"], r["average_days"]) for r in waits]
        )
        return export_response(
            "xlsx",
            "lettings-statistics",
            [
                ("Table", lambda r: r[0]),
                ("Band", lambda r: r[1]),
                ("Bedrooms", lambda r: r[2]),
                ("Count", lambda r: r[3]),
            ],
            rows,
        )
    needs = sorted({r["need"] for r in register_rows})
    bands = sorted({r["band"] for r in register_rows})
    band_totals: dict[str, int] = {}
    for r in register_rows:
        band_totals[r["band"] or "No band"] = band_totals.get(r["band"] or "No band", 0) + r["count"]
    biggest = max(band_totals.values(), default=0) or 1
    bars = [
        {"band": b, "count": c, "percent": round(100 * c / biggest)} for b, c in sorted(band_totals.items())
    ]
    grid = [
        {
            "band": band or "No band",
            "cells": [
                next((r["count"] for r in register_rows if r["band"] == band and r["need"] == n), 0)
                for n in needs
            ],
        }
        for band in bands
    ]
    return render(
        request,
        "lettings/statistics.html",
        {
            "needs": needs,
            "grid": grid,
            "lets": lets,
            "feedback": feedback,
            "waits": waits,
            "bars": bars,
            "total": sum(r["count"] for r in register_rows),
            "can_export": has_capability(request.user, "export"),
            "page_title": "Lettings statistics",
        },
    )
