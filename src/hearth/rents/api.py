"""API for rent accounts: the accounts and arrears list, an agreement's account and its
transactions, payments, payment files imported, and refunds / write-offs / amendments; writes to
post a manual payment, ask for money out or a correction, and approve or decline such a request.
Thin: schemas in, the rent services do the checks, schemas out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from hearth.api.auth import actor
from hearth.api.capabilities import requires
from hearth.api.errors import BODY_ERRORS, ERRORS, fields_renamed
from hearth.api.pagination import PageQuery, page_of, paginate
from hearth.api.references import References
from hearth.api.schemas import Day, Id, InputSchema, Money, PaymentDay, QuerySchema, label_of
from hearth.core.calendar import EARLIEST_PAYMENT_DAY
from hearth.rents import domain, selectors, services
from hearth.rents.models import MoneyRequest, RentAccount, Transaction

router = Router(tags=["rents"])


# --- schemas ---------------------------------------------------------------------------------


class AccountOut(Schema):
    id: int
    reference: str
    tenancy_id: int
    tenancy_reference: str
    address: str
    balance: Decimal = Field(description="Everything posted, including charges for weeks not yet begun.")
    arrears: Decimal = Field(description="What is owed by today; weeks owed and the action use it.")
    weekly_charge: Decimal
    weeks_owed: Decimal
    last_payment: dt.date | None
    recommended_action: str

    @staticmethod
    def resolve_tenancy_reference(obj: Any) -> str:
        return str(obj.tenancy.reference)

    @staticmethod
    def resolve_address(obj: Any) -> str:
        return str(obj.tenancy.property.address)

    @staticmethod
    def resolve_weekly_charge(obj: Any) -> Decimal:
        return Decimal(obj.weekly)

    @staticmethod
    def resolve_arrears(obj: Any) -> Decimal:
        return max(Decimal(obj.due), Decimal("0.00"))

    @staticmethod
    def resolve_weeks_owed(obj: Any) -> Decimal:
        return domain.weeks_owed_shown(obj.due, obj.weekly)

    @staticmethod
    def resolve_recommended_action(obj: Any) -> str:
        # as the account page and the arrears list: the next stage after the last action recorded
        stage = domain.next_stage(
            obj.due, obj.weekly, selectors.stages(), getattr(obj, "last_action_stage", None)
        )
        return stage.action if stage else ""


class ElementOut(Schema):
    kind: str
    description: str
    weekly_amount: Decimal
    effective_from: dt.date
    effective_to: dt.date | None


class AccountDetailOut(AccountOut):
    elements: list[ElementOut]
    uc_monthly: Decimal

    @staticmethod
    def resolve_elements(obj: Any) -> list[Any]:
        return list(obj.elements.all())

    @staticmethod
    def resolve_uc_monthly(obj: Any) -> Decimal:
        return selectors.uc_monthly(Decimal(obj.weekly))


class TransactionOut(Schema):
    id: int
    posted_on: dt.date
    kind: str
    kind_label: str
    amount: Decimal = Field(description="Positive: owed by the tenant; negative: a credit.")
    channel: str
    reference: str
    description: str
    corrects_id: int | None
    created_at: dt.datetime

    resolve_kind_label = label_of("kind")


class AccountFilters(QuerySchema):
    q: str = Field(
        "",
        max_length=100,
        description="An account or agreement reference, a tenant's name, words of the address, or a postcode.",
    )
    in_arrears: str = Field("", json_schema_extra={"enum": ["", "yes", "no"]})
    stage: str = Field("", max_length=20, description="A stage code of the arrears policy, e.g. letter_1.")
    min_balance: Decimal | None = Field(
        None,
        ge=-(10**8),
        le=10**8,
        description="Owing at least this by today (charges for weeks not yet begun are left out).",
    )


class TransactionFilters(QuerySchema):
    first: Day | None = Field(None, description="From this date (inclusive).")
    last: Day | None = Field(None, description="Up to this date (inclusive).")
    kind: str = Field(
        "",
        description="Only this type, e.g. payment, hb, uc, rent.",
        json_schema_extra={"enum": ["", *Transaction.Kind.values]},
    )


class PaymentFileOut(Schema):
    id: int
    channel: str
    filename: str
    rows: int
    suspense_rows: int
    total: Decimal
    imported_at: dt.datetime


class MoneyRequestOut(Schema):
    id: int
    reference: str
    account_id: int
    kind: str
    amount: Decimal
    reason: str
    state: str
    requested_by: str
    decided_by: str | None
    transaction_id: int | None

    @staticmethod
    def resolve_requested_by(obj: MoneyRequest) -> str:
        return obj.requested_by.get_username()

    @staticmethod
    def resolve_decided_by(obj: MoneyRequest) -> str | None:
        return obj.decided_by.get_username() if obj.decided_by else None


class PaymentIn(InputSchema):
    amount: Money = Field(
        description='The amount paid, more than 0: a string like "95.50" or a number with at most two decimals.'
    )
    paid_on: PaymentDay = Field(
        description=f"The date it was paid: today or earlier, and not before {EARLIEST_PAYMENT_DAY:%-d %B %Y}."
    )
    channel: str = Field(
        description=f"How it was paid: one of {', '.join(services.MANUAL_CHANNELS)}.",
        json_schema_extra={"enum": [*services.MANUAL_CHANNELS]},
    )
    reference: str = Field(
        "", max_length=60, description="Receipt or cheque number; a reference may be posted once per channel."
    )
    description: str = Field("", max_length=200, description="A note shown on the ledger.")


class PaymentOut(TransactionOut):
    balance: Decimal = Field(description="The account balance after the payment (positive: owed).")


class MoneyRequestIn(InputSchema):
    kind: str = Field(
        description=f"One of {', '.join(MoneyRequest.Kind.values)} "
        "(adjustment: an amendment of a rent debit, which needs corrects_id).",
        json_schema_extra={"enum": [*MoneyRequest.Kind.values]},
    )
    amount: Money = Field(
        description='A string like "95.50" or a number with at most two decimals; more than 0, but an '
        "adjustment may be negative (a negative amount reduces the debt)."
    )
    reason: str = Field(max_length=300, description="Why: shown to the approver and on the ledger.")
    corrects_id: Id | None = Field(None, description="The transaction (id) an adjustment corrects.")


class DecisionIn(InputSchema):
    decision: str = Field(
        description="approve or decline.", json_schema_extra={"enum": ["approve", "decline"]}
    )
    note: str = Field("", max_length=300, description="A note; needed to decline.")


DECISIONS = {"approve": True, "decline": False}


# --- endpoints -------------------------------------------------------------------------------


def _account_of(tenancy_id: int) -> Any:
    return get_object_or_404(
        selectors.account_list().filter(tenancy_id=tenancy_id).prefetch_related("elements")
    )


@router.get("/rent-accounts", response={200: page_of(AccountOut), **ERRORS})
@requires("rents.view")
def list_rent_accounts(request: HttpRequest, filters: Query[AccountFilters], page: Query[PageQuery]) -> Any:
    """Rent accounts with balance, weekly charge, weeks owed and recommended action; largest debt first."""
    f = filters.model_dump()
    return paginate(
        selectors.account_list(
            q=f["q"], in_arrears=f["in_arrears"], stage=f["stage"], min_balance=f["min_balance"]
        ),
        page,
    )


@router.get("/tenancies/{tenancy_id}/rent-account", response={200: AccountDetailOut, **ERRORS})
@requires("rents.view")
def get_rent_account(request: HttpRequest, tenancy_id: Id) -> Any:
    """The rent account of an agreement."""
    return _account_of(tenancy_id)


@router.get(
    "/tenancies/{tenancy_id}/rent-account/transactions", response={200: page_of(TransactionOut), **ERRORS}
)
@requires("rents.view")
def list_rent_transactions(
    request: HttpRequest, tenancy_id: Id, filters: Query[TransactionFilters], page: Query[PageQuery]
) -> Any:
    """The account's ledger, newest first."""
    account = _account_of(tenancy_id)
    qs = selectors.transactions(account, filters.first, filters.last)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return paginate(qs, page)


@router.get(
    "/tenancies/{tenancy_id}/rent-account/money-requests", response={200: page_of(MoneyRequestOut), **ERRORS}
)
@requires("rents.view")
def list_money_requests(request: HttpRequest, tenancy_id: Id, page: Query[PageQuery]) -> Any:
    """Refunds, write-offs and amendments on the account, newest first, with their approval state."""
    account = _account_of(tenancy_id)
    qs = MoneyRequest.objects.filter(account=account).select_related("requested_by", "decided_by")
    return paginate(qs.order_by("-requested_at", "-id"), page)


@router.get("/payment-files", response={200: page_of(PaymentFileOut), **ERRORS})
@requires("rents.view")
def list_payment_files(request: HttpRequest, page: Query[PageQuery]) -> Any:
    """Payment files imported, newest first, with how many rows were posted and how many went to suspense."""
    return paginate(selectors.imports(), page)


def _account_row(tenancy_id: int) -> RentAccount:
    return get_object_or_404(RentAccount.objects.select_related("tenancy"), tenancy_id=tenancy_id)


def _money_request(pk: int) -> MoneyRequest:
    return get_object_or_404(MoneyRequest.objects.select_related("requested_by", "decided_by"), pk=pk)


@router.post("/tenancies/{tenancy_id}/rent-account/payments", response={201: PaymentOut, **BODY_ERRORS})
@requires("rents.post")
def post_rent_payment(request: HttpRequest, tenancy_id: Id, payload: PaymentIn) -> Any:
    """Post a payment taken by hand (cash, cheque, card or bank) to the agreement's rent account.
    Returns the ledger line and the new balance; bad input is a 422 naming each field, and nothing is posted."""
    account = _account_row(tenancy_id)
    tx = services.post_payment(actor=actor(request), account=account, **payload.model_dump())
    tx.balance = selectors.account_list().get(pk=account.pk).balance  # type: ignore[attr-defined]
    return Status(201, tx)


@router.post(
    "/tenancies/{tenancy_id}/rent-account/money-requests", response={201: MoneyRequestOut, **BODY_ERRORS}
)
@requires("rents.post")
def create_money_request(request: HttpRequest, tenancy_id: Id, payload: MoneyRequestIn) -> Any:
    """Ask for a refund (rent, Housing Benefit or Universal Credit), a write-off or a rent debit amendment.
    Within the officer's own limit it is posted at once (state posted); above it, it waits for a different
    person to approve it (state pending)."""
    account = _account_row(tenancy_id)
    data = payload.model_dump()
    refs = References()
    corrects = refs.one(Transaction, data.pop("corrects_id"), "corrects_id")
    refs.raise_if_any()
    with fields_renamed({"corrects": "corrects_id"}):
        req = services.request_money_out(actor=actor(request), account=account, corrects=corrects, **data)
    return Status(201, _money_request(req.pk))


@router.post("/money-requests/{money_request_id}/decision", response={200: MoneyRequestOut, **BODY_ERRORS})
@requires("rents.approve")
def decide_money_request(request: HttpRequest, money_request_id: Id, payload: DecisionIn) -> Any:
    """Approve (post it to the ledger) or decline a request that is waiting. Refused with a 422 on
    `decision` when it is not waiting or when the approver is the officer who asked for it."""
    req = _money_request(money_request_id)
    if payload.decision not in DECISIONS:
        raise ValidationError({"decision": ["Enter approve or decline."]})
    services.decide_money_request(
        actor=actor(request), request=req, approve=DECISIONS[payload.decision], note=payload.note
    )
    return _money_request(money_request_id)
