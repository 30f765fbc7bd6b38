"""Reading a payment file (no ORM): which column holds what, each good row, each bad row by its
line. Part of the pure rent rules (`hearth.rents.domain` names these too)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from hearth.core import calendar, csvfiles
from hearth.core.money import MoneyError, format_money, parse_money

CONTROL = "TOTAL"  # the first cell of a file's optional control line: TOTAL,<payments>,<their total>
TEXT_CELLS = {"account": "account reference", "reference": "payment reference"}  # what `max_lengths` limits
_COUNT = re.compile(r"[0-9]{1,9}")


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
    # why the whole file is refused though each row reads: its control line does not match, or its
    # total is more than the ledger's total holds ("" when neither)
    refusal: str = ""


def _payments(count: int, total: Decimal) -> str:
    return f"{count:,} payment{'' if count == 1 else 's'} totalling {format_money(total)}"


def _check_control(out: ParsedFile, line: int, cells: list[str], read: int, max_total: Decimal) -> None:
    """Compare the control line (`TOTAL,<payments>,<their total>`) with the `read` rows before it;
    when every row reads, a difference refuses the file with both figures."""
    given = [c.strip() for c in cells[1:] if c.strip()]
    try:
        if len(given) != 2 or not _COUNT.fullmatch(given[0]):
            raise MoneyError("not a control line")
        count, total = int(given[0]), parse_money(given[1], allow_negative=True, maximum=max_total)
    except MoneyError:
        out.errors.append(
            (
                line,
                "The control line must read TOTAL, the number of payments and their total, like TOTAL,3,150.00.",
            )
        )
        return
    found = sum((r.amount for r in out.rows), Decimal("0"))
    if not out.errors and (count, total) != (read, found):
        out.refusal = (
            f"The file's control line (line {line}) says {_payments(count, total)}, but the file holds "
            f"{_payments(read, found)}."
        )


def parse_payment_file(
    text: str,
    mapping: ColumnMapping,
    *,
    today: dt.date | None = None,
    allow_negative: bool = False,
    max_lengths: Mapping[str, int] | None = None,
    max_total: Decimal = Decimal("9999999999.99"),
) -> ParsedFile:
    """Read a payment file. Every bad row is listed by its line number (the header is line 1).

    A file that cannot be read as CSV (a quote not closed on its line, mixed line endings, ...)
    raises `csvfiles.UnreadableFile` naming its line: the whole file is refused.
    With `allow_negative` (Housing Benefit, Universal Credit and Direct Debit files) a row may be
    negative: money taken back (an overpayment recovered, a Direct Debit returned unpaid).
    A date is read by `csvfiles.read_date`: not after `today`, not before
    `calendar.EARLIEST_PAYMENT_DAY`. `max_lengths` gives the longest account and reference
    the ledger holds (the model fields'); `max_total` the largest sum of the file's amounts (either
    sign) a payment file's total holds. The last line may be a control line,
    `TOTAL,<payments>,<their total>`, which must match the rows (`refusal` says how not)."""
    out = ParsedFile()
    limits = dict(max_lengths or {})
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
    read = 0
    gross = Decimal("0")
    control: tuple[int, list[str]] | None = None
    for line, raw in rows:
        if control is not None:
            out.errors.append((control[0], "The control line (TOTAL) must be the last line of the file."))
            control = None
        if raw[0].strip().upper() == CONTROL:
            control = (line, raw)
            continue
        read += 1
        problems = []

        cells = {key: raw[i].strip() if i < len(raw) else "" for key, i in index.items()}  # each read once
        account = cells["account"]
        if not account:
            problems.append("the account reference is missing")
        for key, longest in limits.items():
            if len(cells[key]) > longest:
                problems.append(csvfiles.too_long(cells[key], longest, TEXT_CELLS[key]))
        amount: Decimal | None = None
        try:
            amount = parse_money(cells["amount"], allow_negative=True)
            gross += abs(amount)
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
                f"the amount {csvfiles.shown(cells['amount'])} is not a sum of money ({reason[0].lower()}{reason[1:]})"
            )
        day: dt.date | None = None
        try:
            day = csvfiles.read_date(
                cells["date"], mapping.date_format, earliest=calendar.EARLIEST_PAYMENT_DAY, latest=today
            )
        except ValueError as exc:
            problems.append(str(exc))
        reference = cells["reference"]
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
    if control is not None:
        _check_control(out, control[0], control[1], read, max_total)
    if gross > max_total:
        out.refusal = f"The file's payments add up to more than {format_money(max_total)}: split it in two."
    out.errors.sort(key=lambda error: error[0])
    if not out.rows and not out.errors:
        out.errors.append((2, "The file has no payments in it."))
    return out
