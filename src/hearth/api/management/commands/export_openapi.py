"""`hearth export_openapi > openapi.json`: the API schema as stable, sorted, indented JSON."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand


def schema_json() -> str:
    from hearth.api.urls import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Print the OpenAPI schema of /api/v1/ as sorted, indented JSON (make openapi writes openapi.json)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(schema_json(), ending="")
