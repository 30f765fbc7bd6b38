"""Calls generated from the committed openapi.json, for every operation, as three callers: an
administrator, a read-only auditor and an anonymous caller. No call may answer a server error (5xx),
and the read-only and anonymous callers may not add or remove a row in any table.

Seeded and bounded (a few examples per operation, no example database), so the run is the same every
time and stays quick; the calls go through Django's test client in the test's transaction."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import product
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
import schemathesis
from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode

from hearth.core import permissions

SCHEMA = schemathesis.openapi.from_path(Path(__file__).resolve().parents[2] / "openapi.json")
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
EXAMPLES = 5  # per operation, caller and mode
# calls that fit the schema, and calls that break it in one place (each must be a 4xx, never a 5xx)
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)

FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def _call(client: Client, case: Any, secret: str | None) -> tuple[int, str]:
    """Send `case` through the test client with the caller's token (or none); its status and a line
    naming the call, for the failure message."""
    sent = case.as_transport_kwargs(base_url="http://testserver")
    url = urlsplit(sent["url"])
    headers = {"Accept": "application/json"}
    if secret:
        headers["Authorization"] = f"Bearer {secret}"
    if "json" in sent:
        body, content_type = json.dumps(sent["json"]), "application/json"
    else:
        raw = sent.get("data") or b""
        body = raw if isinstance(raw, bytes | str) else json.dumps(raw)
        content_type = sent["headers"].get("Content-Type", "application/octet-stream")
    params = {key: value for key, value in (sent.get("params") or {}).items() if value is not None}
    response = client.generic(
        sent["method"],
        url.path,
        body,
        content_type=content_type,
        headers=headers,
        QUERY_STRING=_query(params),
    )
    return response.status_code, f"{sent['method']} {url.path} params={params} body={body!r:.300}"


def _query(params: dict[str, Any]) -> str:
    """The query string of `params` (a list repeats its name; true and false as JSON spells them)."""
    spelled = {key: json.dumps(value) if isinstance(value, bool) else value for key, value in params.items()}
    return urlencode(spelled, doseq=True)


def _fuzz(caller: str | None, secret: str | None) -> tuple[int, list[str]]:
    """Every operation, EXAMPLES generated calls in each mode; the number of calls and the server errors."""
    client = Client(raise_request_exception=False)
    calls = 0
    faults: list[str] = []
    for operation, mode in product(OPERATIONS, MODES):

        @FUZZ
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case: Any) -> None:
            nonlocal calls
            status, line = _call(client, case, secret)
            calls += 1
            if status >= 500:
                faults.append(f"{status} as {caller or 'anonymous'}: {line}")

        try:
            run()
        except Unsatisfiable:
            # nothing of this operation can break its schema (no parameters, no body): nothing to send
            assert mode is GenerationMode.NEGATIVE
    return calls, faults


def _rows() -> dict[str, int]:
    """Rows in every table (and the values of the reference sequences)."""
    from hearth.core.models import Sequence

    out = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
    out["sequence values"] = sum(Sequence.objects.values_list("value", flat=True))
    return out


@pytest.mark.parametrize("caller", [permissions.ADMINISTRATOR, permissions.AUDITOR, None])
def test_generated_calls_never_fail_and_read_only_callers_change_nothing(
    caller: str | None,
    world: Any,
    make_user: Callable[..., User],
    token_for: Callable[[User], str],
) -> None:
    secret = (
        None
        if caller is None
        else token_for(make_user(caller, is_superuser=caller == permissions.ADMINISTRATOR))
    )
    before = _rows()
    calls, faults = _fuzz(caller, secret)
    assert calls >= len(OPERATIONS) * len(MODES)
    assert faults == [], "\n".join(faults[:20])
    if caller != permissions.ADMINISTRATOR:
        assert _rows() == before


def test_the_fuzzer_sees_every_operation() -> None:
    """The schema is the committed file, so a new endpoint is fuzzed without touching this test."""
    assert len(OPERATIONS) == sum(
        1
        for path in SCHEMA.raw_schema["paths"].values()
        for method in path
        if method in {"get", "post", "patch"}
    )
