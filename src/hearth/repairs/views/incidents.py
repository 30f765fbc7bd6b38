"""Emergency and incident reports: the list and logging one."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone

from hearth.core.calendar import to_local
from hearth.core.permissions import capability_required
from hearth.properties.models import Property
from hearth.repairs import forms as f
from hearth.repairs import selectors, services
from hearth.repairs.views.common import post_data, record_in_query
from hearth.web.actions import action_page
from hearth.web.pages import list_page


@capability_required("repairs.view")
def incident_list(request: HttpRequest) -> HttpResponseBase:
    open_only = request.GET.get("open") == "yes"
    return list_page(
        request,
        template="repairs/incidents.html",
        qs=selectors.incidents(open_only=open_only),
        export_name="incident-reports",
        columns=[
            ("Reference", lambda r: r.reference),
            ("Received", lambda r: to_local(r.received_at).strftime("%Y-%m-%d %H:%M")),
            ("Where", lambda r: r.property.address if r.property else r.location),
            ("What", lambda r: r.description),
            ("Order", lambda r: r.order.reference if r.order else ""),
        ],
        context={"open_only": open_only, "page_title": "Emergency and incident reports"},
    )


@capability_required("repairs.raise")
def incident_new(request: HttpRequest) -> HttpResponse:
    prop = record_in_query(request, Property, "property")
    now = timezone.localtime()
    form = f.IncidentForm(
        post_data(request), initial={"received_on": now.date(), "received_time": f"{now:%H:%M}"}
    )

    def run(d: dict[str, Any]) -> None:
        services.log_incident(
            actor=request.user,
            received_at=f.combine(d["received_on"], d["received_time"]),
            property=prop,
            location=d["location"],
            description=d["description"],
            caller=d["caller"],
            caller_phone=d["caller_phone"],
            action_taken=d["action_taken"],
        )

    return action_page(
        request,
        form=form,
        title="Log an emergency or incident report",
        caption=prop.address if prop else "Out-of-hours emergency control",
        back=reverse("repairs:incidents"),
        button="Log the report",
        run=run,
        done="Report logged.",
        check=lambda d: services.validate_incident({**d, "property": prop}),
    )
