"""CSV and Excel export of any list: the same columns as the page, every filtered row."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

Column = tuple[str, Callable[[Any], Any]]
EXCEL_MAX_ROWS = 1_048_575


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # never let a spreadsheet run a formula from our data
    return value


def export_response(
    fmt: str, name: str, columns: Sequence[Column], rows: Iterable[Any]
) -> HttpResponse | StreamingHttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        return _excel(f"{name}-{stamp}.xlsx", columns, rows)
    return _csv(f"{name}-{stamp}.csv", columns, rows)


def _csv(filename: str, columns: Sequence[Column], rows: Iterable[Any]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"  # so Excel opens it as UTF-8
        yield writer.writerow([label for label, _ in columns])
        for row in rows:
            yield writer.writerow([_cell(get(row)) for _, get in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _excel(filename: str, columns: Sequence[Column], rows: Iterable[Any]) -> HttpResponse:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Export")
    sheet.append([label for label, _ in columns])
    for count, row in enumerate(rows, start=1):
        if count > EXCEL_MAX_ROWS:
            break
        sheet.append([_cell(get(row)) for _, get in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
