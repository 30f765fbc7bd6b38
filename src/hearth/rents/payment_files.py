"""Reading a payment file (no ORM): which column holds what, each good row, each bad row by its
line. Part of the pure rent rules (`hearth.rents.domain` names these too)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from hearth.core import csvfiles
from hearth.core.money import MoneyError, parse_money


@dataclass(frozen=True)
class ColumnMapping:
    """Which column of a channel's CSV file holds what. Column names are matched without case."""

    account: str
    amount: str
    date: str
    reference: str
    date_format: str = "%Y-%m-%d"


@dataclass(frozen=True)
class PaymentRow:
    line: int
    account: str
    amount: Decimal
    date: dt.date
    reference: str


@dataclass
class ParsedFile:
    rows: list[PaymentRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def parse_payment_file(
    text: str, mapping: ColumnMapping, *, today: dt.date | None = None, allow_negative: bool = False
) -> ParsedFile:
    """Read a payment file. Every bad row is listed by its line number (the header is line 1).

    A file that cannot be read as CSV (a quote not closed on its line, mixed line endings, ...)
    raises `csvfiles.UnreadableFile` naming its line: the whole file is refused.
    With `allow_negative` (Housing Benefit, Universal Credit and Direct Debit files) a row may be
    negative: money taken back (an overpayment recovered, a Direct Debit returned unpaid)."""
    out = ParsedFile()
    rows = csvfiles.parse(text)
    first = next(rows, None)
    if first is None:
        out.errors.append((1, "The file is empty."))
        return out
    header = first.cells
    names = {h.strip().lower(): i for i, h in enumerate(header)}
    wanted = {
        "account": mapping.account,
        "amount": mapping.amount,
        "date": mapping.date,
        "reference": mapping.reference,
    }
    missing = [col for col in wanted.values() if col.strip().lower() not in names]
    if missing:
        out.errors.append((first.line, f"The header has no column named {', '.join(missing)}."))
        return out
    index = {key: names[col.strip().lower()] for key, col in wanted.items()}
    seen_refs: dict[str, int] = {}
    for line, raw in rows:
        problems = []

        def cell(key: str, raw: list[str] = raw) -> str:
            i = index[key]
            return raw[i].strip() if i < len(raw) else ""

        account = cell("account")
        if not account:
            problems.append("the account reference is missing")
        amount: Decimal | None = None
        try:
            amount = parse_money(cell("amount"), allow_negative=True)
            if amount == 0:
                problems.append("the amount must not be £0.00")
            elif amount < 0 and not allow_negative:
                problems.append(
                    "the amount must be more than £0.00 (only Housing Benefit, Universal Credit "
                    "and Direct Debit files can take money back)"
                )
        except MoneyError as exc:
            reason = str(exc).rstrip(".")
            problems.append(
                f"the amount {cell('amount')!r} is not a sum of money ({reason[0].lower()}{reason[1:]})"
            )
        day: dt.date | None = None
        try:
            raw_date = cell("date")
            if mapping.date_format == "%Y-%m-%d" and len(raw_date) == 10:
                day = dt.date.fromisoformat(raw_date)  # the common case, many times faster
            else:
                day = dt.datetime.strptime(raw_date, mapping.date_format).date()
            if today is not None and day > today:
                problems.append("the payment date is in the future")
        except ValueError:
            problems.append(f"the date {cell('date')!r} is not a date")
        reference = cell("reference")
        if not reference:
            problems.append("the payment reference is missing")
        elif reference in seen_refs:
            problems.append(f"the payment reference {reference} is also on line {seen_refs[reference]}")
        else:
            seen_refs[reference] = line
        if problems:
            text_ = "; ".join(problems)
            out.errors.append((line, text_[0].upper() + text_[1:] + "."))
        elif amount is not None and day is not None:
            out.rows.append(
                PaymentRow(line=line, account=account, amount=amount, date=day, reference=reference)
            )
    if not out.rows and not out.errors:
        out.errors.append((2, "The file has no payments in it."))
    return out
