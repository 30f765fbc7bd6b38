"""Adverts: the list with filters and export, advertising a void home, the advert with its shortlist
and photos, and its history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hearth.core import audit
from hearth.core.permissions import capability_required
from hearth.lettings import domain, selectors, services
from hearth.lettings.forms import AdvertForm
from hearth.lettings.models import Advert, Bid, Cycle
from hearth.lettings.views.records import int_param
from hearth.web.actions import action_page
from hearth.web.forms import UploadForm, apply_service_errors
from hearth.web.pages import list_page, paginate


def _advert_columns() -> list:
    return [
        ("Reference", lambda a: a.reference),
        ("Address", lambda a: a.property.address),
        ("Landlord", lambda a: a.landlord.name),
        ("Bedrooms", lambda a: a.bedrooms),
        ("Cycle", lambda a: a.cycle.reference),
        ("Status", lambda a: a.get_status_display()),
        ("Live bids", lambda a: a.bid_count),
    ]


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
        columns=_advert_columns(),
        context={
            "page_title": "Adverts",
            "cycles": Cycle.objects.order_by("-opens_at")[:20],
            "statuses": Advert.Status.choices,
            "cycle": cycle,
            "status": status,
            "bedrooms": bedrooms,
        },
    )


@capability_required("lettings.edit")
def advert_create(request: HttpRequest) -> HttpResponse:
    form = AdvertForm(request.POST or None, councils=selectors.councils_for(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            advert = services.create_advert(
                actor=request.user,
                cycle=d["cycle"],
                property=d["property_ref"],
                landlord=d["landlord"],
                bedrooms=d["bedrooms"],
                min_age=d["min_age"],
                local_connection=d["local_connection"],
                adapted_only=d["adapted_only"],
                preferred_band=d["preferred_band"],
                weekly_rent=d["weekly_rent"],
                description=d["description"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            if "property" in exc.message_dict:
                for message in exc.message_dict["property"]:
                    form.add_error("property_ref", message)
        else:
            messages.success(request, f"Advert {advert.reference} created.")
            return redirect(advert)
    return render(
        request,
        "lettings/advert_form.html",
        {"form": form, "page_title": "Advertise a home"},
        status=400 if form.errors else 200,
    )


@capability_required("lettings.view")
def advert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        advert = selectors.advert_detail(pk)
    except Advert.DoesNotExist:
        raise Http404("No such advert.") from None
    entries = selectors.shortlist_of(advert)
    offers = list(advert.offers.select_related("application__applicant").order_by("-id"))
    allowed = services.council_ids_for(request.user)
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
            "own": allowed is None or advert.landlord_id in allowed,
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
