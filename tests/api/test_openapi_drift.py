"""The committed openapi.json is exactly what the API generates: change the API, regenerate the file."""

from __future__ import annotations

import io
import json
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
FIX = "openapi.json is out of date with the API. Run `make openapi` and commit the result."


def _generated() -> str:
    out = io.StringIO()
    call_command("export_openapi", stdout=out)
    return out.getvalue()


def test_committed_schema_matches_the_api() -> None:
    committed = (ROOT / "openapi.json").read_text(encoding="utf-8")
    generated = _generated()
    if committed != generated:
        old, new = json.loads(committed), json.loads(generated)
        changed = sorted(
            f"{method.upper()} {path}"
            for path in set(old["paths"]) | set(new["paths"])
            for method in set(old["paths"].get(path, {})) | set(new["paths"].get(path, {}))
            if old["paths"].get(path, {}).get(method) != new["paths"].get(path, {}).get(method)
        )
        detail = (
            f" Operations that differ: {', '.join(changed)}." if changed else " (schemas or metadata differ)"
        )
        raise AssertionError(FIX + detail)


def test_export_is_stable_and_sorted() -> None:
    first = _generated()
    assert first == _generated()
    schema = json.loads(first)
    assert first == json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert schema["info"]["title"] == "Hearth API"
    assert schema["info"]["version"] == "1"
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
