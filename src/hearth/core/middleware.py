"""What every page and API call goes through, whatever its view.

`StripControlCharacters`: text from the query string and form fields without control characters.
A NUL pasted or sent in a search box or a form field cannot be stored or even compared on PostgreSQL,
and the other C0 controls and DEL are never what an officer meant to type (they do break exports and
PDFs). They are taken out here, once, before any view reads `request.GET` or `request.POST`:

- in the query string every one goes; tab, line breaks, vertical tab and form feed become a space,
  so that words pasted from a spreadsheet stay apart;
- in a form body tab and line breaks are kept (a text area holds them), the rest go;
- names are cleaned as well as values; uploaded files (`request.FILES`) and JSON bodies are left as
  sent: the API's request schemas refuse a NUL in JSON text with a sentence on the field
  (`api/schemas.py` `InputSchema`).

`SecurityHeaders`: no answer of a view is kept by a browser or a proxy (`Cache-Control: no-store`),
since nearly all of them hold personal data and the rest are not worth the doubt; only an answer its
view marked `public` (the GOV.UK assets) keeps its own caching, and static files never reach here
(WhiteNoise serves them first). Every answer also denies the page the browser's powerful features
(`Permissions-Policy`: camera, microphone, location and the like, from `PERMISSIONS_POLICY`).
Django names no server in its answers; gunicorn's own `Server` header is the proxy's to drop
(docs/operations.md).

`PageStatementTimeout`: on PostgreSQL no query of a page may run longer than
`HEARTH_PAGE_STATEMENT_TIMEOUT_MS` (exports and the heavy reports of `HEARTH_REPORT_PAGES`:
`HEARTH_REPORT_STATEMENT_TIMEOUT_MS`), so that one slow search cannot hold a web process and a
database connection for minutes. The limit is set on the web process's database session with its
first page query and kept there (set again only when a page needs another limit, a new connection is
opened, or it was set inside a transaction that may have rolled back), so a page pays nothing for it;
a web process's connections serve only pages. The worker and management commands have connections
of their own, which never pass through here and so have no limit. Behind a pooler in transaction
mode (PgBouncer's `pool_mode = transaction`) a session setting would travel with the server
connection: there set the limit on the web role instead (`ALTER ROLE … SET statement_timeout`) and
this one to 0 (docs/operations.md). A page cut off answers 503 with a page that says so, not an
error page. SQLite has no such limit: there pages run as long as they take.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

if TYPE_CHECKING:
    from django.http.request import _ImmutableQueryDict

logger = logging.getLogger("hearth.pages")

_QUERY_SPACES = re.compile(r"[\t\n\v\f\r]")
_QUERY_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
_FORM_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def clean_query_text(value: str) -> str:
    return _QUERY_CONTROLS.sub("", _QUERY_SPACES.sub(" ", value))


def clean_form_text(value: str) -> str:
    return _FORM_CONTROLS.sub("", value)


def cleaned(
    data: _ImmutableQueryDict, clean: Callable[[str], str], pattern: re.Pattern[str]
) -> _ImmutableQueryDict:
    """`data` itself when it holds no control character, else an (immutable) copy without them."""
    if not any(pattern.search(key) or any(pattern.search(v) for v in values) for key, values in data.lists()):
        return data
    out = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        for value in values:
            out.appendlist(clean(key), clean(value))
    out._mutable = False
    return cast("_ImmutableQueryDict", out)


class StripControlCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request.GET = cleaned(request.GET, clean_query_text, _QUERY_CONTROLS)
        if request.method == "POST" and request.content_type in FORM_TYPES:
            request.POST = cleaned(request.POST, clean_form_text, _FORM_CONTROLS)
        return self.get_response(request)


class SecurityHeaders:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(allowed)})" for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, no_store=True)
        response.setdefault("Permissions-Policy", self.permissions_policy)
        return response


QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement cut off by statement_timeout


def is_statement_timeout(exc: BaseException) -> bool:
    cause = exc.__cause__
    return isinstance(exc, OperationalError) and QUERY_CANCELED in (
        getattr(cause, "sqlstate", None),  # psycopg 3
        getattr(cause, "pgcode", None),  # psycopg2
    )


# Set on a connection (the Django wrapper) once a page's limit is on its session: the database
# connection it was set on, the limit, and whether it was set inside a transaction (a rollback would
# take it back, so it is set again after).
_SESSION_LIMIT = "hearth_statement_limit"


class StatementLimit:
    """An execute wrapper putting a request's time limit on the database session (see the module)."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def milliseconds(self) -> int:
        match = self.request.resolver_match  # None until the URL is resolved: a page's limit
        heavy = "export" in self.request.GET or (
            match is not None and match.view_name in settings.HEARTH_REPORT_PAGES
        )
        return int(
            settings.HEARTH_REPORT_STATEMENT_TIMEOUT_MS
            if heavy
            else settings.HEARTH_PAGE_STATEMENT_TIMEOUT_MS
        )

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
    ) -> Any:
        db = context["connection"]
        if db.vendor == "postgresql":
            wanted = self.milliseconds()
            state = getattr(db, _SESSION_LIMIT, None)
            if (
                state is None
                or state[0] is not db.connection
                or state[1] != wanted
                or (state[2] and not db.in_atomic_block)
            ):
                with db.connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('statement_timeout', %s, false)", [str(wanted)])
                setattr(db, _SESSION_LIMIT, (db.connection, wanted, db.in_atomic_block))
        return execute(sql, params, many, context)

    def around(self, content: Iterable[bytes]) -> Iterator[bytes]:
        """`content` of a streamed answer (a CSV export), its queries under the limit as it is sent."""
        with connection.execute_wrapper(self):
            yield from content


class PageStatementTimeout:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if connection.vendor != "postgresql":
            return self.get_response(request)
        db = connections[DEFAULT_DB_ALIAS]
        state = getattr(db, _SESSION_LIMIT, None)
        if state is not None and state[2]:  # set inside a transaction that may have rolled back
            setattr(db, _SESSION_LIMIT, None)
        limit = StatementLimit(request)
        with connection.execute_wrapper(limit):
            response = self.get_response(request)
        if isinstance(response, StreamingHttpResponse) and not response.is_async:
            response.streaming_content = limit.around(cast("Iterator[bytes]", response.streaming_content))
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_statement_timeout(exception):
            return None
        seconds = StatementLimit(request).milliseconds() / 1000
        logger.warning(
            "A query of %s %s ran for more than %s seconds and was stopped",
            request.method,
            request.path,
            seconds,
        )
        page = render_to_string("core/too_slow.html", {"seconds": f"{seconds:g}"})
        return HttpResponse(page, status=503)
