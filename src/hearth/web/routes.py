"""What the apps' URL modules share: pages whose paths start the same way, written once."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path


def under(prefix: str, *patterns: URLPattern | URLResolver) -> URLResolver:
    """Pages whose paths all start with `prefix` (a record's pages under `accounts/<int:pk>/`), each
    written with the rest of its path; their names stay in the app's own namespace."""
    return path(prefix, include(list(patterns)))
