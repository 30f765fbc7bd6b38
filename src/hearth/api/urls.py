"""The API root, mounted at /api/v1/: auth, errors, each app's router, the health check."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from ninja import NinjaAPI, Schema, Status
from ninja.operation import Operation

from hearth.api import capabilities, errors
from hearth.api.auth import auth_for
from hearth.api.capabilities import public
from hearth.api.schemas import ExactNumbers
from hearth.lettings.api import router as lettings_router
from hearth.people.api import router as people_router
from hearth.properties.api import router as properties_router
from hearth.rents.api import router as rents_router
from hearth.repairs.api import router as repairs_router
from hearth.tenancies.api import router as tenancies_router
from hearth.tenancy_processes.api import router as tenancy_processes_router


class HearthAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # the view function's name: short, stable, and the key of capabilities.REGISTRY
        return operation.view_func.__name__


api = HearthAPI(
    title="Hearth API",
    version="1",
    description=(
        "Housing management records for integrations. Authenticate with `Authorization: Bearer <token>` "
        "(`hearth create_api_token`). Every operation names the capability it needs in `x-capability`; "
        "errors are JSON `{code, message, errors}`. See docs/api.md."
    ),
    urls_namespace="api",
    auth=auth_for(None),
    # The schema is served at /api/v1/openapi.json (and committed as openapi.json). No Swagger page:
    # ninja's loads its scripts from a CDN, which the Content Security Policy rightly blocks.
    docs_url=None,
    parser=ExactNumbers(),
)
errors.install(api)


class HealthOut(Schema):
    status: str
    database: str


@api.get("/health", response={200: HealthOut, 503: HealthOut}, tags=["health"], auth=None)
@public
def health(request: HttpRequest) -> Any:
    """Is the service up and its database reachable? Needs no authentication."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        errors.logger.exception("Health check: database unreachable")
        return Status(503, {"status": "unavailable", "database": "unreachable"})
    return {"status": "ok", "database": "ok"}


api.add_router("/", people_router)
api.add_router("/", properties_router)
api.add_router("/", tenancies_router)
api.add_router("/", tenancy_processes_router)
api.add_router("/", repairs_router)
api.add_router("/", rents_router)
api.add_router("/", lettings_router)
capabilities.check(api)


def _no_such_endpoint(request: HttpRequest, rest: str = "") -> HttpResponse:
    return errors.error_response(
        api,
        request,
        404,
        "not_found",
        "There is no such API endpoint. The endpoints are listed in /api/v1/openapi.json.",
    )


def _json_method_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """ninja answers a wrong method with a plain-text 405; give it the API's JSON error body."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and response.get("Content-Type", "").startswith("text/"):
            allowed = response.get("Allow", "")
            json_response = errors.error_response(
                api,
                request,
                405,
                "method_not_allowed",
                f"{request.method} is not allowed here; use {allowed}.",
            )
            json_response["Allow"] = allowed
            return json_response
        return response

    return wrapped


def _patterns() -> list[URLPattern | URLResolver]:
    out: list[URLPattern | URLResolver] = []
    for pattern in api.urls[0]:
        if isinstance(pattern, URLPattern):
            pattern = URLPattern(
                pattern.pattern,
                _json_method_not_allowed(pattern.callback),
                pattern.default_args,
                pattern.name,
            )
        out.append(pattern)
    return out


app_name = "api"  # the namespace: reverse("api:get_person", kwargs=...)
urlpatterns = [*_patterns(), re_path(r"^(?P<rest>.*)$", _no_such_endpoint)]
