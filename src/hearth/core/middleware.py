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
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, QueryDict
from django.utils.cache import patch_cache_control

if TYPE_CHECKING:
    from django.http.request import _ImmutableQueryDict

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
