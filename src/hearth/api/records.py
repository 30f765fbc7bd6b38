"""The standard operations on a kind of record, written once: list, create, read one, change the fields sent.

An app names each kind of record in one line (`Kind`: its names and schemas), and `Records.add`
puts the kind's operations on the app's router with the ids, paths, capabilities, response maps,
parameters and descriptions an explicit route would have. For the blocks:

    list_blocks    GET   /blocks               records.view    paginate(block_list(**filters))
    create_block   POST  /blocks               the edit one    201, create_block(actor=..., **fields)
    get_block      GET   /blocks/{block_id}    records.view    block_detail(block_id)
    update_block   PATCH /blocks/{block_id}    the edit one    update_block(actor=..., block=..., **fields)

The reads and writes are the app's own, found by the names every app uses: `<one>_list` and
`<one>_detail` in its selectors, `create_<one>` and `update_<one>` in its services. The fields of
a body are those sent; ids in it that name records (`estate_id`) are replaced by the records
before the service is called, and the service's problems are reported under the API's field names.
A write answers with the record read again as `get` reads it.

Operations that are not one of these four are written as ordinary routes beside them; a set of
alike operations of one app (the contractor's actions on its orders) can be put on its router from a
table with `add_operation`, which makes the same operation one route would.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from hearth.api.auth import actor
from hearth.api.capabilities import requires
from hearth.api.errors import BODY_ERRORS, ERRORS, fields_renamed
from hearth.api.pagination import PageQuery, page_of, paginate
from hearth.api.references import IdFields, renamed_ids, with_records
from hearth.api.schemas import Id

CHANGE_DESCRIPTION = "Change only the fields sent."


def add_operation(
    router: Router,
    method: str,
    path: str,
    name: str,
    answer: Mapping[int, Any],
    params: Sequence[tuple[str, Any]],
    call: Callable[..., Any],
    *,
    capability: str,
    description: str | None = None,
    **options: Any,
) -> None:
    """Put one operation on `router`, as `@router.<method>(path, response={**answer, **ERRORS})` and
    `@requires(capability)` over a view function called `name` (its operation id and summary) with
    `description` as its docstring would: `params` are the view's parameters after the request, in
    order, with their annotations, and `call(request, **params)` answers."""

    def view(request: HttpRequest, **values: Any) -> Any:
        return call(request, **values)

    view.__name__ = view.__qualname__ = name
    view.__doc__ = description
    first = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=HttpRequest)
    rest = [inspect.Parameter(p, inspect.Parameter.KEYWORD_ONLY, annotation=a) for p, a in params]
    view.__signature__ = inspect.Signature([first, *rest])  # type: ignore[attr-defined]  # ninja reads it
    route = router.api_operation(
        [method], path, response={**answer, **(ERRORS if method == "GET" else BODY_ERRORS)}, **options
    )
    route(requires(capability)(view))


@dataclass(frozen=True)
class Kind:
    """A kind of record and the schemas of its standard operations. `out` answers every operation
    (the list's items too) unless `detail` is given for the read and the change; `new` is the body
    of create and `patch` of a change (None: no such operation); `filters` the list's own query.
    `argument` is the keyword its update service takes the record by, when that is not `one`."""

    one: str
    many: str
    out: type[Schema]
    new: type[Schema] | None = None
    patch: type[Schema] | None = None
    filters: type[Schema] | None = None
    detail: type[Schema] | None = None
    argument: str = ""


def _named(namespace: Any, name: str) -> Callable[..., Any]:
    """`namespace.<name>`, looked up on each call as a route's body would; a missing one fails now."""
    getattr(namespace, name)

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(namespace, name)(*args, **kwargs)

    return call


Shown = Callable[[HttpRequest, Any], Any]
PAGE = ("page", Query[PageQuery])


class Records:
    """The standard operations of one app's kinds of record on its router: the app's selectors and
    services (`reads`, `writes`), the capability its writes need, the id fields its bodies may hold
    (API field -> the service's field and the model), and descriptions by operation id."""

    def __init__(
        self,
        router: Router,
        *,
        reads: Any,
        writes: Any,
        edit: str,
        view: str = "records.view",
        ids: IdFields | None = None,
        descriptions: Mapping[str, str] | None = None,
    ) -> None:
        self.router = router
        self.reads = reads
        self.writes = writes
        self.edit = edit
        self.view = view
        self.ids: IdFields = ids or {}
        self.descriptions = dict(descriptions or {})

    def _fields(self, payload: Schema) -> dict[str, Any]:
        return with_records(payload.model_dump(exclude_unset=True), self.ids)

    def add(self, kind: Kind, *, reads: Any = None, shown: Shown | None = None) -> None:
        """Add the kind's operations: list and read always, create with `new`, update with `patch`.
        `reads` stands in for the app's selectors for this kind; `shown(request, record)` builds the
        answer of the read and the change (keys it leaves out are left out of the answer)."""
        reads = reads or self.reads
        rows = _named(reads, f"{kind.one}_list")
        read = _named(reads, f"{kind.one}_detail")
        show: Shown = shown or (lambda request, record: record)
        key = f"{kind.one}_id"
        many, one, record_id = f"/{kind.many}", f"/{kind.many}/{{{key}}}", (key, Id)
        detail = {200: kind.detail or kind.out}
        options: dict[str, Any] = {"exclude_unset": True} if shown else {}
        query = [("filters", Query[kind.filters])] if kind.filters else []  # type: ignore[misc, name-defined]

        def list_records(request: HttpRequest, page: PageQuery, filters: Schema | None = None) -> Any:
            return paginate(rows(**(filters.model_dump() if filters else {})), page)

        def get_record(request: HttpRequest, **path: int) -> Any:
            return show(request, read(path[key]))

        self._put("GET", many, f"list_{kind.many}", {200: page_of(kind.out)}, [*query, PAGE], list_records)
        if kind.new is not None:
            create = _named(self.writes, f"create_{kind.one}")

            def create_record(request: HttpRequest, payload: Schema) -> Any:
                fields = self._fields(payload)
                with fields_renamed(renamed_ids(self.ids)):
                    record = create(actor=actor(request), **fields)
                return Status(201, read(record.pk))

            self._put(
                "POST", many, f"create_{kind.one}", {201: kind.out}, [("payload", kind.new)], create_record
            )
        self._put("GET", one, f"get_{kind.one}", detail, [record_id], get_record, **options)
        if kind.patch is not None:
            update = _named(self.writes, f"update_{kind.one}")
            argument = kind.argument or kind.one

            def update_record(request: HttpRequest, payload: Schema, **path: int) -> Any:
                record = read(path[key])
                fields = self._fields(payload)
                with fields_renamed(renamed_ids(self.ids)):
                    update(actor=actor(request), **{argument: record}, **fields)
                return show(request, read(path[key]))

            change = [record_id, ("payload", kind.patch)]
            self._put("PATCH", one, f"update_{kind.one}", detail, change, update_record, **options)

    def _put(self, method: str, path: str, name: str, *parts: Any, **options: Any) -> None:
        """`add_operation` (`parts`: the answer, parameters and call): reads need the view capability,
        writes the edit one; the description is the app's for `name`, or the usual one for a change."""
        add_operation(
            self.router,
            method,
            path,
            name,
            *parts,
            capability=self.view if method == "GET" else self.edit,
            description=self.descriptions.get(name, CHANGE_DESCRIPTION if method == "PATCH" else None),
            **options,
        )
