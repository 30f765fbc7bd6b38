"""Writes for rent accounts, one module for each part of the work:

- `accounts`: accounts and their weekly charges, free weeks;
- `debit_run`: the weekly debit run;
- `payments`: payments in one at a time (manual, reversed, cleared from suspense);
- `imports`: payment files;
- `money_out`: refunds, write-offs and rent debit amendments, with limits and approval;
- `arrangements`: payment arrangements;
- `policy`: arrears actions, and the settings administrators keep;
- `recharges`: rechargeable repairs posted to the tenant's account.

Every posting is a new ledger row; nothing in the ledger is ever changed or deleted. Callers use
the package (`from hearth.rents import services; services.post_payment(...)`), which names every
service below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from hearth.rents.services.accounts import (
    ACCOUNT_FIELDS,
    ELEMENT_FIELDS,
    add_element,
    change_charge,
    completed_weeks,
    debited_weeks_problem,
    open_account,
    post_catch_up_debits,
    set_free_weeks,
)
from hearth.rents.services.arrangements import make_arrangement
from hearth.rents.services.debit_run import (
    EARLIEST_RUN_WEEKS,
    check_debit_run,
    post_week,
    run_debits,
    start_debit_run,
)
from hearth.rents.services.imports import (
    DEFAULT_MAPPINGS,
    FILE_CHANNELS,
    LINKED_REVERSALS,
    REVERSAL_DESCRIPTIONS,
    import_payments,
    mapping_for,
)
from hearth.rents.services.money_out import (
    LIMIT_FIELD,
    LIMIT_NAME,
    REFUND_KINDS,
    REQUEST_FIELDS,
    REQUEST_SIGN,
    SPLIT_WINDOW,
    check_money_request,
    decide_money_request,
    limit_for,
    recent_requested,
    request_money_out,
    set_officer_limits,
)
from hearth.rents.services.payments import (
    MANUAL_CHANNELS,
    PAYMENT_KIND,
    PAYMENT_KINDS,
    clear_suspense,
    payment_reversal,
    post_payment,
    reverse_payment,
)
from hearth.rents.services.policy import (
    ARREARS_ACTION_REPEAT_DAYS,
    record_arrears_action,
    set_arrears_stages,
    set_channel_mapping,
    validate_arrears_action,
)
from hearth.rents.services.recharges import post_recharge, post_repair_recharge, recharges_to_post

# Test hook, read by `debit_run.post_week` from here (where tests patch it): called inside each
# week's transaction between the full-week insert and the part weeks.
_between_phases: Callable[[dt.date], None] | None = None

__all__ = [
    "ACCOUNT_FIELDS",
    "ARREARS_ACTION_REPEAT_DAYS",
    "DEFAULT_MAPPINGS",
    "EARLIEST_RUN_WEEKS",
    "ELEMENT_FIELDS",
    "FILE_CHANNELS",
    "LIMIT_FIELD",
    "LIMIT_NAME",
    "LINKED_REVERSALS",
    "MANUAL_CHANNELS",
    "PAYMENT_KIND",
    "PAYMENT_KINDS",
    "REFUND_KINDS",
    "REQUEST_FIELDS",
    "REQUEST_SIGN",
    "REVERSAL_DESCRIPTIONS",
    "SPLIT_WINDOW",
    "add_element",
    "change_charge",
    "check_debit_run",
    "check_money_request",
    "clear_suspense",
    "completed_weeks",
    "debited_weeks_problem",
    "decide_money_request",
    "import_payments",
    "limit_for",
    "make_arrangement",
    "mapping_for",
    "open_account",
    "payment_reversal",
    "post_catch_up_debits",
    "post_payment",
    "post_recharge",
    "post_repair_recharge",
    "post_week",
    "recent_requested",
    "recharges_to_post",
    "record_arrears_action",
    "request_money_out",
    "reverse_payment",
    "run_debits",
    "set_arrears_stages",
    "set_channel_mapping",
    "set_free_weeks",
    "set_officer_limits",
    "start_debit_run",
    "validate_arrears_action",
]
