"""Records with a page of their own: the link to the page, and what an app registers for each such
record when it starts (who may see it and its files, and where its search results lead)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.urls import reverse


class HasPage:
    """A model whose records each have a page: `URL_NAME` names its route, taking the record's id."""

    URL_NAME: ClassVar[str]
    pk: Any

    def get_absolute_url(self) -> str:
        return reverse(self.URL_NAME, args=[self.pk])


def register_record_pages(
    search_kind: str, model: type[models.Model], *, capability: str = "records.view"
) -> None:
    """Called from an app's `ready()`: officers with `capability` see these records and their files,
    and search results of `search_kind` lead to their pages."""
    from hearth.core import files, search

    files.viewable_with(model, capability=capability)
    search.link(search_kind, model.URL_NAME)  # type: ignore[attr-defined]
