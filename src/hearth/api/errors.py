"""Every API error is JSON: {"code": "...", "message": "a sentence", "errors": {field: [sentences]}}.

code            status  when
bad_request     400     the body is not JSON
invalid         422     the request body or parameters are wrong (errors names each field)
unauthenticated 401     no valid token or session
forbidden       403     the caller's roles lack the capability the operation needs
csrf_failed     403     a signed-in browser call without its CSRF token
not_found       404     the record in the path does not exist
conflict        409     the change clashed with another one made at the same time; try again
server_error    500     a fault on our side; it is logged, and no detail is returned
too_slow        503     a query ran longer than a page's time limit and was stopped; narrow the request
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from hearth.api.auth import CsrfFailed
from hearth.core.middleware import StatementLimit, is_statement_timeout

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("hearth.api")

INVALID_MESSAGE = "The request has errors. Correct the fields listed in errors and try again."


class ErrorOut(Schema):
    code: str
    message: str
    errors: dict[str, list[str]] | None = None


# for `response={200: X, **ERRORS}`: documents the error body in the schema
ERRORS: dict[int, Any] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
    503: ErrorOut,
}
# for an operation that reads a body, which may not be JSON
BODY_ERRORS: dict[int, Any] = {400: ErrorOut, **ERRORS}


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    errors: Mapping[str, list[str]] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if errors is not None:
        body["errors"] = dict(errors)
    return api.create_response(request, body, status=status)


@contextmanager
def fields_renamed(mapping: Mapping[str, str]) -> Iterator[None]:
    """Report a service's errors under the API's field names (e.g. `estate` -> `estate_id`)."""
    try:
        yield
    except DjangoValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        renamed: dict[str, list[str]] = {}
        for field, messages in exc.message_dict.items():
            renamed.setdefault(mapping.get(field, field), []).extend(messages)
        raise DjangoValidationError(renamed) from exc


# --- ninja's own (pydantic) validation errors, as sentences on field paths -------------------------


def _sentence(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "This field is required."
    if kind == "extra_forbidden":
        return "This field cannot be set here."
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return "Enter a whole number."
    if kind in {"float_parsing", "float_type", "decimal_parsing", "decimal_type"}:
        return "Enter a number."
    if kind in {"bool_parsing", "bool_type"}:
        return "Enter true or false."
    if kind.startswith("datetime"):
        return "Enter a real date and time in ISO 8601 format."
    if kind.startswith("date"):
        return "Enter a real date in the format YYYY-MM-DD."
    if kind in {"string_type", "string_sub_type"}:
        return "Enter text."
    if kind == "string_too_long":
        return f"Enter no more than {ctx.get('max_length')} characters."
    if kind == "string_too_short":
        return (
            "This field is required."
            if ctx.get("min_length") == 1
            else (f"Enter at least {ctx.get('min_length')} characters.")
        )
    if kind == "greater_than_equal":
        return f"Enter a number that is {ctx.get('ge')} or more."
    if kind == "greater_than":
        return f"Enter a number greater than {ctx.get('gt')}."
    if kind == "less_than_equal":
        return f"Enter a number that is {ctx.get('le')} or less."
    if kind == "less_than":
        return f"Enter a number less than {ctx.get('lt')}."
    if kind in {"list_type", "tuple_type", "set_type"}:
        return "Send a list."
    if kind in {"too_long"}:
        return f"Send no more than {ctx.get('max_length')} items."
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return "Send a JSON object."
    if kind in {"json_invalid", "json_type"}:
        return "The request body is not valid JSON."
    if kind == "value_error":
        return str(ctx.get("error") or error.get("msg", "This value is not valid."))
    message = str(error.get("msg") or "This value is not valid.")
    return message if message.endswith(".") else message + "."


def _field_path(loc: Sequence[Any], body_params: set[str]) -> str:
    """("body", "payload", "tenant_ids", 0) -> "tenant_ids.0"; ("query", "limit") -> "limit"; the body -> "__all__"."""
    parts = list(loc)
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form", "file"}:
        source = parts.pop(0)
        if source == "body" and parts and parts[0] in body_params:
            parts.pop(0)
    return ".".join(str(p) for p in parts) or "__all__"


def validation_errors(errors: Sequence[Mapping[str, Any]], body_params: set[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for error in errors:
        path = _field_path(error.get("loc") or (), body_params)
        if path == "__all__" and error.get("type") in {
            "missing",
            "model_attributes_type",
            "dict_type",
            "model_type",
        }:
            message = "Send a JSON object in the request body."
        else:
            message = _sentence(error)
        if message not in out.get(path, []):
            out.setdefault(path, []).append(message)
    return out


# body parameter names used by the routers; stripped from field paths
BODY_PARAMS = {"payload"}


# --- handlers -------------------------------------------------------------------------------


def _not_found_message(exc: Exception) -> str:
    if isinstance(exc, ObjectDoesNotExist):
        for model in apps.get_models():
            if type(exc) is getattr(model, "DoesNotExist", None):
                return f"There is no {model._meta.verbose_name} with that id."
    text = str(exc) if isinstance(exc, Http404) else ""
    return text if text.endswith(".") else "Not found. Check the address and the id."


def install(api: NinjaAPI) -> None:
    def on_ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return error_response(
            api, request, 422, "invalid", INVALID_MESSAGE, validation_errors(exc.errors, BODY_PARAMS)
        )

    def on_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            errors = {field: list(messages) for field, messages in exc.message_dict.items()}
        else:
            errors = {"__all__": list(exc.messages)}
        return error_response(api, request, 422, "invalid", INVALID_MESSAGE, errors)

    def on_permission(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or "You do not have permission to do this."
        return error_response(api, request, 403, "forbidden", message)

    def on_csrf(request: HttpRequest, exc: CsrfFailed) -> HttpResponse:
        return error_response(
            api,
            request,
            403,
            "csrf_failed",
            "The request was refused because its CSRF token is missing or wrong. Reload the page and try again.",
        )

    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(api, request, 404, "not_found", _not_found_message(exc))

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, AuthenticationError) or exc.status_code == 401:
            return error_response(
                api,
                request,
                401,
                "unauthenticated",
                "Sign in, or send an API token in the Authorization header as 'Bearer <token>'.",
            )
        codes = {
            400: "bad_request",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
            413: "too_large",
            429: "throttled",
        }
        message = str(exc.message)
        if exc.status_code == 400 and message.startswith("Cannot parse request body"):
            message = (
                "The request body could not be read. Send JSON with the header Content-Type: application/json"
            )
        if not message.endswith("."):
            message += "."
        return error_response(api, request, exc.status_code, codes.get(exc.status_code, "error"), message)

    def on_integrity(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        logger.warning("API conflict on %s %s: %s", request.method, request.path, exc)
        return error_response(
            api,
            request,
            409,
            "conflict",
            "The change clashed with another change made at the same time. Reload the record and try again.",
        )

    def on_anything(request: HttpRequest, exc: Exception) -> HttpResponse:
        if is_statement_timeout(exc):
            seconds = StatementLimit(request).milliseconds() / 1000
            logger.warning(
                "A query of %s %s ran for more than %s seconds", request.method, request.path, seconds
            )
            return error_response(
                api,
                request,
                503,
                "too_slow",
                f"The request took longer than {seconds:g} seconds and was stopped. "
                "Ask for less (a narrower filter or a smaller page) and try again.",
            )
        logger.exception("API error on %s %s", request.method, request.path)
        return error_response(
            api,
            request,
            500,
            "server_error",
            "Something went wrong on our side. The problem has been logged; try again later.",
        )

    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (NinjaValidationError, on_ninja_validation),
        (DjangoValidationError, on_validation),
        (PermissionDenied, on_permission),
        (CsrfFailed, on_csrf),
        (ObjectDoesNotExist, on_not_found),
        (Http404, on_not_found),
        (HttpError, on_http_error),
        (IntegrityError, on_integrity),
        (Exception, on_anything),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)
