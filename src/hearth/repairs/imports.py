"""Reading a schedule of rates file (CSV or Excel) into numbered rows for `services.import_rates`."""

from __future__ import annotations

import csv
import io
from typing import IO, Any

from django.core.exceptions import ValidationError

from hearth.repairs.domain import RATE_COLUMNS

MAX_BYTES = 20 * 1024 * 1024


def _header(cells: list[Any]) -> list[str]:
    names = [str(c or "").strip().lower() for c in cells]
    missing = [c for c in RATE_COLUMNS if c not in names]
    if missing:
        raise ValidationError({"file": [
            f"The first row must name the columns {', '.join(RATE_COLUMNS)}; missing: {', '.join(missing)}."
        ]})
    return names


def read_rate_file(name: str, stream: IO[bytes]) -> list[tuple[int, dict[str, Any]]]:
    """Rows keyed by column name, each with its line number in the file (the header is line 1)."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": ["The file is larger than 20 MB."]})
    if not data:
        raise ValidationError({"file": ["The selected file is empty."]})
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return _read_xlsx(data)
    if lower.endswith(".csv") or lower.endswith(".txt"):
        return _read_csv(data)
    raise ValidationError({"file": ["The file must be a CSV or an Excel (.xlsx) file."]})


def _read_csv(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    reader = csv.reader(io.StringIO(text))
    rows = list(reader)
    if not rows:
        raise ValidationError({"file": ["The selected file is empty."]})
    names = _header(rows[0])
    out = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        out.append((number, dict(zip(names, cells, strict=False))))
    return out


def _read_xlsx(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ValidationError({"file": ["The file is not an Excel workbook that can be read."]}) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    first = next(rows, None)
    if first is None:
        raise ValidationError({"file": ["The selected file is empty."]})
    names = _header(list(first))
    out = []
    for number, cells in enumerate(rows, start=2):
        if not any(c not in (None, "") for c in cells):
            continue
        row = {}
        for key, value in zip(names, cells, strict=False):
            if key == "code" and isinstance(value, (int, float)):
                value = f"{int(value):06d}"
            elif key == "rate" and isinstance(value, float):
                value = repr(value)
            row[key] = "" if value is None else value
        out.append((number, row))
    return out
