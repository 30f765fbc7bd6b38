"""Officer pages for the common housing register and choice-based lettings. Thin: forms in, services
and selectors, templates out. Every page names its capability; records of another partner are 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from hearth.core import audit, files
from hearth.core.permissions import capability_required, has_capability, require
from hearth.lettings import domain, portal, selectors, services
from hearth.lettings.forms import (
    AcceptForm,
    AdvertForm,
    ApplicationForm,
    BandForm,
    BedroomForm,
    BidForm,
    CircumstancesForm,
    CycleForm,
    OfferForm,
    OfficerForm,
    PartnerForm,
    QualificationForm,
    ReasonForm,
    RefuseForm,
    ReviewDecisionForm,
    ReviewForm,
    SchemeForm,
    StatusForm,
)
from hearth.lettings.models import (
    Advert,
    Application,
    Bid,
    Council,
    Cycle,
    Offer,
    OnlineApplication,
    ReviewRequest,
    SchemePolicy,
    ShortlistEntry,
)
from hearth.web.export import export_response
from hearth.web.forms import UploadForm, also_check, apply_service_errors
from hearth.web.pages import list_page, paginate

BASE = "/lettings/"


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _application(request: HttpRequest, pk: int) -> Application:
    try:
        return selectors.application_detail(request.user, pk)
    except Application.DoesNotExist:
        raise Http404("No such application.") from None


def _tabs(app: Application, current: str, request: HttpRequest) -> list[dict[str, Any]]:
    base = f"{BASE}applications/{app.pk}/"
    tabs: list[dict[str, Any]] = [
        {"key": "details", "label": "Details", "url": base},
        {"key": "bands", "label": "Bands", "url": base + "bands/"},
        {"key": "bids", "label": "Bids and offers", "url": base + "bids/"},
        {"key": "files", "label": "Evidence", "url": base + "files/"},
    ]
    if has_capability(request.user, "audit.view"):
        tabs.append({"key": "history", "label": "History", "url": base + "history/"})
    for tab in tabs:
        tab["current"] = tab["key"] == current
    return tabs


def _record_context(request: HttpRequest, app: Application, tab: str) -> dict[str, Any]:
    policy = services.current_policy()
    return {
        "obj": app,
        "record_title": app.applicant.full_name,
        "record_caption": f"Application {app.reference} · {app.council.name}",
        "tabs": _tabs(app, tab, request),
        "page_title": f"{tab.capitalize()} – application {app.reference}",
        "band_name": policy.band_name(app.band) if app.band else "",
    }


# --- register -----------------------------------------------------------------------------------


def _application_columns() -> list:
    return [
        ("Reference", lambda a: a.reference),
        ("Applicant", lambda a: a.applicant.full_name),
        ("Council", lambda a: a.council.name),
        ("Status", lambda a: a.get_status_display()),
        ("Band", lambda a: a.band),
        ("Bedroom need", lambda a: a.need),
        ("Registration date", lambda a: a.registration_date.isoformat()),
        ("Effective date", lambda a: a.effective_date.isoformat() if a.effective_date else ""),
    ]


@capability_required("lettings.view")
def register(request: HttpRequest) -> HttpResponseBase:
    status = request.GET.get("status", "")
    band = request.GET.get("band", "")
    bedrooms = _int(request.GET.get("bedrooms"))
    council = _int(request.GET.get("council"))
    q = request.GET.get("q", "").strip()
    qs = selectors.application_list(
        request.user,
        status=status if status in Application.Status.values else "",
        band=band,
        bedrooms=bedrooms,
        council=council,
        q=q,
        band_expired=request.GET.get("expired") == "yes",
        renewal_overdue=request.GET.get("renewal") == "overdue",
    )
    return list_page(
        request,
        template="lettings/register.html",
        qs=qs,
        export_name="housing-register",
        columns=_application_columns(),
        context={
            "page_title": "Housing register",
            "statuses": Application.Status.choices,
            "bands": services.current_policy().band_codes,
            "councils": selectors.councils_for(request.user),
            "status": status,
            "band": band,
            "bedrooms": bedrooms,
            "council": council,
            "q": q,
            "expired": request.GET.get("expired") == "yes",
            "renewal": request.GET.get("renewal") == "overdue",
            "today": timezone.localdate(),
            "cycle": selectors.open_cycle(),
        },
    )


@capability_required("lettings.decide")
def lift_suspensions(request: HttpRequest) -> HttpResponseBase:
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        lifted = services.lift_ended_suspensions(actor=request.user)
        messages.success(request, f"{lifted} application{'s' if lifted != 1 else ''} live again.")
        return redirect(BASE)
    return render(
        request,
        "lettings/confirm.html",
        {
            "form": form,
            "page_title": "Suspensions that have ended",
            "button": "Make them live again",
            "question": "Make live again every application whose suspension has ended?",
            "back": BASE,
        },
    )


@capability_required("lettings.edit")
def application_create(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None, councils=selectors.councils_for(request.user))
    if request.method == "POST":
        if form.is_valid():
            try:
                app = services.register_application(actor=request.user, **form.service_data())
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"Application {app.reference} registered.")
                return redirect(f"{BASE}applications/{app.pk}/")
        else:
            also_check(form, services.validate_application)
    return render(
        request,
        "lettings/application_form.html",
        {"form": form, "page_title": "Register an application"},
        status=400 if form.errors else 200,
    )


@capability_required("lettings.view")
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = _application(request, pk)
    context = _record_context(request, app, "details")
    context["members"] = list(app.members.all())
    context["exemptions"] = [domain.EXEMPTIONS[e] for e in app.exemptions if e in domain.EXEMPTIONS]
    context["reviews"] = list(app.reviews.select_related("decided_by"))
    return render(request, "lettings/application_detail.html", context)


@capability_required("lettings.view")
def application_bands(request: HttpRequest, pk: int) -> HttpResponse:
    app = _application(request, pk)
    context = _record_context(request, app, "bands")
    context["decisions"] = list(selectors.band_history(app))
    return render(request, "lettings/application_bands.html", context)


@capability_required("lettings.view")
def application_bids(request: HttpRequest, pk: int) -> HttpResponse:
    app = _application(request, pk)
    context = _record_context(request, app, "bids")
    context["bids"] = list(selectors.bids_of(app))
    context["offers"] = list(selectors.offers_of(app))
    context["form"] = BidForm()
    return render(request, "lettings/application_bids.html", context)


@capability_required("lettings.view")
def application_files(request: HttpRequest, pk: int) -> HttpResponse:
    """Evidence documents: proof of identity, address, medical evidence, local connection."""
    app = _application(request, pk)
    form = UploadForm()
    if request.method == "POST":
        require(request.user, "files.attach")
        require(request.user, "lettings.edit")
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                files.attach(
                    actor=request.user,
                    record=app,
                    upload=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "File attached.")
                return redirect(f"{BASE}applications/{app.pk}/files/")
    context = _record_context(request, app, "files")
    context.update({"form": form, "attachments": list(files.visible_attachments(request.user, app))})
    return render(request, "web/files.html", context, status=400 if form.errors else 200)


@capability_required("audit.view")
def application_history(request: HttpRequest, pk: int) -> HttpResponse:
    app = _application(request, pk)
    context = _record_context(request, app, "history")
    context["events"] = paginate(request, audit.history_for(app), per_page=50)
    return render(request, "web/history.html", context)


def _action_page(
    request: HttpRequest,
    app: Application,
    form: Any,
    template: str,
    title: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    return render(
        request,
        template,
        {"form": form, "obj": app, "page_title": title, **(extra or {})},
        status=400 if form.errors else 200,
    )


@capability_required("lettings.edit")
def application_circumstances(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A change of circumstances; the bedroom need is computed again."""
    app = _application(request, pk)
    form = CircumstancesForm(request.POST or None, initial=CircumstancesForm.initial_from(app))
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        members = data.pop("members")
        try:
            services.change_circumstances(actor=request.user, application=app, members=members, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Change of circumstances recorded.")
            return redirect(f"{BASE}applications/{app.pk}/")
    return _action_page(
        request, app, form, "lettings/simple_form.html", "Change of circumstances", {"button": "Save changes"}
    )


@capability_required("lettings.decide")
def application_qualify(request: HttpRequest, pk: int) -> HttpResponseBase:
    app = _application(request, pk)
    form = QualificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.decide_qualification(
                actor=request.user, application=app, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, "Qualifies for the register." if result.qualifies else "Does not qualify."
            )
            return redirect(f"{BASE}applications/{app.pk}/")
    return _action_page(request, app, form, "lettings/qualify.html", "Decide qualification")


@capability_required("lettings.decide")
def application_band(request: HttpRequest, pk: int) -> HttpResponseBase:
    app = _application(request, pk)
    policy = services.current_policy()
    codes = policy.band_codes
    form = BandForm(request.POST or None, bands=[(b["code"], b["name"]) for b in policy.bands])
    if request.method == "POST":
        if form.is_valid():
            try:
                services.decide_band(actor=request.user, application=app, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Band decision recorded.")
                return redirect(f"{BASE}applications/{app.pk}/bands/")
        else:
            also_check(form, lambda data: services.validate_band(data, codes))
    return _action_page(request, app, form, "lettings/band_form.html", "Decide the band")


@capability_required("lettings.decide")
def application_bedrooms(request: HttpRequest, pk: int) -> HttpResponseBase:
    app = _application(request, pk)
    form = BedroomForm(request.POST or None, initial={"bedrooms": app.bedroom_override})
    if request.method == "POST" and form.is_valid():
        try:
            services.override_bedroom_need(
                actor=request.user,
                application=app,
                bedrooms=form.cleaned_data["bedrooms"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Bedroom need recorded.")
            return redirect(f"{BASE}applications/{app.pk}/")
    return _action_page(
        request,
        app,
        form,
        "lettings/simple_form.html",
        "Decide the bedroom need",
        {"button": "Save bedroom need"},
    )


@capability_required("lettings.decide")
def application_status(request: HttpRequest, pk: int) -> HttpResponseBase:
    app = _application(request, pk)
    form = StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_status(actor=request.user, application=app, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Application status changed.")
            return redirect(f"{BASE}applications/{app.pk}/")
    return _action_page(
        request,
        app,
        form,
        "lettings/simple_form.html",
        "Suspend, cancel or reinstate",
        {"button": "Change status"},
    )


@capability_required("lettings.edit")
def review_create(request: HttpRequest, pk: int) -> HttpResponseBase:
    app = _application(request, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_review(actor=request.user, application=app, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Review request recorded.")
            return redirect(f"{BASE}applications/{app.pk}/")
    return _action_page(
        request,
        app,
        form,
        "lettings/simple_form.html",
        "Record a review request",
        {"button": "Record review request"},
    )


@capability_required("lettings.decide")
def review_decide(request: HttpRequest, pk: int) -> HttpResponseBase:
    review = get_object_or_404(ReviewRequest, pk=pk)
    app = _application(request, review.application_id)
    form = ReviewDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_review(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Review decided.")
            return redirect(f"{BASE}applications/{app.pk}/")
    return _action_page(
        request,
        app,
        form,
        "lettings/simple_form.html",
        f"Decide the review: {review.grounds[:60]}",
        {"button": "Record the outcome"},
    )


@capability_required("lettings.edit")
def application_bid(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Assisted bidding: an officer bids for the applicant."""
    app = _application(request, pk)
    form = BidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            bid = services.place_bid(actor=request.user, application=app, advert=form.cleaned_data["advert"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Bid placed on {bid.advert.reference}.")
            return redirect(f"{BASE}applications/{app.pk}/bids/")
    return _action_page(
        request,
        app,
        form,
        "lettings/simple_form.html",
        "Place a bid for the applicant",
        {"button": "Place bid"},
    )


@capability_required("lettings.edit")
def bid_withdraw(request: HttpRequest, pk: int) -> HttpResponseBase:
    bid = get_object_or_404(Bid.objects.select_related("application"), pk=pk)
    app = _application(request, bid.application_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        try:
            services.withdraw_bid(actor=request.user, bid=bid)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Bid withdrawn.")
            return redirect(f"{BASE}applications/{app.pk}/bids/")
    return _action_page(
        request,
        app,
        form,
        "lettings/confirm.html",
        "Withdraw the bid",
        {
            "question": "Withdraw this bid?",
            "button": "Withdraw bid",
            "back": f"{BASE}applications/{app.pk}/bids/",
        },
    )


# --- cycles and adverts -------------------------------------------------------------------------


@capability_required("lettings.view")
def cycle_list(request: HttpRequest) -> HttpResponse:
    form = CycleForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "lettings.edit")
        if form.is_valid():
            opens_at, closes_at = form.times()
            try:
                cycle = services.open_cycle(actor=request.user, opens_at=opens_at, closes_at=closes_at)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"Cycle {cycle.reference} set up.")
                return redirect(f"{BASE}cycles/")
    return render(
        request,
        "lettings/cycles.html",
        {"form": form, "page": paginate(request, selectors.cycle_list()), "page_title": "Bidding cycles"},
        status=400 if form.errors else 200,
    )


def _cycle_action(
    request: HttpRequest,
    pk: int,
    *,
    act: Any,
    done: Any,
    after: Any,
    page_title: str,
    button: str,
    question: str,
) -> HttpResponseBase:
    """A confirmation page for an action on a whole cycle; POST runs the service and reports."""
    cycle = get_object_or_404(Cycle, pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        try:
            result = act(cycle)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, done(cycle, result))
            return redirect(after(cycle))
    return render(
        request,
        "lettings/confirm.html",
        {
            "form": form,
            "obj": cycle,
            "page_title": page_title,
            "button": button,
            "back": f"{BASE}cycles/",
            "question": question.format(ref=cycle.reference),
        },
        status=400 if form.errors else 200,
    )


@capability_required("lettings.edit")
def cycle_close(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _cycle_action(
        request,
        pk,
        act=lambda cycle: services.close_cycle(actor=request.user, cycle=cycle),
        done=lambda cycle, made: f"Cycle {cycle.reference} closed: {made} shortlist entries made.",
        after=lambda cycle: f"{BASE}adverts/?cycle={cycle.pk}",
        page_title="Close the cycle",
        button="Close and shortlist",
        question="Close cycle {ref} and shortlist its adverts?",
    )


@capability_required("lettings.edit")
def cycle_auto_bids(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _cycle_action(
        request,
        pk,
        act=lambda cycle: services.place_automatic_bids(actor=request.user, cycle=cycle),
        done=lambda cycle, placed: f"{placed} automatic bid{'s' if placed != 1 else ''} placed.",
        after=lambda cycle: f"{BASE}cycles/",
        page_title="Automatic bids",
        button="Place automatic bids",
        question="Place automatic bids in cycle {ref} for the top band?",
    )


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
    cycle = _int(request.GET.get("cycle"))
    status = request.GET.get("status", "")
    bedrooms = _int(request.GET.get("bedrooms"))
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
            return redirect(f"{BASE}adverts/{advert.pk}/")
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
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.add_advert_photo(
                    actor=request.user,
                    advert=advert,
                    upload=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Photo added.")
                return redirect(f"{BASE}adverts/{advert.pk}/")
    return render(
        request,
        "lettings/advert_detail.html",
        {
            "obj": advert,
            "form": form,
            "photos": services.advert_photos([advert])[advert.pk],
            "entries": entries,
            "offers": offers,
            "reasons": domain.PASS_OVER_REASONS,
            "bid_count": advert.bids.filter(status=Bid.Status.LIVE).count(),
            "own": allowed is None or advert.landlord_id in allowed,
            "page_title": f"Advert {advert.reference}",
        },
        status=400 if form.errors else 200,
    )


@capability_required("audit.view")
def advert_history(request: HttpRequest, pk: int) -> HttpResponse:
    advert = get_object_or_404(Advert.objects.select_related("property"), pk=pk)
    base = f"{BASE}adverts/{advert.pk}/"
    tabs = [
        {"key": "details", "label": "Details", "url": base, "current": False},
        {"key": "history", "label": "History", "url": base + "history/", "current": True},
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


def _entry(request: HttpRequest, pk: int) -> ShortlistEntry:
    entry = get_object_or_404(
        ShortlistEntry.objects.select_related("advert", "bid__application__applicant"), pk=pk
    )
    allowed = services.council_ids_for(request.user)
    if allowed is not None and entry.advert.landlord_id not in allowed:
        raise Http404("No such shortlist entry.")
    return entry


@capability_required("lettings.decide")
def shortlist_bypass(request: HttpRequest, pk: int) -> HttpResponseBase:
    entry = _entry(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.bypass(actor=request.user, entry=entry, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{entry.application.reference} bypassed.")
            return redirect(f"{BASE}adverts/{entry.advert_id}/")
    return render(
        request,
        "lettings/confirm.html",
        {
            "form": form,
            "obj": entry,
            "page_title": "Bypass a bidder",
            "button": "Bypass bidder",
            "show_reason": True,
            "back": f"{BASE}adverts/{entry.advert_id}/",
            "question": f"Bypass {entry.application.applicant.full_name} ({entry.application.reference})?",
        },
        status=400 if form.errors else 200,
    )


@capability_required("lettings.edit")
def advert_offer(request: HttpRequest, pk: int) -> HttpResponseBase:
    advert = get_object_or_404(Advert, pk=pk)
    allowed = services.council_ids_for(request.user)
    if allowed is not None and advert.landlord_id not in allowed:
        raise Http404("No such advert of your landlord.")
    nxt = services.next_in_line(advert)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.make_offer(actor=request.user, advert=advert, viewing_at=form.viewing_at())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Offered to {offer.application.reference}.")
            return redirect(f"{BASE}offers/{offer.pk}/")
    return render(
        request,
        "lettings/offer_form.html",
        {"form": form, "obj": advert, "next": nxt, "page_title": "Make an offer"},
        status=400 if form.errors else 200,
    )


def _offer(request: HttpRequest, pk: int) -> Offer:
    offer = get_object_or_404(
        Offer.objects.select_related("advert__property", "application__applicant", "tenancy"), pk=pk
    )
    allowed = services.council_ids_for(request.user)
    if (
        allowed is not None
        and offer.advert.landlord_id not in allowed
        and offer.application.council_id not in allowed
    ):
        raise Http404("No such offer.")
    return offer


@capability_required("lettings.view")
def offer_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    offer = _offer(request, pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    accept, refuse, withdraw = AcceptForm(), RefuseForm(), ReasonForm()
    failed: Any = None
    if action:
        require(request.user, "lettings.edit")
        try:
            if action == "accept":
                accept = AcceptForm(request.POST)
                failed = accept
                if accept.is_valid():
                    services.accept_offer(actor=request.user, offer=offer, **accept.cleaned_data)
                    messages.success(request, "Offer accepted: the tenancy has been created.")
                    return redirect(f"{BASE}offers/{offer.pk}/")
            elif action == "refuse":
                refuse = RefuseForm(request.POST)
                failed = refuse
                if refuse.is_valid():
                    services.refuse_offer(actor=request.user, offer=offer, **refuse.cleaned_data)
                    messages.success(request, "Refusal recorded.")
                    return redirect(f"{BASE}adverts/{offer.advert_id}/")
            elif action == "withdraw":
                withdraw = ReasonForm(request.POST)
                failed = withdraw
                if withdraw.is_valid():
                    services.withdraw_offer(
                        actor=request.user, offer=offer, reason=withdraw.cleaned_data["reason"]
                    )
                    messages.success(request, "Offer withdrawn by the landlord.")
                    return redirect(f"{BASE}adverts/{offer.advert_id}/")
        except ValidationError as exc:
            apply_service_errors(failed, exc)
    return render(
        request,
        "lettings/offer_detail.html",
        {
            "obj": offer,
            "accept": accept,
            "refuse": refuse,
            "withdraw": withdraw,
            "form": failed,
            "page_title": f"Offer of {offer.advert.reference}",
        },
        status=400 if failed is not None and failed.errors else 200,
    )


# --- statistics ---------------------------------------------------------------------------------


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


# --- scheme rules and partners ------------------------------------------------------------------


@capability_required("lettings.view")
def scheme(request: HttpRequest) -> HttpResponse:
    policy = services.current_policy()
    form = SchemeForm(request.POST or None, initial=SchemeForm.initial_from(policy))
    if request.method == "POST":
        require(request.user, "lettings.configure")
        if form.is_valid():
            try:
                services.set_policy(actor=request.user, **form.service_data())
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "New scheme rules recorded.")
                return redirect(f"{BASE}scheme/")
    return render(
        request,
        "lettings/scheme.html",
        {
            "form": form,
            "policy": policy,
            "versions": SchemePolicy.objects.order_by("-effective_from")[:50],
            "exemptions": [domain.EXEMPTIONS[e] for e in policy.exemptions if e in domain.EXEMPTIONS],
            "page_title": "Scheme rules",
        },
        status=400 if form.errors else 200,
    )


@capability_required("lettings.configure")
def partners(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "") if request.method == "POST" else ""
    partner_form = PartnerForm(request.POST if action == "partner" else None)
    officer_form = OfficerForm(request.POST if action == "officer" else None)
    form: Any = None
    if action == "partner":
        form = partner_form
        if partner_form.is_valid():
            try:
                council = services.create_council(actor=request.user, **partner_form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(partner_form, exc)
            else:
                messages.success(request, f"{council.name} added.")
                return redirect(f"{BASE}partners/")
    elif action == "officer":
        form = officer_form
        if officer_form.is_valid():
            services.add_officer(
                actor=request.user,
                user=officer_form.cleaned_data["username"],
                council=officer_form.cleaned_data["council"],
            )
            messages.success(request, "Officer added to the partner.")
            return redirect(f"{BASE}partners/")
    return render(
        request,
        "lettings/partners.html",
        {
            "form": form,
            "partner_form": partner_form,
            "officer_form": officer_form,
            "partners": Council.objects.prefetch_related("staff__user").order_by("name"),
            "page_title": "Partners",
        },
        status=400 if form is not None and form.errors else 200,
    )


# --- online applications waiting to be checked --------------------------------------------------


@capability_required("lettings.edit")
def online_list(request: HttpRequest) -> HttpResponse:
    qs = OnlineApplication.objects.filter(status=OnlineApplication.Status.NEW).select_related("council")
    allowed = services.council_ids_for(request.user)
    if allowed is not None:
        qs = qs.filter(council_id__in=allowed)
    return render(
        request,
        "lettings/online_list.html",
        {
            "page": paginate(request, qs.order_by("submitted_at")),
            "page_title": "Online applications to check",
        },
    )


@capability_required("lettings.edit")
def online_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    sub = get_object_or_404(OnlineApplication.objects.select_related("council"), pk=pk)
    allowed = services.council_ids_for(request.user)
    if allowed is not None and sub.council_id not in allowed:
        raise Http404("No such online application.")
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "register":
                app = portal.register_submission(actor=request.user, submission=sub)
                messages.success(request, f"Application {app.reference} registered.")
                return redirect(f"{BASE}applications/{app.pk}/")
            if form.is_valid():
                portal.reject_submission(
                    actor=request.user, submission=sub, reason=form.cleaned_data["reason"]
                )
                messages.success(request, "Online application closed without registering.")
                return redirect(f"{BASE}online/")
        except ValidationError as exc:
            apply_service_errors(form, exc)
    return render(
        request,
        "lettings/online_detail.html",
        {"form": form, "obj": sub, "page_title": f"Online application from {sub.first_name} {sub.last_name}"},
        status=400 if form.errors else 200,
    )
