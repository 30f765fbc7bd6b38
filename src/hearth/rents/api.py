"""API for rent accounts (read): the accounts and arrears list, an agreement's account and its
transactions, payments, payment files imported, and refunds / write-offs / amendments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from hearth.api.capabilities import requires
from hearth.api.errors import ERRORS
from hearth.api.pagination import Page, PageQuery, paginate
from hearth.api.schemas import Id
from hearth.rents import domain, selectors
from hearth.rents.models import MoneyRequest, Transaction

router = Router(tags=["rents"])


# --- schemas ---------------------------------------------------------------------------------


class AccountOut(Schema):
    id: int
    reference: str
    tenancy_id: int
    tenancy_reference: str
    address: str
    balance: Decimal
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
    def resolve_weeks_owed(obj: Any) -> Decimal:
        return domain.weeks_owed(obj.balance, obj.weekly)

    @staticmethod
    def resolve_recommended_action(obj: Any) -> str:
        stage = domain.recommended_stage(obj.balance, obj.weekly, selectors.stages())
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
        return domain.uc_monthly(Decimal(obj.weekly))


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

    @staticmethod
    def resolve_kind_label(obj: Transaction) -> str:
        return obj.get_kind_display()


class AccountFilters(Schema):
    q: str = Field("", max_length=100)
    in_arrears: str = Field("", json_schema_extra={"enum": ["", "yes", "no"]})
    stage: str = Field("", max_length=20, description="A stage code of the arrears policy, e.g. letter_1.")
    min_balance: Decimal | None = Field(None, ge=-(10**8), le=10**8)


class TransactionFilters(Schema):
    first: dt.date | None = Field(None, description="From this date (inclusive).")
    last: dt.date | None = Field(None, description="Up to this date (inclusive).")
    kind: str = Field(
        "",
        description="Only this type, e.g. payment, hb, uc, rent.",
        json_schema_extra={"enum": ["", *Transaction.Kind.values]},
    )


class AccountPage(Page[AccountOut]):
    pass


class TransactionPage(Page[TransactionOut]):
    pass


class PaymentFileOut(Schema):
    id: int
    channel: str
    filename: str
    rows: int
    suspense_rows: int
    total: Decimal
    imported_at: dt.datetime


class PaymentFilePage(Page[PaymentFileOut]):
    pass


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


class MoneyRequestPage(Page[MoneyRequestOut]):
    pass


# --- endpoints -------------------------------------------------------------------------------


def _account_of(tenancy_id: int) -> Any:
    return get_object_or_404(
        selectors.account_list().filter(tenancy_id=tenancy_id).prefetch_related("elements")
    )


@router.get("/rent-accounts", response={200: AccountPage, **ERRORS})
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


@router.get("/tenancies/{tenancy_id}/rent-account/transactions", response={200: TransactionPage, **ERRORS})
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


@router.get("/tenancies/{tenancy_id}/rent-account/money-requests", response={200: MoneyRequestPage, **ERRORS})
@requires("rents.view")
def list_money_requests(request: HttpRequest, tenancy_id: Id, page: Query[PageQuery]) -> Any:
    """Refunds, write-offs and amendments on the account, newest first, with their approval state."""
    account = _account_of(tenancy_id)
    qs = MoneyRequest.objects.filter(account=account).select_related("requested_by", "decided_by")
    return paginate(qs.order_by("-requested_at", "-id"), page)


@router.get("/payment-files", response={200: PaymentFilePage, **ERRORS})
@requires("rents.view")
def list_payment_files(request: HttpRequest, page: Query[PageQuery]) -> Any:
    """Payment files imported, newest first, with how many rows were posted and how many went to suspense."""
    return paginate(selectors.imports(), page)
