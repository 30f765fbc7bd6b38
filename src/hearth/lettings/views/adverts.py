"""Adverts: the list with filters and export, advertising a void home, the advert with its shortlist
and photos, and its history."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from hearth.core import audit
from hearth.core.permissions import capability_required
from hearth.lettings import domain, selectors, services
from hearth.lettings.forms import AdvertForm
from hearth.lettings.models import Advert, Bid, Cycle
from hearth.lettings.views.records import FormPage, columns, int_param
from hearth.web.actions import action_page
from hearth.web.forms import UploadForm
from hearth.web.pages import list_page, paginate

ADVERT_COLUMNS = columns(
    ("Reference", "reference"),
    ("Address", "property.address"),
    ("Landlord", "landlord.name"),
    ("Bedrooms", "bedrooms"),
    ("Cycle", "cycle.reference"),
    ("Status", "get_status_display"),
    ("Live bids", "bid_count"),
)


@capability_required("lettings.view")
def advert_list(request: HttpRequest) -> HttpResponseBase:
    cycle = int_param(request.GET.get("cycle"))
    status = request.GET.get("status", "")
    bedrooms = int_param(request.GET.get("bedrooms"))
    qs = selectors.advert_list(
        request.user, cycle=cycle, status=status if status in Advert.Status.values else "", bedrooms=bedrooms
    )
    return list_page(
        request,
        template="lettings/adverts.html",
        qs=qs,
        export_name="adverts",
        columns=ADVERT_COLUMNS,
        context={
            "page_title": "Adverts",
            "cycles": Cycle.objects.order_by("-opens_at")[:20],
            "statuses": Advert.Status.choices,
            "cycle": cycle,
            "status": status,
            "bedrooms": bedrooms,
        },
    )


def _on_property_ref(exc: ValidationError) -> ValidationError:
    """The service names the property; the form asks for its reference."""
    if not hasattr(exc, "error_dict"):
        return exc
    named = exc.message_dict
    if "property" in named:
        named["property_ref"] = named.pop("property") + named.get("property_ref", [])
    return ValidationError(named)


ADVERTISE = FormPage("Advertise a home", button="Create advert", back="lettings:adverts")


@capability_required("lettings.edit")
def advert_create(request: HttpRequest) -> HttpResponse:
    def create(d: dict[str, Any]) -> Advert:
        try:
            return services.create_advert(
                actor=request.user, **{("property" if k == "property_ref" else k): v for k, v in d.items()}
            )
        except ValidationError as exc:
            raise _on_property_ref(exc) from None

    return ADVERTISE.show(
        request,
        AdvertForm(request.POST or None, councils=selectors.councils_for(request.user)),
        run=create,
        done=lambda advert: f"Advert {advert.reference} created.",
        then=lambda advert: advert.get_absolute_url(),
    )


@capability_required("lettings.view")
def advert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        advert = selectors.advert_detail(pk)
    except Advert.DoesNotExist:
        raise Http404("No such advert.") from None
    entries = selectors.shortlist_of(advert)
    offers = list(advert.offers.select_related("application__applicant").order_by("-id"))
    return action_page(
        request,
        form=UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm(),
        title=f"Advert {advert.reference}",
        caption=advert.property.address,
        back=advert.get_absolute_url(),
        template="lettings/advert_detail.html",
        context={
            "obj": advert,
            "photos": services.advert_photos([advert])[advert.pk],
            "entries": entries,
            "offers": offers,
            "reasons": domain.PASS_OVER_REASONS,
            "bid_count": advert.bids.filter(status=Bid.Status.LIVE).count(),
            "own": services.sees_partner(request.user, advert.landlord_id),
        },
        run=lambda d: services.add_advert_photo(
            actor=request.user, advert=advert, upload=d["file"], description=d["description"]
        ),
        done="Photo added.",
    )


@capability_required("audit.view")
def advert_history(request: HttpRequest, pk: int) -> HttpResponse:
    advert = get_object_or_404(Advert.objects.select_related("property"), pk=pk)
    tabs = [
        {"key": "details", "label": "Details", "url": advert.get_absolute_url(), "current": False},
        {
            "key": "history",
            "label": "History",
            "url": reverse("lettings:advert_history", args=[advert.pk]),
            "current": True,
        },
    ]
    return render(
        request,
        "web/history.html",
        {
            "obj": advert,
            "record_title": advert.property.address,
            "record_caption": f"Advert {advert.reference}",
            "tabs": tabs,
            "events": paginate(request, audit.history_for(advert), per_page=50),
            "page_title": f"History – advert {advert.reference}",
        },
    )
