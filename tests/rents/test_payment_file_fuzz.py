"""Generated payment files, valid and malformed in every way found so far, imported through the
import page and the service for every channel: none is an error page; a refused file changes
nothing (ledger, suspense, imports, the ledger's sum); an accepted file posts each row once, and
posts nothing when uploaded again (the same bytes, or the same rows in another file)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from file_fuzz import NOT_MONEY, csv_line, huge_text, mutated, random_bytes, wrongly_encoded
from hearth.rents import services
from hearth.rents.models import PaymentImport, SuspenseItem, Transaction
from hearth.rents.services.imports import DEFAULT_MAPPINGS, FILE_CHANNELS, REVERSAL_DESCRIPTIONS

pytestmark = pytest.mark.django_db

SEED = 20261203
FILES = 150
# each kind of file, with whether it must be accepted (None: either, e.g. random bytes)
KINDS: dict[str, bool | None] = {
    "valid": True,
    "valid with control line": True,
    "amount not money": False,
    "date out of window": False,
    "huge field": False,
    "field one too long": False,
    "control line wrong": False,
    "control line not last": False,
    "reference twice": False,
    "column missing": False,
    "wrong encoding": False,
    "quote not closed": False,
    "header only": False,
    "random bytes": None,
    "bytes changed": None,
}
BAD_DATES = [
    "0001-01-01",
    "1900-01-01",
    "1999-12-31",
    "2999-01-01",
    "2025-02-30",
    "٢٠٢٥-١١-٠٣",
    "2024-W01-1",
    "20250101",
    "01/01/1900",
    "31/12/1999",
    "32/01/2025",
    "",
]


def _snapshot() -> tuple[Any, ...]:
    return (
        Transaction.objects.count(),
        SuspenseItem.objects.count(),
        PaymentImport.objects.count(),
        Transaction.objects.aggregate(s=Sum("amount"))["s"],
        SuspenseItem.objects.aggregate(s=Sum("amount"))["s"],
    )


def _amount(rng: random.Random, negative: bool) -> tuple[str, Decimal]:
    pence = rng.randrange(1, 5_000_000)
    value = Decimal(pence) / 100
    text = rng.choice(
        [f"{value:.2f}", f"£{value:.2f}", f"{value:,.2f}", f"{value:.2f}".rstrip("0").rstrip(".")]
    )
    return ("-" + text, -value) if negative else (text, value)


def _file(rng: random.Random, n: int, kind: str, channel: str, accounts: list[str]) -> bytes:
    mapping = DEFAULT_MAPPINGS[channel]
    columns = {
        "account": mapping.account,
        "amount": mapping.amount,
        "date": mapping.date,
        "reference": mapping.reference,
    }
    order = list(columns)
    rng.shuffle(order)
    extra = rng.random() < 0.3
    header = [columns[c] for c in order] + (["Notes"] if extra else [])
    if kind == "column missing":
        header.pop(rng.randrange(4) if not extra else 0)
    rows: list[dict[str, str]] = []
    total = Decimal("0")
    today = timezone.localdate()
    for j in range(rng.randrange(1, 9)):
        negative = channel in REVERSAL_DESCRIPTIONS and rng.random() < 0.15
        text, value = _amount(rng, negative)
        total += value
        day = today - dt.timedelta(days=rng.randrange(0, 4000))
        account = rng.choice([*accounts, f"UNKNOWN{n}", accounts[0].lower()])
        rows.append(
            {
                "account": account,
                "amount": text,
                "date": day.strftime(mapping.date_format),
                "reference": f"F{n}R{j} {rng.choice(['', 'café', 'Ø'])}".strip(),
            }
        )
    bad = rng.randrange(len(rows))
    if kind == "amount not money":
        rows[bad]["amount"] = rng.choice(NOT_MONEY + ([] if channel in REVERSAL_DESCRIPTIONS else ["-5.00"]))
    elif kind == "date out of window":
        rows[bad]["date"] = rng.choice(
            [*BAD_DATES, (today + dt.timedelta(days=1)).strftime(mapping.date_format)]
        )
    elif kind == "huge field":
        rows[bad][rng.choice(["account", "reference"])] = huge_text(rng)
    elif kind == "field one too long":
        rows[bad][rng.choice(["account", "reference"])] = huge_text(rng, 61)
    elif kind == "reference twice" and len(rows) > 1:
        rows[bad]["reference"] = rows[bad - 1]["reference"]
    elif kind == "reference twice":
        rows.append(dict(rows[0]))
    lines = [csv_line(header)] + [
        csv_line([row[c] for c in order] + (["a note"] if extra else [])) for row in rows
    ]
    sign = "-" if total < 0 else ""
    control = f"TOTAL,{len(rows)},{sign}{abs(total):.2f}"
    if kind == "valid with control line":
        lines.append(control.lower() if rng.random() < 0.3 else control)
    elif kind == "control line wrong":
        lines.append(
            rng.choice(
                [
                    f"TOTAL,{len(rows) + 1},{sign}{abs(total):.2f}",
                    f"TOTAL,{len(rows)},{total + Decimal('0.01'):.2f}",
                    "TOTAL,,",
                    "TOTAL,1e3,5.00",
                    f"TOTAL,{len(rows)},12.345",
                ]
            )
        )
    elif kind == "control line not last":
        lines.insert(len(lines) - 1, control)
    elif kind == "quote not closed":
        lines[1 + bad] = lines[1 + bad].replace(rows[bad]["reference"], '"' + rows[bad]["reference"], 1)
    elif kind == "header only":
        lines = lines[:1]
    ending = rng.choice(["\n", "\r\n"])
    text = ending.join(lines) + rng.choice([ending, ""])
    if kind == "wrong encoding":
        return wrongly_encoded(rng, text.replace(mapping.reference, mapping.reference + " £", 1))
    data = (b"\xef\xbb\xbf" if rng.random() < 0.2 else b"") + text.encode()
    if kind == "random bytes":
        return random_bytes(rng)
    if kind == "bytes changed":
        return mutated(rng, data)
    return data


def _upload(actor: Any, client: Client | None, channel: str, content: bytes) -> bool:
    """Import `content`, through the page when `client` is given; True when it was accepted."""
    if client is not None:
        response = client.post(
            reverse("rents:import"),
            {"channel": channel, "file": SimpleUploadedFile(f"{channel}.csv", content, "text/csv")},
        )
        assert response.status_code in (302, 400), response.status_code
        return response.status_code == 302
    try:
        services.import_payments(actor=actor, channel=channel, filename=f"{channel}.csv", content=content)
    except ValidationError:
        return False
    return True


def test_generated_payment_files_are_refused_whole_or_posted_once(
    senior: Any, senior_client: Client, make_account: Any
) -> None:
    accounts = [make_account().reference for _ in range(3)]
    rng = random.Random(SEED)  # noqa: S311 - test data
    kinds, outcomes = list(KINDS), Counter[tuple[str, bool]]()
    for n in range(FILES):
        kind, channel = kinds[n % len(kinds)], rng.choice(FILE_CHANNELS)
        content = _file(rng, n, kind, channel, accounts)
        before = _snapshot()
        accepted = _upload(senior, senior_client if n % 3 == 0 else None, channel, content)
        outcomes[kind, accepted] += 1
        expected = KINDS[kind]
        assert expected is None or accepted == expected, (n, kind, channel, content[:300])
        after = _snapshot()
        if not accepted:
            assert after == before, (n, kind)
            continue
        rows_posted = (after[0] - before[0]) + (after[1] - before[1])
        assert after[2] == before[2] + 1 and rows_posted > 0
        assert not _upload(senior, None, channel, content)  # the same file again: refused
        assert _snapshot() == after
        ending = b"\r\n" if b"\r\n" in content else b"\n"
        assert _upload(senior, None, channel, content + ending)  # the same rows again: none posted
        assert _snapshot()[:2] == after[:2] and _snapshot()[3:] == after[3:]
    assert sum(outcomes.values()) == FILES
    assert {kind for kind, accepted in outcomes if accepted} >= {"valid", "valid with control line"}
