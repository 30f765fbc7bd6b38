"""API for the tenancy processes: ending an agreement goes through the termination, as the page does."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router

from hearth.api.auth import actor
from hearth.api.capabilities import requires
from hearth.api.errors import BODY_ERRORS
from hearth.api.schemas import Day, Id, InputSchema
from hearth.tenancies import selectors
from hearth.tenancies.api import TenancyOut
from hearth.tenancy_processes import termination
from hearth.tenancy_processes.rules import END_REASONS

router = Router(tags=["tenancies"])


class TenancyEndIn(InputSchema):
    end_date: Day = Field(..., description="The last day of the agreement.")
    end_reason: str = Field(
        ...,
        description=(
            "Why the agreement is ending: one of "
            f"{', '.join(END_REASONS)} (a lease ends by surrender or forfeiture, any other kind by notice)."
        ),
        json_schema_extra={"enum": list(END_REASONS)},
    )
    notice_received: Day | None = Field(
        None, description="The day the tenant's notice was received (needed for tenant_notice)."
    )
    forwarding_address: str = Field(
        "",
        max_length=300,
        description="Where the tenant has gone (needed for tenant_notice, transfer and mutual_exchange).",
    )


@router.post("/tenancies/{tenancy_id}/end", response={200: TenancyOut, **BODY_ERRORS})
@requires("tenancies.process")
def end_tenancy(request: HttpRequest, tenancy_id: Id, payload: TenancyEndIn) -> Any:
    """End the agreement on `end_date` by the termination process: the notice rules for its kind
    apply; where it has a rent account its charges stop after that day, days already debited after
    it are credited and the final balance is kept, and the termination letter is available. The
    property becomes void once that day has passed."""
    tenancy = selectors.tenancy_detail(tenancy_id)
    termination.terminate(
        actor=actor(request),
        tenancy=tenancy,
        request=termination.TerminationRequest(
            notice_received=payload.notice_received,
            end_date=payload.end_date,
            reason=payload.end_reason,
            forwarding_address=payload.forwarding_address,
        ),
    )
    return selectors.tenancy_detail(tenancy_id)
