"""Reading a schedule of rates file (CSV or Excel) into numbered rows for `services.import_rates`.

Whatever the bytes, the answer is rows or a `ValidationError` on the file: a file that is not CSV
text or an Excel workbook that can be read is refused whole, and so is one with a cell longer than
the schedule line's field holds (every such cell named by its line), before any row is checked."""

from __future__ import annotations

import io
from typing import IO, Any

from django.core.exceptions import ValidationError

from hearth.core import csvfiles, uploads
from hearth.repairs.domain import RATE_COLUMNS
from hearth.repairs.models import RateLine

MAX_BYTES = 20 * 1024 * 1024


def _header(cells: list[Any]) -> list[str]:
    names = [str(c or "").strip().lower() for c in cells]
    missing = [c for c in RATE_COLUMNS if c not in names]
    if missing:
        raise ValidationError(
            {
                "file": [
                    f"The first row must name the columns {', '.join(RATE_COLUMNS)}; missing: {', '.join(missing)}."
                ]
            }
        )
    return names


def read_rate_file(name: str, stream: IO[bytes]) -> list[tuple[int, dict[str, Any]]]:
    """Rows keyed by column name, each with its line number in the file (the header is line 1)."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": ["The file is larger than 20 MB."]})
    if not data:
        raise ValidationError({"file": ["The selected file is empty."]})
    lower = uploads.normalised_name(name)
    if lower.endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif lower.endswith(".csv") or lower.endswith(".txt"):
        rows = _read_csv(data)
    else:
        raise ValidationError({"file": ["The file must be a CSV or an Excel (.xlsx) file."]})
    uploads.check(name, data, types=("text", "csv", "xlsx"))  # no macros, and the virus scan
    _check_lengths(rows)
    return rows


def _check_lengths(rows: list[tuple[int, dict[str, Any]]]) -> None:
    """Refuse the file when a text cell is longer than its field on a schedule line, naming each."""
    limits = {name: csvfiles.field_length(RateLine, name) for name in RATE_COLUMNS if name != "rate"}
    problems = [
        f"Line {line}: {wrong}."
        for line, row in rows
        for name, limit in limits.items()
        if (wrong := csvfiles.too_long(str(row.get(name) or "").strip(), limit, name))
    ]
    if problems:
        raise ValidationError({"file": problems})


def _read_csv(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    try:
        rows = csvfiles.read(data)
    except csvfiles.UnreadableFile as exc:
        raise ValidationError({"file": [f"{exc.sentence} Nothing was imported."]}) from None
    if not rows:
        raise ValidationError({"file": ["The selected file is empty."]})
    names = _header(rows[0].cells)
    return [(row.line, dict(zip(names, row.cells, strict=False))) for row in rows[1:]]


def _read_xlsx(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    """The workbook's first sheet; any failure of the reading itself (a broken zip, bad XML, a cell
    no number fits) refuses the file."""
    try:
        return _xlsx_rows(data)
    except ValidationError:
        raise
    except Exception:  # openpyxl raises whatever its zip and XML readers raise
        raise ValidationError({"file": ["The file is not an Excel workbook that can be read."]}) from None


def _xlsx_rows(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    if not book.worksheets:
        raise ValidationError({"file": ["The selected file is empty."]})
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
            if isinstance(value, str) and csvfiles.holds_line_break(value):
                raise ValidationError(
                    {
                        "file": [
                            f"The file cannot be read: on line {number} the {key or 'cell'} holds a line break "
                            "or a control character, which a cell may not hold. Nothing was imported."
                        ]
                    }
                )
            if key == "code" and isinstance(value, (int, float)):
                value = f"{int(value):06d}"
            elif key == "rate" and isinstance(value, float):
                value = repr(value)
            row[key] = "" if value is None else value
        out.append((number, row))
    return out
