"""Every API operation names the capability it needs, in one place a test can walk.

    @router.get("/payment-files", response={200: page_of(PaymentFileOut), **ERRORS})
    @requires("rents.view")
    def list_payment_files(request, page: Query[PageQuery]): ...

`requires` (placed under the router decorator) does three things:
  * records the capability in `REGISTRY`, keyed by operation id (the view function's name);
  * gives the operation auth callbacks that check the capability straight after authenticating,
    before the body is parsed (so a caller without it gets 403, never 422);
  * adds `"x-capability": "<name>"` to the operation in the OpenAPI schema, for integrators.

`public` marks the rare operation that needs no sign-in (the health check); it is registered as None.
`operations(api)` lists every operation the API serves, with its method, path and capability;
`check(api)` (run when the URLs load) refuses an operation that declares nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from ninja.utils import contribute_operation_callback

from hearth.api.auth import auth_for
from hearth.core.permissions import CAPABILITIES

if TYPE_CHECKING:
    from ninja import NinjaAPI
    from ninja.operation import Operation

F = TypeVar("F", bound=Callable[..., Any])

# operation id -> capability (None: public)
REGISTRY: dict[str, str | None] = {}


def _register(func: Callable[..., Any], capability: str | None) -> None:
    operation_id = func.__name__
    if operation_id in REGISTRY and REGISTRY[operation_id] != capability:
        raise ImproperlyConfigured(
            f"API operation id {operation_id!r} is used twice; rename one view function."
        )
    REGISTRY[operation_id] = capability
    func.required_capability = capability  # type: ignore[attr-defined]  # as core.permissions does for pages


def requires(capability: str) -> Callable[[F], F]:
    if capability not in CAPABILITIES:
        raise KeyError(f"Unknown capability {capability!r}")

    def decorator(func: F) -> F:
        _register(func, capability)

        def contribute(operation: Operation) -> None:
            operation.auth_param = auth_for(capability)
            operation._set_auth(operation.auth_param)
            operation.openapi_extra = {**(operation.openapi_extra or {}), "x-capability": capability}

        contribute_operation_callback(func, contribute)
        return func

    return decorator


def public(func: F) -> F:
    _register(func, None)

    def contribute(operation: Operation) -> None:
        operation.auth_param = None
        operation.auth_callbacks = []
        operation.openapi_extra = {**(operation.openapi_extra or {}), "x-capability": None}

    contribute_operation_callback(func, contribute)
    return func


@dataclass(frozen=True)
class OperationInfo:
    operation_id: str
    method: str
    path: str  # as in the schema, e.g. /people/{person_id}, relative to /api/v1
    capability: str | None
    declared: bool  # False when the view used neither @requires nor @public


def operations(api: NinjaAPI) -> list[OperationInfo]:
    found: list[OperationInfo] = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            full = "/" + "/".join(p.strip("/") for p in (prefix, path) if p.strip("/"))
            for op in path_view.operations:
                name = op.view_func.__name__
                for method in op.methods:
                    found.append(
                        OperationInfo(
                            operation_id=name,
                            method=method,
                            path=full,
                            capability=REGISTRY.get(name),
                            declared=name in REGISTRY and hasattr(op.view_func, "required_capability"),
                        )
                    )
    return sorted(found, key=lambda o: (o.path, o.method))


def check(api: NinjaAPI) -> None:
    """Every operation declares its capability (or is public) and has an operation id of its own."""
    found = operations(api)
    undeclared = sorted({o.operation_id for o in found if not o.declared})
    if undeclared:
        raise ImproperlyConfigured(
            "API operations without @requires(capability) or @public: " + ", ".join(undeclared)
        )
    funcs: dict[str, set[int]] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for op in path_view.operations:
                funcs.setdefault(op.view_func.__name__, set()).add(id(op.view_func))
    clashes = sorted(name for name, ids in funcs.items() if len(ids) > 1)
    if clashes:
        raise ImproperlyConfigured("API operation ids used by more than one view: " + ", ".join(clashes))
