"""The global search: one table of entries, written by each app's services, read here.

A query matches exact keys (reference, UPRN, NI number), a whole postcode, or every word
appearing somewhere in the entry's text. On PostgreSQL a full-text index serves the word match.

An entry stores the record's kind and id, not the address of its page: the page is worked out
when a result is shown, from the URL name each app registers for its kinds (`link`, in the app's
`AppConfig.ready`), by `reverse` alone, so a page of results costs no extra queries.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from hearth.core.models import SearchEntry
from hearth.core.pages import page_url
from hearth.core.validators import compact_postcode

_POSTCODE_LIKE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
_SPLIT = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Entry:
    kind: str
    object_id: int
    title: str
    detail: str
    words: tuple[str, ...]
    key: str = ""
    postcode: str = ""

    def as_model(self) -> SearchEntry:
        return SearchEntry(
            kind=self.kind,
            object_id=self.object_id,
            title=self.title[:300],
            detail=self.detail[:300],
            text=haystack(self.words, self.postcode),
            key=self.key.upper()[:40],
            postcode=compact_postcode(self.postcode)[:10],
        )


def words_of(text: str) -> list[str]:
    """Lower-case words, split the way PostgreSQL's 'simple' text search splits them."""
    return _SPLIT.findall((text or "").lower())


def haystack(words: Iterable[str | None], postcode: str = "") -> str:
    parts = [w for value in words if value not in (None, "") for w in words_of(str(value))]
    if postcode:
        parts.append(compact_postcode(postcode).lower())  # so 'sw1a1aa' finds 'SW1A 1AA'
    return " ".join(dict.fromkeys(parts))


def index(entry: Entry) -> None:
    row = entry.as_model()
    SearchEntry.objects.update_or_create(
        kind=entry.kind,
        object_id=entry.object_id,
        defaults={f: getattr(row, f) for f in ("title", "detail", "text", "key", "postcode")},
    )


def index_many(entries: Iterable[Entry], batch_size: int = 5000) -> int:
    rows = [e.as_model() for e in entries]
    SearchEntry.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


# The page of each kind of record: kind -> URL name taking the record's id ("web:person").
_pages: dict[str, str] = {}


def link(kind: str, url_name: str) -> None:
    """Results of `kind` link to `reverse(url_name, args=[object_id])` (registered at app start)."""
    _pages[kind] = url_name


def url_of(kind: str, object_id: int) -> str | None:
    """The page of a record found by the search, or None when its kind has no page."""
    url_name = _pages.get(kind)
    return None if url_name is None else page_url(url_name, object_id)


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


def as_key(query: str) -> str:
    """What was typed as an exact key or postcode is stored: upper-case, without spaces."""
    return re.sub(r"\s+", "", query or "").upper()


@dataclass(frozen=True)
class _Query:
    key: str  # compared with exact keys and postcodes
    postcode: bool  # the whole query is a postcode: only keys and postcodes are compared
    words: list[str]
    joined: str  # 'AB 12 34 56 C' also tried as one word, as NI numbers and references are stored


def _parse(query: str) -> _Query | None:
    query = (query or "").strip()[:100]
    if len(query) < 2:
        return None
    key = as_key(query)
    words = words_of(query)[:6]
    joined = "".join(words) if len(words) > 1 and len(key) <= 14 else ""
    return _Query(key=key, postcode=bool(_POSTCODE_LIKE.match(key)), words=words, joined=joined)


def search(query: str, *, kinds: Iterable[str] | None = None, limit: int = 20) -> list[SearchEntry]:
    """Entries holding every word typed, the last one as the start of a word (exact keys and postcodes
    first)."""
    parsed = _parse(query)
    if parsed is None:
        return []
    qs: QuerySet[SearchEntry] = SearchEntry.objects.all()
    if kinds:
        qs = qs.filter(kind__in=list(kinds))
    exact: list[SearchEntry] = list(qs.filter(key=parsed.key)[:limit]) if len(parsed.key) <= 40 else []
    if parsed.postcode:
        found = qs.filter(postcode=parsed.key).order_by("kind", "title")[:limit]
        return _merge(exact, found, limit)
    if not parsed.words:
        return exact
    found = qs.filter(_matches(parsed.words, parsed.joined))[:limit]
    return _merge(exact, sorted(found, key=lambda e: (e.kind, e.title)), limit)


def matching(query: str, *, kinds: Iterable[str]) -> QuerySet[SearchEntry]:
    """Every entry of these kinds that `search` would find for the query, unordered and without a limit:
    a list page filters on it, e.g. `tenancy_id__in=matching(q, kinds=["tenancy"]).values("object_id")`."""
    qs = SearchEntry.objects.filter(kind__in=list(kinds))
    parsed = _parse(query)
    if parsed is None:
        return qs.none()
    cond = Q(key=parsed.key) if len(parsed.key) <= 40 else Q(pk__in=[])
    if parsed.postcode:
        cond |= Q(postcode=parsed.key)
    elif parsed.words:
        cond |= Q(_matches(parsed.words, parsed.joined))
    return qs.filter(cond)


def _matches(words: list[str], joined: str) -> Any:
    """A filter for 'the entry has every word typed, the last as the start of a word' (or the joined form)."""
    if is_postgres():
        # GIN index core_searchentry_text_fts. Words before the last are whole words (the officer has
        # finished typing them); the last is a prefix when it has 3 letters or more. A common prefix
        # such as "house" alone would otherwise gather most of the table before the others narrow it.
        def term(word: str, last: bool) -> str:
            return f"{word}:*" if last and len(word) >= 3 else word

        tsquery = "(" + " & ".join(term(w, i == len(words) - 1) for i, w in enumerate(words)) + ")"
        if joined:
            tsquery += f" | {term(joined, True)}"
        return RawSQL(
            "to_tsvector('simple', text) @@ to_tsquery('simple', %s)", [tsquery], output_field=BooleanField()
        )
    cond = Q()
    for i, word in enumerate(words):
        if i == len(words) - 1 and len(word) >= 3:
            cond &= _starts_a_word(word)
        else:
            cond &= (
                Q(text=word)
                | Q(text__startswith=word + " ")
                | Q(text__endswith=" " + word)
                | Q(text__contains=f" {word} ")
            )
    if joined:
        cond |= _starts_a_word(joined)
    return cond


def _starts_a_word(word: str) -> Q:
    return Q(text__startswith=word) | Q(text__contains=" " + word)


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
