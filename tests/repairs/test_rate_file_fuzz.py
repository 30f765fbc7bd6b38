"""Generated schedules of rates, CSV and Excel, valid and malformed in every way found so far,
uploaded through the import page: none is an error page; a refused file changes no rate; an
accepted file, imported again, changes nothing."""

from __future__ import annotations

import io
import random
from collections import Counter
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from factories import ContractFactory, ContractorFactory
from file_fuzz import NOT_MONEY, csv_line, huge_text, mutated, random_bytes, wrongly_encoded
from hearth.repairs import imports, services
from hearth.repairs.models import RateLine

pytestmark = pytest.mark.django_db

SEED = 20261204
FILES = 90
COLUMNS = ["code", "description", "unit", "rate", "trade"]
# each kind of file, with whether it must be accepted (None: either, e.g. random bytes)
KINDS: dict[str, bool | None] = {
    "valid csv": True,
    "valid excel": True,
    "rate not money": False,
    "huge field": False,
    "field one too long": False,
    "code not 6 digits": False,
    "code twice": False,
    "column missing": False,
    "wrong encoding": False,
    "quote not closed": False,
    "random bytes": None,
    "bytes changed": None,
    "excel bytes changed": None,
    "excel truncated": False,
}
WORDS = ["Ease", "adjust", "door", "renew", "lock, 5 lever", 'say "hi"', "café", "Ø-ring", "&", "WC pan"]
LIMITS = {"description": 301, "unit": 21, "trade": 61, "code": 7}


def _rows(rng: random.Random, kind: str) -> list[dict[str, Any]]:
    codes = rng.sample(range(500000, 500040), rng.randrange(1, 7))
    rows = [
        {
            "code": f"{code:06d}",
            "description": " ".join(rng.sample(WORDS, rng.randrange(1, 4))),
            "unit": rng.choice(["each", "m2", "hour", "item"]),
            "rate": f"{rng.randrange(1, 10_000_000) / 100:.2f}",
            "trade": rng.choice(["Joinery", "Plumbing", "Electrical", "Painting"]),
        }
        for code in codes
    ]
    bad = rng.randrange(len(rows))
    if kind == "rate not money":
        rows[bad]["rate"] = rng.choice([*NOT_MONEY, "-5.00", "", "abc"])
    elif kind == "huge field":
        rows[bad][rng.choice(COLUMNS)] = huge_text(rng)
    elif kind == "field one too long":
        name = rng.choice(list(LIMITS))
        rows[bad][name] = huge_text(rng, LIMITS[name]) if name != "code" else "5000001"
    elif kind == "code not 6 digits":
        rows[bad]["code"] = rng.choice(["12345", "1234567", "ABCDEF", ""])
    elif kind == "code twice":
        rows.append(dict(rows[bad]))
    return rows


def _csv(rng: random.Random, kind: str, rows: list[dict[str, Any]]) -> bytes:
    header = [c for c in COLUMNS if not (kind == "column missing" and c == rng.choice(COLUMNS))]
    if header == COLUMNS and kind == "column missing":
        header = COLUMNS[1:]
    lines = [csv_line(header)] + [csv_line([str(row[c]) for c in header]) for row in rows]
    if kind == "quote not closed":
        lines[1] = '"' + lines[1]
    ending = rng.choice(["\n", "\r\n"])
    text = ending.join(lines) + ending
    if kind == "wrong encoding":
        return wrongly_encoded(
            rng, text.replace("description", "description £", 1) + "999999,Pan – WC,each,1.00,Plumbing"
        )
    if kind == "random bytes":
        return random_bytes(rng)
    data = text.encode()
    return mutated(rng, data) if kind == "bytes changed" else data


def _excel(rng: random.Random, kind: str, rows: list[dict[str, Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(COLUMNS)
    for row in rows:
        code, rate = row["code"], row["rate"]
        sheet.append(
            [
                int(code) if code.isdigit() and rng.random() < 0.5 else code,
                row["description"],
                row["unit"],
                float(rate) if rng.random() < 0.5 and rate.replace(".", "").isdigit() else rate,
                row["trade"],
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if kind == "excel truncated":
        return data[: rng.randrange(10, len(data) - 100)]
    return mutated(rng, data) if kind == "excel bytes changed" else data


def _snapshot() -> list[tuple[Any, ...]]:
    return list(
        RateLine.objects.order_by("contract_id", "code").values_list(
            "contract_id", "code", "description", "unit", "rate", "trade"
        )
    )


def test_generated_schedules_of_rates_are_refused_whole_or_imported_once(
    senior: Any, senior_client: Client
) -> None:
    contract = ContractFactory(actor=senior, contractor=ContractorFactory(actor=senior), rates=[])
    url = reverse("repairs:contract_import", args=[contract.pk])
    rng = random.Random(SEED)  # noqa: S311 - test data
    kinds, outcomes = list(KINDS), Counter[tuple[str, bool]]()
    for n in range(FILES):
        kind = kinds[n % len(kinds)]
        excel = "excel" in kind or (
            kind in ("rate not money", "huge field", "code not 6 digits") and n % 2 == 0
        )
        rows = _rows(rng, kind)
        content = _excel(rng, kind, rows) if excel else _csv(rng, kind, rows)
        name = "rates.xlsx" if excel else rng.choice(["rates.csv", "rates.txt"])
        before = _snapshot()
        response = senior_client.post(url, {"file": SimpleUploadedFile(name, content)})
        assert response.status_code in (302, 400), (n, kind, response.status_code)
        accepted = response.status_code == 302
        outcomes[kind, accepted] += 1
        expected = KINDS[kind]
        assert expected is None or accepted == expected, (n, kind, content[:300])
        if not accepted:
            assert _snapshot() == before, (n, kind)
            continue
        after = _snapshot()
        again = services.import_rates(
            actor=senior, contract=contract, rows=imports.read_rate_file(name, io.BytesIO(content))
        )
        assert (again.created, again.updated) == (0, 0) and _snapshot() == after
    assert sum(outcomes.values()) == FILES
    assert {kind for kind, accepted in outcomes if accepted} >= {"valid csv", "valid excel"}
