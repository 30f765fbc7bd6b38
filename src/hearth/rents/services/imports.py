"""Payment files: a bank, Direct Debit, PayPoint, Housing Benefit or Universal Credit file imported
all or nothing, rows already posted skipped, unknown accounts to suspense."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from hearth.core import audit, csvfiles, permissions, uploads
from hearth.core.actors import user_of
from hearth.core.records import Errors
from hearth.rents import domain
from hearth.rents.models import (
    ChannelMapping,
    PaymentImport,
    RentAccount,
    SuspenseItem,
    Transaction,
)
from hearth.rents.services.common import CHUNK, refuse, today
from hearth.rents.services.payments import PAYMENT_KIND, PAYMENT_KINDS

# channel -> (kind of ledger row, default columns of its file)
DEFAULT_MAPPINGS: dict[str, domain.ColumnMapping] = {
    "bank": domain.ColumnMapping("Account", "Amount", "Date", "Reference"),
    "dd": domain.ColumnMapping("Payer reference", "Amount", "Collection date", "Transaction id"),
    "paypoint": domain.ColumnMapping("Client ref", "Amount", "Transaction date", "Receipt", "%d/%m/%Y"),
    "hb": domain.ColumnMapping("Rent account", "Amount", "Period start", "Schedule line"),
    "uc": domain.ColumnMapping("Landlord reference", "Amount", "Payment date", "Payment id"),
}
FILE_CHANNELS = tuple(DEFAULT_MAPPINGS)
# channels whose files may hold negative rows (money taken back), with what such a row is called
REVERSAL_DESCRIPTIONS = {
    "hb": "Housing Benefit overpayment recovered",
    "uc": "Universal Credit payment taken back",
    "dd": "Direct Debit returned unpaid",
}
# channels whose references name one payment, so a negative row corrects the payment it takes back
# (a Housing Benefit schedule's line numbers restart, so they name none)
LINKED_REVERSALS = ("dd", "uc")


def file_limits() -> dict[str, Any]:
    """The limits of what a payment file's rows may hold, from the model fields they are saved in:
    the longest account and payment reference, and the largest total of a file."""
    places = PaymentImport._meta.get_field("total")
    return {
        "max_lengths": {
            "account": csvfiles.field_length(SuspenseItem, "account_given"),
            "reference": min(
                csvfiles.field_length(Transaction, "reference"),
                csvfiles.field_length(SuspenseItem, "reference"),
            ),
        },
        "max_total": Decimal(10) ** (places.max_digits - places.decimal_places) - Decimal("0.01"),
    }


def mapping_for(channel: str) -> domain.ColumnMapping:
    row = ChannelMapping.objects.filter(channel=channel).first()
    if row:
        return domain.ColumnMapping(
            row.account_column, row.amount_column, row.date_column, row.reference_column, row.date_format
        )
    return DEFAULT_MAPPINGS[channel]


def import_payments(*, actor: Any, channel: str, filename: str, content: bytes) -> PaymentImport:
    """Import a payment file, all or nothing.

    A file with any bad row is refused whole, every bad row listed by line ("file": [sentences]):
    a date outside its window, a text longer than its field, an amount not read by
    `core.money.parse_money`; so is one whose control line does not match its rows;
    a file that cannot be read as CSV (`core.csvfiles`: a quote not closed on its line, mixed line
    endings, not UTF-8) is refused whole with one sentence naming the line.
    The same file twice posts nothing (its hash). A row counts as posted before, and is skipped,
    only when a payment with the same channel, reference, account, date and amount is already on
    the ledger (or in suspense): cheque numbers and schedule line numbers repeat. A row whose account
    is unknown goes to suspense. Housing Benefit, Universal Credit and Direct Debit files may hold
    negative rows, posted as a reversal (a debit) with a description.
    """
    permissions.require(actor, "rents.post")
    errors = Errors()
    if channel not in FILE_CHANNELS:
        errors.add("channel", "Select where the payment file comes from.")
        errors.raise_if_any()
    if not content:
        errors.add("file", "The selected file is empty.")
        errors.raise_if_any()
    digest = hashlib.sha256(content).hexdigest()
    earlier = PaymentImport.objects.filter(sha256=digest).first()
    if earlier:
        errors.add(
            "file",
            f"This file was already imported on {timezone.localtime(earlier.imported_at):%d %B %Y} "
            f"({earlier.filename}); nothing was posted again.",
        )
        errors.raise_if_any()
    try:
        parsed = domain.parse_payment_file(
            csvfiles.decode(content),
            mapping_for(channel),
            today=today(),
            allow_negative=channel in REVERSAL_DESCRIPTIONS,
            **file_limits(),
        )
    except csvfiles.UnreadableFile as exc:
        refuse("file", f"{exc.sentence} Nothing was posted.")
    uploads.check(filename, content, types=("text", "csv"))  # its name, and the virus scan
    for line, message in parsed.errors:
        errors.add("file", f"Line {line}: {message}")
    if parsed.refusal:
        errors.add("file", f"{parsed.refusal} Nothing was posted.")
    errors.raise_if_any()
    kind = PAYMENT_KIND.get(channel, Transaction.Kind.PAYMENT)
    with transaction.atomic():
        batch = PaymentImport(
            channel=channel, filename=filename[:255], sha256=digest, imported_by=user_of(actor)
        )
        try:
            with transaction.atomic():
                batch.save()
        except Exception:  # the same file imported at the same moment by someone else
            refuse("file", "This file has already been imported; nothing was posted again.")
        user = user_of(actor)
        post = _post_rows_copy if connection.vendor == "postgresql" else _post_rows_orm
        try:
            with transaction.atomic():
                counts = post(
                    batch=batch,
                    channel=channel,
                    kind=kind,
                    rows=parsed.rows,
                    user_id=getattr(user, "pk", None),
                )
        except IntegrityError:  # another file with some of the same payments posted at the same moment
            refuse(
                "file",
                "Some of these payments were posted by another import just now; nothing was posted. "
                "Import the file again to post the rest.",
            )
        posted_n, posted_total, suspense_n, suspense_total = counts
        batch.rows = posted_n
        batch.suspense_rows = suspense_n
        batch.total = posted_total + suspense_total
        batch.save(update_fields=["rows", "suspense_rows", "total"])
        skipped = len(parsed.rows) - posted_n - suspense_n
        audit.record(
            actor=actor,
            obj=batch,
            action="imported",
            summary=f"{posted_n} payments posted, {suspense_n} to suspense, {skipped} already posted",
        )
    return batch


PostedCounts = tuple[int, Decimal, int, Decimal]


PaymentKey = tuple[str, str, dt.date, Decimal]  # reference, account (upper case), date, file amount


def _posted_before(channel: str, rows: Sequence[domain.PaymentRow]) -> set[PaymentKey]:
    """The keys of the rows already posted (on the ledger or in suspense): same channel, reference,
    account, date and amount. Read by reference in chunks; the rest is matched here."""
    found: set[PaymentKey] = set()
    refs = sorted({r.reference for r in rows})
    for i in range(0, len(refs), CHUNK):
        part = refs[i : i + CHUNK]
        for ref, account, day, amount in Transaction.objects.filter(
            channel=channel, reference__in=part, kind__in=PAYMENT_KINDS
        ).values_list("reference", "account__reference", "posted_on", "amount"):
            found.add((ref, account.upper(), day, -amount))
        for ref, given, day, amount in SuspenseItem.objects.filter(
            channel=channel, reference__in=part
        ).values_list("reference", "account_given", "paid_on", "amount"):
            found.add((ref, given.upper(), day, amount))
    return found


def _key(row: domain.PaymentRow) -> PaymentKey:
    return (row.reference, row.account.upper(), row.date, row.amount)


def _reversed_payments(channel: str, rows: Sequence[tuple[int, domain.PaymentRow]]) -> dict[int, int]:
    """For negative rows (line -> row with its account id): the payment each takes back, when the
    ledger holds one with the same channel, reference, account and amount."""
    out: dict[int, int] = {}
    for i in range(0, len(rows), CHUNK):
        part = rows[i : i + CHUNK]
        wanted = {(r.reference, account_id, -r.amount): r.line for account_id, r in part}
        for pk, ref, account_id, amount in (
            Transaction.objects.filter(
                channel=channel,
                reference__in={r.reference for _, r in part},
                kind__in=PAYMENT_KINDS,
                amount__lt=0,
            )
            .order_by("posted_on", "id")
            .values_list("pk", "reference", "account_id", "amount")
        ):
            line = wanted.get((ref, account_id, -amount))
            if line is not None and line not in out:  # the earliest such payment
                out[line] = pk
    return out


def _post_rows_orm(
    *, batch: PaymentImport, channel: str, kind: str, rows: Sequence[domain.PaymentRow], user_id: int | None
) -> PostedCounts:
    """Post a parsed file's rows through the ORM in chunks (SQLite, and small files anywhere)."""
    seen = _posted_before(channel, rows)
    keys = sorted({r.account.upper() for r in rows})
    accounts: dict[str, int] = {}
    for i in range(0, len(keys), CHUNK):
        accounts.update(
            RentAccount.objects.filter(reference__in=keys[i : i + CHUNK]).values_list("reference", "id")
        )
    fresh = [r for r in rows if _key(r) not in seen]
    negative = [
        (accounts[r.account.upper()], r) for r in fresh if r.amount < 0 and r.account.upper() in accounts
    ]
    corrects = _reversed_payments(channel, negative) if negative and channel in LINKED_REVERSALS else {}
    reversal = REVERSAL_DESCRIPTIONS.get(channel, "")
    posted: list[Transaction] = []
    suspense: list[SuspenseItem] = []
    for row in fresh:
        account_id = accounts.get(row.account.upper())
        if account_id is None:
            suspense.append(
                SuspenseItem(
                    payment_import=batch,
                    channel=channel,
                    account_given=row.account,
                    amount=row.amount,
                    paid_on=row.date,
                    reference=row.reference,
                    line=row.line,
                )
            )
        else:
            posted.append(
                Transaction(
                    account_id=account_id,
                    kind=kind,
                    amount=-row.amount,
                    posted_on=row.date,
                    channel=channel,
                    reference=row.reference,
                    description=reversal if row.amount < 0 else "",
                    corrects_id=corrects.get(row.line),
                    payment_import=batch,
                    created_by_id=user_id,
                )
            )
    Transaction.objects.bulk_create(posted, batch_size=CHUNK)
    SuspenseItem.objects.bulk_create(suspense, batch_size=CHUNK)
    return (
        len(posted),
        sum((-t.amount for t in posted), Decimal("0")),
        len(suspense),
        sum((x.amount for x in suspense), Decimal("0")),
    )


def _post_rows_copy(
    *, batch: PaymentImport, channel: str, kind: str, rows: Sequence[domain.PaymentRow], user_id: int | None
) -> PostedCounts:
    """PostgreSQL: COPY the rows into a temporary table, then post and suspend them in two set-based
    INSERT ... SELECT statements. A row already posted (same channel, reference, account, date and
    amount, on the ledger or in suspense) is left out; a negative row is posted as a reversal, with
    its description, correcting the payment it takes back when the ledger holds it."""
    tx, sus, acc = Transaction._meta.db_table, SuspenseItem._meta.db_table, RentAccount._meta.db_table
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE rents_import_rows (line integer, account text, amount numeric(10, 2), "
            "paid_on date, reference text) ON COMMIT DROP"
        )
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(
            "COPY rents_import_rows (line, account, amount, paid_on, reference) FROM STDIN"
        ) as copy:
            for r in rows:
                copy.write_row((r.line, r.account.upper(), r.amount, r.date, r.reference))
        # the conditions match the partial unique index rents_one_payment_per_key, which serves them
        payment = "t.kind IN ('payment', 'hb', 'uc') AND t.reference <> ''"
        not_in_suspense = f"""NOT EXISTS (
                SELECT 1 FROM {sus} s WHERE s.channel = %s AND s.reference = r.reference
                AND upper(s.account_given) = r.account AND s.paid_on = r.paid_on AND s.amount = r.amount)
        """  # noqa: S608 (table names from the models)
        cursor.execute(
            f"""
            WITH ins AS (
                INSERT INTO {tx} (account_id, kind, amount, posted_on, element_id, scheduled, channel, reference,
                                  description, corrects_id, payment_import_id, created_by_id, created_at)
                SELECT a.id, %s, -r.amount, r.paid_on, NULL, false, %s, r.reference,
                       CASE WHEN r.amount < 0 THEN %s ELSE '' END,
                       CASE WHEN r.amount < 0 AND %s THEN (
                           SELECT t.id FROM {tx} t WHERE t.channel = %s AND t.reference = r.reference
                           AND t.account_id = a.id AND t.amount = r.amount AND {payment}
                           ORDER BY t.posted_on, t.id LIMIT 1) END,
                       %s, %s, %s
                FROM rents_import_rows r JOIN {acc} a ON a.reference = r.account
                WHERE NOT EXISTS (
                    SELECT 1 FROM {tx} t WHERE t.channel = %s AND t.reference = r.reference
                    AND t.account_id = a.id AND t.posted_on = r.paid_on AND t.amount = -r.amount AND {payment})
                AND {not_in_suspense}
                RETURNING amount
            ) SELECT count(*), sum(amount) FROM ins
            """,  # noqa: S608
            [
                kind,
                channel,
                REVERSAL_DESCRIPTIONS.get(channel, ""),
                channel in LINKED_REVERSALS,
                channel,
                batch.pk,
                user_id,
                now,
                channel,
                channel,
            ],
        )
        posted_n, posted_sum = cursor.fetchone()
        cursor.execute(
            f"""
            WITH ins AS (
                INSERT INTO {sus} (payment_import_id, channel, account_given, amount, paid_on, reference, line,
                                   cleared_to_id, transaction_id, cleared_by_id, cleared_at, created_at)
                SELECT %s, %s, r.account, r.amount, r.paid_on, r.reference, r.line, NULL, NULL, NULL, NULL, %s
                FROM rents_import_rows r
                WHERE NOT EXISTS (SELECT 1 FROM {acc} a WHERE a.reference = r.account) AND {not_in_suspense}
                RETURNING amount
            ) SELECT count(*), sum(amount) FROM ins
            """,  # noqa: S608
            [batch.pk, channel, now, channel],
        )
        suspense_n, suspense_sum = cursor.fetchone()
        cursor.execute("DROP TABLE rents_import_rows")
    return posted_n or 0, -Decimal(posted_sum or 0), suspense_n or 0, Decimal(suspense_sum or 0)
