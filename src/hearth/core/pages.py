"""Records with a page of their own: the link to the page, and what an app registers for each such
record when it starts (who may see it and its files, and where its search results lead)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

_SAMPLE_ID = "987654321"
_shapes: dict[tuple[str, str, str], tuple[str, str] | None] = {}


def _shape(url_name: str) -> tuple[str, str] | None:
    """The text before and after the id in the route `url_name` (which takes one id), reversed once
    for where the app is mounted; None when there is no such route."""
    key = (url_name, get_script_prefix(), str(get_urlconf() or settings.ROOT_URLCONF))
    if key not in _shapes:
        try:
            before, _, after = reverse(url_name, args=[_SAMPLE_ID]).partition(_SAMPLE_ID)
            _shapes[key] = (before, after)
        except NoReverseMatch:
            _shapes[key] = None
    return _shapes[key]


def page_url(url_name: str, pk: Any) -> str | None:
    """The page of record `pk` on the route `url_name`: what `reverse(url_name, args=[pk])` gives,
    without resolving the route again for every row of a long list; None when there is no route."""
    shape = _shape(url_name)
    return None if shape is None else f"{shape[0]}{int(pk)}{shape[1]}"


class HasPage:
    """A model whose records each have a page: `URL_NAME` names its route, taking the record's id."""

    URL_NAME: ClassVar[str]
    pk: Any

    def get_absolute_url(self) -> str:
        url = page_url(self.URL_NAME, self.pk)
        return url if url is not None else reverse(self.URL_NAME, args=[self.pk])


def register_record_pages(
    search_kind: str, model: type[models.Model], *, capability: str = "records.view"
) -> None:
    """Called from an app's `ready()`: officers with `capability` see these records and their files,
    and search results of `search_kind` lead to their pages."""
    from hearth.core import files, search

    files.viewable_with(model, capability=capability)
    search.link(search_kind, model.URL_NAME)  # type: ignore[attr-defined]
