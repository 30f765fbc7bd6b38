from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.static import serve

from hearth.core import clocks, jobs, search
from hearth.core.models import Clock, Job
from hearth.core.permissions import capability_required, has_capability, public, require
from hearth.web.records import url_for_model
from hearth.web.tasks import rebuild_search_index_task


def _clock_rows(qs: Any, limit: int = 50) -> list[dict[str, Any]]:
    rows = []
    for clock in qs[:limit]:
        rows.append(
            {
                "clock": clock,
                "url": url_for_model(clock.content_type.model_class(), clock.object_id),
            }
        )
    return rows


@capability_required("records.view")
def home(request: HttpRequest) -> HttpResponse:
    can_see_clocks = has_capability(request.user, "clocks.view")
    context: dict[str, Any] = {"page_title": "Your work"}
    if can_see_clocks:
        context["mine_overdue"] = _clock_rows(clocks.overdue_clocks(request.user))
        context["mine_due"] = _clock_rows(clocks.clocks_due(request.user, within_days=7))
        context["team_overdue_count"] = clocks.overdue_clocks().count()
        context["team_due_count"] = clocks.clocks_due(within_days=7).count()
    context["jobs"] = Job.objects.filter(created_by_id=request.user.pk)[:5]
    return render(request, "web/home.html", context)


@capability_required("clocks.view")
def clock_list(request: HttpRequest) -> HttpResponse:
    view = request.GET.get("show", "overdue")
    if view == "overdue":
        qs = clocks.overdue_clocks()
    elif view == "breached":
        qs = clocks.breached_clocks()
    else:
        view, qs = "due", clocks.clocks_due(within_days=14)
    return render(
        request,
        "web/clocks.html",
        {
            "rows": _clock_rows(qs, limit=500),
            "show": view,
            "page_title": "Statutory clocks",
        },
    )


@capability_required("records.view")
def search_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    results = search.search(query, limit=50) if query else []
    context = {
        "search_query": query,
        "results": results,
        "page_title": f"Search: {query}" if query else "Search",
    }
    if request.headers.get("HX-Request"):
        return render(request, "web/includes/search_results.html", context)
    return render(request, "web/search.html", context)


@capability_required("jobs.view")
def job_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        require(request.user, "admin")
        job = jobs.start(
            name="Rebuild the search index",
            kind="search.rebuild",
            params={},
            actor=request.user,
            task=rebuild_search_index_task,
            restartable=True,  # each chunk of records replaces its own entries: safe to do again
        )
        messages.success(request, "The search index is being rebuilt.")
        return redirect("web:job", pk=job.pk)
    recent = Job.objects.select_related("created_by")[:100]
    return render(request, "web/jobs.html", {"jobs": recent, "page_title": "Background jobs"})


@capability_required("jobs.view")
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(Job, pk=pk)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse(
            {
                "state": job.state,
                "done": job.done,
                "total": job.total,
                "percent": job.percent,
                "message": job.message,
            }
        )
    template = "web/includes/job_progress.html" if request.headers.get("HX-Request") else "web/job.html"
    return render(request, template, {"job": job, "page_title": job.name})


@public
def govuk_assets(request: HttpRequest, path: str) -> HttpResponseBase:
    """GOV.UK and MOJ Frontend CSS refer to /assets/...; serve them from the installed packages."""
    for root in (
        settings.GOVUK_ASSETS_DIR,
        settings.NODE_MODULES / "@ministryofjustice" / "frontend" / "moj" / "assets",
    ):
        if (root / path).is_file():
            response = serve(request, path, document_root=str(root))
            response["Cache-Control"] = "public, max-age=86400"
            return response
    raise Http404("No such asset.")


@public
def health(request: HttpRequest) -> HttpResponse:
    Clock.objects.exists()  # the database answers
    return HttpResponse("ok", content_type="text/plain")
