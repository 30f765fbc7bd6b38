"""The global search: one table of entries, written by each app's services, read here.

A query matches exact keys (reference, UPRN, NI number), a whole postcode, or every word
appearing somewhere in the entry's text. On PostgreSQL a trigram index serves the word match.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet

from hearth.core.models import SearchEntry
from hearth.core.validators import compact_postcode

_POSTCODE_LIKE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
_WORD = re.compile(r"[\w'-]+", re.UNICODE)


@dataclass(frozen=True)
class Entry:
    kind: str
    object_id: int
    title: str
    detail: str
    url: str
    words: tuple[str, ...]
    key: str = ""
    postcode: str = ""

    def as_model(self) -> SearchEntry:
        return SearchEntry(
            kind=self.kind,
            object_id=self.object_id,
            title=self.title[:300],
            detail=self.detail[:300],
            url=self.url,
            text=haystack(self.words),
            key=self.key.upper()[:40],
            postcode=compact_postcode(self.postcode)[:10],
        )


def haystack(words: Iterable[str | None]) -> str:
    parts = [str(w).lower() for w in words if w not in (None, "")]
    text = " ".join(parts)
    # postcodes also without their space, so 'sw1a1aa' finds 'SW1A 1AA'
    return text + " " + text.replace(" ", "") if len(text) < 120 else text


def index(entry: Entry) -> None:
    SearchEntry.objects.update_or_create(
        kind=entry.kind,
        object_id=entry.object_id,
        defaults={
            f: getattr(entry.as_model(), f) for f in ("title", "detail", "url", "text", "key", "postcode")
        },
    )


def index_many(entries: Iterable[Entry], batch_size: int = 5000) -> int:
    rows = [e.as_model() for e in entries]
    SearchEntry.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


# Entries that show another record's words (an agreement shows its tenants' names and address)
# register here, so that a change to that record refreshes them in the same transaction.
_dependents: dict[str, list[Callable[[int], None]]] = {}


def depends_on(kind: str, refresh: Callable[[int], None]) -> None:
    """Call `refresh(object_id)` whenever a record of `kind` changes (registered at app start)."""
    if refresh not in _dependents.setdefault(kind, []):
        _dependents[kind].append(refresh)


def changed(kind: str, object_id: int) -> None:
    for refresh in _dependents.get(kind, []):
        refresh(object_id)


def remove(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def search(query: str, *, kinds: Iterable[str] | None = None, limit: int = 20) -> list[SearchEntry]:
    query = (query or "").strip()
    if len(query) < 2:
        return []
    qs: QuerySet[SearchEntry] = SearchEntry.objects.all()
    if kinds:
        qs = qs.filter(kind__in=list(kinds))
    compact = re.sub(r"\s+", "", query).upper()
    exact: list[SearchEntry] = list(qs.filter(key=compact)[:limit]) if len(compact) <= 40 else []
    if _POSTCODE_LIKE.match(compact):
        found = qs.filter(postcode=compact).order_by("kind", "title")[:limit]
        return _merge(exact, found, limit)
    words = [w.lower() for w in _WORD.findall(query)][:6]
    if not words:
        return exact
    cond = Q()
    for word in words:
        cond &= Q(text__contains=word)
    found = qs.filter(cond).order_by("kind", "title")[:limit]
    return _merge(exact, found, limit)


def _merge(first: list[SearchEntry], rest: Iterable[SearchEntry], limit: int) -> list[SearchEntry]:
    seen = {(e.kind, e.object_id) for e in first}
    out = list(first)
    for e in rest:
        if (e.kind, e.object_id) not in seen:
            out.append(e)
            seen.add((e.kind, e.object_id))
        if len(out) >= limit:
            break
    return out


def is_postgres() -> bool:
    return connection.vendor == "postgresql"
