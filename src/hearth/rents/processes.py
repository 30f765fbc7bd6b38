"""Tenancy processes that touch the rent account: sign-up (agreement, account and charges in one go)
and termination (notice, end date, reason, forwarding address, void, final account)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hearth.core import audit, permissions
from hearth.core.models import AuditEvent
from hearth.core.money import format_money, to_money
from hearth.core.records import Errors
from hearth.people import services as people_services
from hearth.people.models import Person
from hearth.properties.models import Property
from hearth.rents import domain, letters, rent_change, selectors, service_charges, services
from hearth.rents.models import ChargeElement, DebitRun, FreeWeek, RentAccount, TenancyProcess, Transaction
from hearth.tenancies import process_services as tenancy_processes
from hearth.tenancies import processes as rules
from hearth.tenancies import services as tenancy_services
from hearth.tenancies.models import Tenancy, TenancyParty


def _merge(errors: Errors, exc: ValidationError, rename: dict[str, str] | None = None) -> None:
    rename = rename or {}
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            for message in messages:
                errors.add(rename.get(field, field), message)
    else:
        for message in exc.messages:
            errors.add("__all__", message)


def check_sign_up(
    *,
    property: Property | None,
    charges: Sequence[tuple[str, Any, str]],
    id_checked: bool,
    eligibility_checked: bool,
    start_date: dt.date | None = None,
) -> Errors:
    """The sign-up checks. Whether the home is free follows its agreements' dates: it may be signed up
    from the day after the last agreement ends, even while that agreement still runs."""
    errors = Errors()
    other = (
        tenancy_services.agreement_in_the_way(property, start_date or timezone.localdate())
        if property is not None
        else None
    )
    for field, message in rules.sign_up_problems(
        property_status="",
        id_checked=id_checked,
        eligibility_checked=eligibility_checked,
        let_on=other.reference if other is not None else "",
        let_until=other.end_date if other is not None else None,
    ).items():
        errors.add(field, message)
    rent = [c for c in charges if c[0] == "rent"]
    if not rent:
        errors.add("rent", "Enter the weekly rent.")
    for kind, weekly, _ in charges:
        try:
            amount = to_money(weekly)
        except Exception:
            errors.add(kind, "Enter the weekly amount as money, like 95.50.")
            continue
        if amount < 0 or (kind == "rent" and amount == 0):
            errors.add(
                kind,
                "Enter a weekly amount more than £0.00."
                if kind == "rent"
                else "A weekly charge cannot be less than £0.00.",
            )
    return errors


def sign_up(
    *,
    actor: Any,
    property: Property,
    kind: str,
    start_date: dt.date,
    tenants: Sequence[Person],
    occupants: Sequence[Person] = (),
    charges: Sequence[tuple[str, Any, str]],
    id_checked: bool,
    eligibility_checked: bool,
) -> TenancyProcess:
    """Sign up a new tenancy: the agreement, its rent account and weekly charges, and the record of
    the checks made. Every problem is reported at once; nothing is stored unless all is well."""
    permissions.require(actor, "tenancies.process")
    with transaction.atomic():
        errors = check_sign_up(
            property=property,
            charges=charges,
            id_checked=id_checked,
            eligibility_checked=eligibility_checked,
            start_date=start_date,
        )
        tenancy = None
        try:
            tenancy = tenancy_services.create_tenancy(
                actor=actor,
                property=property,
                kind=kind,
                start_date=start_date,
                tenants=tenants,
                occupants=occupants,
            )
        except ValidationError as exc:
            if errors.by_field.get("property_ref"):  # the same overlap, said once on the home
                exc = ValidationError(
                    {
                        k: v
                        for k, v in exc.message_dict.items()
                        if not (k == "start_date" and all("already has agreement" in m for m in v))
                    }
                )
            _merge(errors, exc, {"property": "property_ref"})
        errors.raise_if_any()  # rolls back the agreement too
        if tenancy is None:  # create_tenancy either returns or raises
            raise ValidationError({"__all__": ["The agreement could not be created."]})
        account = services.open_account(
            actor=actor,
            tenancy=tenancy,
            charges=[(k, to_money(w), d) for k, w, d in charges if to_money(w) > 0 or k == "rent"],
            catch_up=False,
        )
        # what the home's tenants were given before this agreement was entered: the service charge
        # budgets applied to its block or estate, and the rent changes from a Monday after the start
        service_charges.add_budget_charges(actor=actor, account=account)
        rent_change.catch_up(actor=actor, account=account)
        services.post_catch_up_debits(actor=actor, account=account)
        process = TenancyProcess.objects.create(
            kind=TenancyProcess.Kind.SIGN_UP,
            tenancy=tenancy,
            id_checked=True,
            eligibility_checked=True,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record(
            actor=actor,
            obj=tenancy,
            action="signed up",
            summary=f"Signed up; rent account {account.reference}; identity and eligibility checked",
        )
    return process


def projected_final_balance(account: RentAccount, end_date: dt.date) -> Decimal:
    """The balance once every debit up to the end date is posted: what is posted now, plus the debits
    of weeks the debit run has not yet posted."""
    tenancy = account.tenancy
    today = timezone.localdate()
    first = domain.week_monday(min(today, end_date))
    mondays = domain.mondays_between(first, end_date)
    run = set(
        DebitRun.objects.filter(week__in=mondays, completed_at__isnull=False).values_list("week", flat=True)
    )
    free = set(FreeWeek.objects.filter(monday__in=mondays).values_list("monday", flat=True))
    elements = [
        domain.Element(e.pk, e.weekly_amount, e.effective_from, e.effective_to)
        for e in ChargeElement.objects.filter(account=account)
    ]
    extra = Decimal("0.00")
    for monday in mondays:
        if monday in run:
            continue
        for _, debit in domain.element_debits_for_week(
            monday, elements, start=tenancy.start_date, end=end_date, free_mondays=free
        ):
            extra += debit.amount
    return selectors.balance(account) + extra


def credit_debits_after_end(*, actor: Any, account: RentAccount, end_date: dt.date) -> list[Transaction]:
    """An agreement ended inside (or before) a week the debit run already posted: credit each debit
    for the days it charged after the end date (weekly x days after the end / 7, half up to the
    penny, as `domain.prorate`), each adjustment naming the debit it corrects. Debits already
    corrected are left alone, so a second call posts nothing."""
    debits = (
        Transaction.objects.filter(
            account=account,
            element__isnull=False,
            amount__gt=0,
            posted_on__gte=domain.week_monday(end_date),
        )
        .exclude(corrections__isnull=False)
        .select_related("element")
        .order_by("posted_on", "id")
    )
    today = timezone.localdate()
    user = _user(actor)
    out = []
    for debit in debits:
        sunday = domain.week_sunday(debit.posted_on)
        if end_date >= sunday:
            continue
        days_after = (sunday - max(end_date, debit.posted_on - dt.timedelta(days=1))).days
        weekly = debit.element.weekly_amount if debit.element is not None else debit.amount
        amount = min(domain.prorate(weekly, days_after), debit.amount)
        if amount <= 0:
            continue
        row = Transaction(
            account=account,
            kind=Transaction.Kind.ADJUSTMENT,
            amount=-amount,
            posted_on=max(today, debit.posted_on),
            corrects=debit,
            description=f"{days_after} day{'s' if days_after != 1 else ''} of the "
            f"{debit.get_kind_display().lower()} debit of {debit.posted_on:%d %B %Y} after the agreement "
            f"ended on {end_date:%d %B %Y}",
            created_by=user,
        )
        row.save()
        out.append(row)
    if out:
        total = sum((-r.amount for r in out), Decimal("0.00"))
        audit.record(
            actor=actor,
            obj=account,
            action="debits after the end credited",
            summary=f"{format_money(total)} credited for days debited after the agreement ended on "
            f"{end_date:%d %B %Y}",
        )
    return out


def check_termination(
    *,
    tenancy: Tenancy,
    notice_received: dt.date | None,
    end_date: dt.date | None,
    reason: str,
    forwarding_address: str,
) -> Errors:
    errors = Errors()
    if end_date is None:
        errors.add("end_date", "Enter the last day of the agreement.")
    else:
        problem = rules.notice_problem(reason, notice_received, end_date)
        if problem:
            errors.add(
                "notice_received"
                if "notice was received" in problem
                else ("end_reason" if reason not in rules.END_REASONS else "end_date"),
                problem,
            )
    if reason in ("tenant_notice", "transfer", "mutual_exchange") and not (forwarding_address or "").strip():
        errors.add("forwarding_address", "Enter the tenant's forwarding address.")
    if len(forwarding_address or "") > 300:
        errors.add("forwarding_address", "The forwarding address must be 300 characters or fewer.")
    return errors


def terminate(
    *,
    actor: Any,
    tenancy: Tenancy,
    notice_received: dt.date | None,
    end_date: dt.date | None,
    reason: str,
    forwarding_address: str = "",
) -> TenancyProcess:
    """End a tenancy: the agreement ends, its charges stop after the end date, the home becomes void
    once the day has passed, and the final account is worked out."""
    permissions.require(actor, "tenancies.process")
    with transaction.atomic():
        errors = check_termination(
            tenancy=tenancy,
            notice_received=notice_received,
            end_date=end_date,
            reason=reason,
            forwarding_address=forwarding_address,
        )
        if end_date is not None and not errors.by_field:
            try:
                tenancy_services.end_tenancy(
                    actor=actor, tenancy=tenancy, end_date=end_date, reason=rules.END_REASONS[reason]
                )
            except ValidationError as exc:
                _merge(errors, exc)
        errors.raise_if_any()
        if end_date is None:  # refused above
            raise ValidationError({"end_date": ["Enter the last day of the agreement."]})
        tenancy.refresh_from_db()
        account = RentAccount.objects.filter(tenancy=tenancy).select_related("tenancy").first()
        final = None
        if account is not None:
            account.tenancy.end_date = end_date
            ChargeElement.objects.filter(account=account, effective_to__isnull=True).update(
                effective_to=end_date
            )
            ChargeElement.objects.filter(account=account, effective_to__gt=end_date).update(
                effective_to=end_date
            )
            credit_debits_after_end(actor=actor, account=account, end_date=end_date)
            final = projected_final_balance(account, end_date)
        process = TenancyProcess.objects.create(
            kind=TenancyProcess.Kind.TERMINATION,
            tenancy=tenancy,
            notice_received=notice_received,
            end_reason=reason,
            forwarding_address=forwarding_address.strip(),
            final_balance=final,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record(
            actor=actor,
            obj=tenancy,
            action="terminated",
            summary=f"Terminated: {rules.END_REASONS[reason]}; forwarding address recorded"
            if forwarding_address.strip()
            else f"Terminated: {rules.END_REASONS[reason]}",
        )
    return process


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _tenant_names(tenancy: Tenancy) -> list[str]:
    return [
        p.person.full_name
        for p in TenancyParty.objects.filter(
            tenancy=tenancy, role=TenancyParty.Role.TENANT, end_date__isnull=True
        ).select_related("person")
    ]


def _done(
    *,
    actor: Any,
    kind: str,
    tenancy: Tenancy,
    heading: str,
    paragraphs: Sequence[str],
    to: Sequence[str] | None = None,
    details: dict[str, Any] | None = None,
    process: TenancyProcess | None = None,
) -> TenancyProcess:
    """Record a process as done on the agreement (its history) and attach the letter to the tenants."""
    paragraphs = [p for p in paragraphs if p]
    text = {
        "heading": heading,
        "outcome": paragraphs[0],
        "outcome_paragraphs": list(paragraphs),
        "to": list(to) if to is not None else _tenant_names(tenancy),
    }
    if process is None:
        process = TenancyProcess.objects.create(
            kind=kind,
            tenancy=tenancy,
            created_by=_user(actor),
            details={**(details or {}), **text},
        )
    else:
        process.state = TenancyProcess.State.DONE
        process.details = {**process.details, **(details or {}), **text}
        process.save(update_fields=["state", "details", "decided_by", "decided_at", "decision_note"])
    letters.attach_letter(actor=actor, process=process)
    return process


def _refuse_duplicate(tenancy: Tenancy, kind: str, field: str) -> None:
    if TenancyProcess.objects.filter(tenancy=tenancy, kind=kind, state=TenancyProcess.State.PENDING).exists():
        raise ValidationError(
            {field: ["One is already waiting for a senior officer's approval; decide that first."]}
        )


def _raise(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})


# --- mutual exchange of two or more tenancies --------------------------------------------------


def mutual_exchange(
    *,
    actor: Any,
    first: Tenancy | None = None,
    second: Tenancy | None = None,
    tenancies: Sequence[Tenancy | None] = (),
    exchange_date: dt.date | None,
    proceedings_checked: bool | Sequence[bool],
) -> list[TenancyProcess]:
    """Tenants swap homes, two or more in a ring: party 1 moves into party 2's home, party 2 into
    party 3's, ..., and the last party into party 1's. Each agreement ends the day before the
    exchange; each household takes a new agreement of the same type at its new home from the
    exchange date, with a rent account charging that home's current charges (the rent follows the
    home). Each party's problems are reported on that party's field (`party_1`, `party_2`, ...)."""
    permissions.require(actor, "tenancies.process")
    permissions.require(actor, "tenancies.approve")
    chain = list(tenancies) if tenancies else [first, second]
    fields = [f"party_{i}" for i in range(1, len(chain) + 1)]
    with transaction.atomic():
        errors = Errors()
        ids = [t.pk for t in chain if t is not None]
        locked = {t.pk: t for t in Tenancy.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
        locked = {t.pk: t for t in Tenancy.objects.filter(pk__in=list(locked)).select_related("property")}
        accounts = {a.tenancy_id: a for a in RentAccount.objects.filter(tenancy__in=list(locked))}
        sought = set(
            AuditEvent.objects.filter(
                content_type=ContentType.objects.get_for_model(Tenancy),
                object_id__in=[str(pk) for pk in locked],
                action="introductory review: seek possession",
            ).values_list("object_id", flat=True)
        )
        day = timezone.localdate()
        checked = (
            [bool(proceedings_checked)] * len(chain)
            if isinstance(proceedings_checked, bool)
            else list(proceedings_checked)
        )
        if len(chain) < 2:
            errors.add("party_2", "An exchange needs at least two tenancies.")
        seen: dict[int, int] = {}
        for n, (field, given) in enumerate(zip(fields, chain, strict=True), start=1):
            if given is None or given.pk not in locked:
                errors.add(field, "Enter the tenancy reference.")
                continue
            t = locked[given.pk]
            if t.pk in seen:
                errors.add(field, f"{t.reference} is already party {seen[t.pk]} to this exchange.")
                continue
            seen[t.pk] = n
            for message in rules.exchange_party_problems(
                reference=t.reference,
                kind=t.kind,
                arrears=selectors.arrears(accounts[t.pk]) if t.pk in accounts else None,
                live=t.end_date is None or t.end_date >= day,
                possession_sought=str(t.pk) in sought,
            ):
                errors.add(field, message)
            if not isinstance(proceedings_checked, bool) and not (n <= len(checked) and checked[n - 1]):
                errors.add(
                    f"proceedings_{n}",
                    f"Confirm that the tenant of {t.reference} is not facing possession proceedings.",
                )
        if isinstance(proceedings_checked, bool) and not proceedings_checked:
            errors.add("proceedings_checked", "Confirm that no tenant is facing possession proceedings.")
        if exchange_date is None:
            errors.add("exchange_date", "Enter the date of the exchange.")
        elif any(exchange_date <= t.start_date for t in locked.values()):
            errors.add(
                "exchange_date",
                "The exchange must be after both tenancies started."
                if len(chain) == 2
                else "The exchange must be after all the tenancies started.",
            )
        errors.raise_if_any()
        ring = [locked[t.pk] for t in chain if t is not None]
        if exchange_date is None or len(ring) < 2:  # reported above
            raise ValidationError({"party_2": ["An exchange needs at least two tenancies."]})
        before = exchange_date - dt.timedelta(days=1)
        in_force = {
            t.pk: list(
                ChargeElement.objects.filter(
                    account=accounts[t.pk], effective_from__lte=exchange_date
                ).filter(Q(effective_to__isnull=True) | Q(effective_to__gte=exchange_date))
            )
            if t.pk in accounts
            else []
            for t in ring
        }
        # every charge running on or after the exchange (a change already scheduled for a later
        # Monday too) follows the home, from the later of its own start and the exchange date
        running = {
            t.pk: list(
                ChargeElement.objects.filter(account=accounts[t.pk])
                .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=exchange_date))
                .order_by("effective_from", "id")
            )
            if t.pk in accounts
            else []
            for t in ring
        }
        moves = []
        for i, old in enumerate(ring):
            other = ring[(i + 1) % len(ring)]
            parties = list(old.parties.select_related("person"))
            moves.append(
                (
                    old,
                    other,
                    [p.person for p in parties if p.role == "tenant" and p.end_date is None],
                    [p.person for p in parties if p.role == "occupant" and p.end_date is None],
                )
            )
        for old, _, _, _ in moves:
            tenancy_services.end_tenancy(
                actor=actor, tenancy=old, end_date=before, reason=rules.END_REASONS["mutual_exchange"]
            )
            ChargeElement.objects.filter(pk__in=[e.pk for e in in_force[old.pk]]).update(effective_to=before)
            if old.pk in accounts:
                credit_debits_after_end(actor=actor, account=accounts[old.pk], end_date=before)
        refs = [t.reference for t in ring]
        out = []
        for old, other, tenants, occupants in moves:
            new = tenancy_services.create_tenancy(
                actor=actor,
                property=other.property,
                kind=old.kind,
                start_date=exchange_date,
                tenants=tenants,
                occupants=occupants,
            )
            account = services.open_account(
                actor=actor, tenancy=new, charges=[], effective_from=exchange_date, catch_up=False
            )
            ChargeElement.objects.bulk_create(
                [
                    ChargeElement(
                        account=account,
                        kind=e.kind,
                        description=e.description,
                        weekly_amount=e.weekly_amount,
                        effective_from=max(e.effective_from, exchange_date),
                        effective_to=e.effective_to,
                    )
                    for e in running[other.pk]
                ]
            )
            services.post_catch_up_debits(actor=actor, account=account)
            weekly = sum((e.weekly_amount for e in in_force[other.pk]), Decimal("0.00"))
            audit.record(
                actor=actor,
                obj=new,
                action="mutual exchange",
                summary=f"Mutual exchange from {old.reference} at {old.property.address}; charges of "
                f"{other.reference} carried to account {account.reference}",
            )
            new = Tenancy.objects.select_related("property").get(pk=new.pk)
            out.append(
                _done(
                    actor=actor,
                    kind=TenancyProcess.Kind.EXCHANGE,
                    tenancy=new,
                    heading="Your mutual exchange",
                    paragraphs=[
                        f"Your mutual exchange has been agreed. From {exchange_date:%d %B %Y} you are the "
                        f"tenants of {new.property.address} under a {new.get_kind_display().lower()}, "
                        f"reference {new.reference}.",
                        f"Your tenancy {old.reference} of {old.property.address} ended on {before:%d %B %Y}.",
                        f"Your weekly charge at your new home is £{weekly:.2f}, due every Monday; your new "
                        f"rent account is {account.reference}.",
                        f"The exchange is between {len(ring)} tenancies: {', '.join(refs)}.",
                    ],
                    to=[p.full_name for p in tenants],
                    details={"from": old.reference, "parties": refs},
                )
            )
        for p in out:
            TenancyProcess.objects.filter(pk=p.pk).update(id_checked=True, eligibility_checked=True)
    return out


# --- introductory tenancy review -----------------------------------------------------------------

NEEDS_APPROVAL_REVIEW = ("extend", "end")


def _review_letter(tenancy: Tenancy, outcome: str, reason: str) -> tuple[str, list[str]]:
    if outcome == "confirm":
        return "Your tenancy is now a secure tenancy", [
            f"We have reviewed your introductory tenancy of {tenancy.property.address}. Your trial period "
            f"has ended and your tenancy is now a secure tenancy.",
            "Your rent and the terms of your tenancy agreement stay the same.",
        ]
    if outcome == "extend":
        ends = rules.introductory_trial_ends(tenancy.start_date, extended=True)
        return "Your introductory tenancy has been extended", [
            f"We have reviewed your introductory tenancy and extended its trial period by six months, "
            f"to {ends:%d %B %Y} (18 months in all).",
            f"The reason is: {reason.strip()}",
            "You may ask us to review this decision within 14 days of the date of this letter.",
        ]
    return "We intend to seek possession of your home", [
        "We have reviewed your introductory tenancy and decided to seek possession of your home. A notice "
        "of proceedings will be served on you.",
        f"The reason is: {reason.strip()}",
        "You may ask us to review this decision within 14 days of the notice being served.",
    ]


def review(
    *, actor: Any, tenancy: Tenancy, outcome: str, reason: str = "", today: dt.date | None = None
) -> TenancyProcess:
    """An introductory tenancy review. Confirming it (secure tenancy) is done at once; extending the
    trial to 18 months or seeking possession waits for a senior officer, other than the officer who
    held the review, to approve it (`decide`)."""
    permissions.require(actor, "tenancies.process")
    with transaction.atomic():
        tenancy = Tenancy.objects.select_for_update().select_related("property").get(pk=tenancy.pk)
        _raise(
            tenancy_processes.review_problems(tenancy=tenancy, outcome=outcome, reason=reason, today=today)
        )
        day = today or timezone.localdate()
        if outcome in NEEDS_APPROVAL_REVIEW:
            _refuse_duplicate(tenancy, TenancyProcess.Kind.REVIEW, "outcome")
            process = TenancyProcess.objects.create(
                kind=TenancyProcess.Kind.REVIEW,
                tenancy=tenancy,
                created_by=_user(actor),
                state=TenancyProcess.State.PENDING,
                details={
                    "review_outcome": outcome,
                    "reason": reason.strip(),
                    "reviewed_on": day.isoformat(),
                    "outcome": f"{rules.REVIEW_OUTCOMES[outcome]}: {reason.strip()}",
                },
            )
            audit.record(
                actor=actor,
                obj=tenancy,
                action="review waiting for approval",
                summary=f"Introductory review ({rules.REVIEW_OUTCOMES[outcome].lower()}) waiting for a "
                f"senior officer's approval",
            )
            return process
        tenancy_processes.review_introductory(
            actor=actor, tenancy=tenancy, outcome=outcome, reason=reason, today=today
        )
        heading, paragraphs = _review_letter(tenancy, outcome, reason)
        return _done(
            actor=actor,
            kind=TenancyProcess.Kind.REVIEW,
            tenancy=tenancy,
            heading=heading,
            paragraphs=paragraphs,
            details={"review_outcome": outcome, "reviewed_on": day.isoformat()},
        )


# --- succession, joint tenants -----------------------------------------------------------------


def succession(
    *,
    actor: Any,
    tenancy: Tenancy,
    deceased: Person | None,
    successor: Person | None,
    relationship: str,
    resided_since: dt.date | None,
    date_of_death: dt.date | None,
    discretionary: bool = False,
    reason: str = "",
) -> TenancyProcess:
    """A statutory succession (only one; the successor's qualifying residence checked), recorded on
    the agreement with a letter to the successor. A discretionary succession (outside the statutory
    rules, with a reason) waits for a senior officer other than the officer who asked (`decide`)."""
    if discretionary:
        return _ask_discretionary_succession(
            actor=actor,
            tenancy=tenancy,
            deceased=deceased,
            successor=successor,
            relationship=relationship,
            resided_since=resided_since,
            date_of_death=date_of_death,
            reason=reason,
        )
    with transaction.atomic():
        tenancy_processes.succeed(
            actor=actor,
            tenancy=tenancy,
            deceased=deceased,
            successor=successor,
            relationship=relationship,
            resided_since=resided_since,
            date_of_death=date_of_death,
        )
        if successor is None or deceased is None or date_of_death is None:  # refused by succeed
            raise ValidationError({"successor": ["Check the succession and try again."]})
        tenancy = Tenancy.objects.select_related("property").get(pk=tenancy.pk)
        label = rules.SUCCESSION_RELATIONSHIPS[relationship].lower()
        return _done(
            actor=actor,
            kind=TenancyProcess.Kind.SUCCESSION,
            tenancy=tenancy,
            heading="The tenancy has passed to you by succession",
            paragraphs=[
                f"Following the death of {deceased.full_name} on {date_of_death:%d %B %Y}, the "
                f"{tenancy.get_kind_display().lower()} of {tenancy.property.address} has passed to you by "
                f"succession ({label}).",
                f"We have checked that you were living at the home as your only or principal home "
                f"from {resided_since:%d %B %Y}."
                if resided_since
                else "",
                "The law allows only one succession to a tenancy: this tenancy cannot pass by succession again.",
            ],
            to=[successor.full_name],
            details={"deceased": deceased.reference, "successor": successor.reference},
        )


def _ask_discretionary_succession(
    *,
    actor: Any,
    tenancy: Tenancy,
    deceased: Person | None,
    successor: Person | None,
    relationship: str,
    resided_since: dt.date | None,
    date_of_death: dt.date | None,
    reason: str,
) -> TenancyProcess:
    permissions.require(actor, "tenancies.process")
    with transaction.atomic():
        tenancy = Tenancy.objects.select_for_update().get(pk=tenancy.pk)
        _raise(
            tenancy_processes.succession_check(
                tenancy=tenancy,
                deceased=deceased,
                successor=successor,
                relationship=relationship,
                resided_since=resided_since,
                date_of_death=date_of_death,
                discretionary=True,
                reason=reason,
            )
        )
        if successor is None or deceased is None or date_of_death is None or resided_since is None:
            raise ValidationError({"successor": ["Check the succession and try again."]})  # reported above
        _refuse_duplicate(tenancy, TenancyProcess.Kind.SUCCESSION, "successor")
        label = rules.ALL_RELATIONSHIPS[relationship].lower()
        process = TenancyProcess.objects.create(
            kind=TenancyProcess.Kind.SUCCESSION,
            tenancy=tenancy,
            created_by=_user(actor),
            state=TenancyProcess.State.PENDING,
            details={
                "discretionary": True,
                "deceased": deceased.reference,
                "deceased_id": deceased.pk,
                "successor": successor.reference,
                "successor_id": successor.pk,
                "relationship": relationship,
                "resided_since": resided_since.isoformat(),
                "date_of_death": date_of_death.isoformat(),
                "reason": reason.strip(),
                "outcome": f"Discretionary succession of {successor.full_name} ({label}) to "
                f"{deceased.full_name}: {reason.strip()}",
            },
        )
        audit.record(
            actor=actor,
            obj=tenancy,
            action="succession waiting for approval",
            summary=f"Discretionary succession of {successor} waiting for a senior officer's approval",
        )
    return process


def _carry_out_discretionary_succession(
    actor: Any, process: TenancyProcess
) -> tuple[str, list[str], list[str]]:
    d = process.details
    successor = Person.objects.get(pk=d["successor_id"])
    deceased = Person.objects.get(pk=d["deceased_id"])
    died = dt.date.fromisoformat(d["date_of_death"])
    tenancy_processes.succeed(
        actor=actor,
        tenancy=process.tenancy,
        deceased=deceased,
        successor=successor,
        relationship=d["relationship"],
        resided_since=dt.date.fromisoformat(d["resided_since"]),
        date_of_death=died,
        discretionary=True,
        reason=d["reason"],
    )
    tenancy = process.tenancy
    return (
        "The tenancy has passed to you",
        [
            f"Following the death of {deceased.full_name} on {died:%d %B %Y}, we have decided to let the "
            f"{tenancy.get_kind_display().lower()} of {tenancy.property.address} pass to you. The law did "
            f"not give you a right to succeed; this is a decision at our discretion.",
            f"We have checked that you were living at the home from "
            f"{dt.date.fromisoformat(d['resided_since']):%d %B %Y}.",
        ],
        [successor.full_name],
    )


def joint_change(
    *,
    actor: Any,
    tenancy: Tenancy,
    change: str,
    person: Person | None,
    on: dt.date | None,
    reason: str = "",
    death: bool = False,
) -> TenancyProcess:
    """Sole to joint (`change="add"`) or joint to sole (`change="remove"`), with a letter to every
    tenant concerned. A joint tenant leaving on their death (`death`) counts as the succession
    (survivorship)."""
    with transaction.atomic():
        before = _tenant_names(tenancy)
        tenancy_processes.change_joint_tenants(
            actor=actor, tenancy=tenancy, change=change, person=person, on=on, reason=reason, death=death
        )
        if person is None or on is None:  # refused above
            raise ValidationError({"person": ["Check the change and try again."]})
        tenancy = Tenancy.objects.select_related("property").get(pk=tenancy.pk)
        after = _tenant_names(tenancy)
        if change == "add":
            heading = "You are now joint tenants"
            text = (
                f"From {on:%d %B %Y} {person.full_name} is a joint tenant of {tenancy.property.address} "
                f"with {', '.join(n for n in after if n != person.full_name)}. Each joint tenant is "
                f"responsible for all the rent and for keeping to the tenancy agreement."
            )
        else:
            heading = "The tenancy is now in a sole name"
            text = (
                f"From {on:%d %B %Y} {person.full_name} is no longer a tenant of "
                f"{tenancy.property.address}; {', '.join(after)} carries on as the tenant."
            )
        survivorship = change == "remove" and death
        return _done(
            actor=actor,
            kind=TenancyProcess.Kind.JOINT_SOLE,
            tenancy=tenancy,
            heading=heading,
            paragraphs=[
                text,
                "Because the tenancy passed to you on a joint tenant's death, this counts as the one "
                "succession the law allows: it cannot pass by succession again."
                if survivorship
                else "",
            ],
            to=list(dict.fromkeys([*before, *after])),
            details={"change": change, "person": person.reference, "on": on.isoformat()},
        )


# --- assignment (waits for a senior officer's approval) ----------------------------------------


def assignment(
    *,
    actor: Any,
    tenancy: Tenancy,
    assignee: Person | None,
    route: str,
    relationship: str = "",
    resided_since: dt.date | None = None,
    on: dt.date | None = None,
) -> TenancyProcess:
    """Ask for an assignment; it is carried out when a senior officer other than the officer who
    asked approves it (`decide`). Every problem is reported now; nothing changes until approval."""
    permissions.require(actor, "tenancies.process")
    with transaction.atomic():
        tenancy = Tenancy.objects.select_for_update().get(pk=tenancy.pk)
        _raise(
            tenancy_processes.assignment_problems(
                tenancy=tenancy,
                assignee=assignee,
                route=route,
                relationship=relationship,
                resided_since=resided_since,
                on=on,
            )
        )
        if assignee is None or on is None:  # reported above
            raise ValidationError({"assignee": ["Check the assignment and try again."]})
        _refuse_duplicate(tenancy, TenancyProcess.Kind.ASSIGNMENT, "assignee")
        process = TenancyProcess.objects.create(
            kind=TenancyProcess.Kind.ASSIGNMENT,
            tenancy=tenancy,
            created_by=_user(actor),
            state=TenancyProcess.State.PENDING,
            details={
                "assignee": assignee.pk,
                "assignee_reference": assignee.reference,
                "route": route,
                "relationship": relationship,
                "resided_since": resided_since.isoformat() if resided_since else None,
                "on": on.isoformat(),
                "outcome": f"Assignment to {assignee.full_name} ({assignee.reference}) from "
                f"{on:%d %B %Y}: {rules.ASSIGNMENT_ROUTES[route].lower()}",
            },
        )
        audit.record(
            actor=actor,
            obj=tenancy,
            action="assignment waiting for approval",
            summary=f"Assignment to {assignee} waiting for a senior officer's approval",
        )
    return process


def _carry_out_assignment(actor: Any, process: TenancyProcess) -> tuple[str, list[str], list[str]]:
    d = process.details
    assignee = Person.objects.get(pk=d["assignee"])
    on = dt.date.fromisoformat(d["on"])
    before = _tenant_names(process.tenancy)
    tenancy_processes.assign(
        actor=actor,
        tenancy=process.tenancy,
        assignee=assignee,
        route=d["route"],
        relationship=d.get("relationship") or "",
        resided_since=dt.date.fromisoformat(d["resided_since"]) if d.get("resided_since") else None,
        on=on,
        requested_by=process.created_by,
    )
    tenancy = process.tenancy
    paragraphs = [
        f"The tenancy of {tenancy.property.address} has been assigned to {assignee.full_name} from "
        f"{on:%d %B %Y} ({rules.ASSIGNMENT_ROUTES[d['route']].lower()}).",
        f"{', '.join(before)} stopped being the tenant on {on - dt.timedelta(days=1):%d %B %Y}.",
    ]
    if d["route"] == "would_succeed":
        paragraphs.append(
            "Because the tenancy passed to someone who could have succeeded to it, this counts as the one "
            "succession the law allows: it cannot pass by succession again."
        )
    return "Assignment of your tenancy", paragraphs, [*before, assignee.full_name]


# --- approvals ---------------------------------------------------------------------------------


def pending() -> Any:
    return TenancyProcess.objects.filter(state=TenancyProcess.State.PENDING).select_related(
        "tenancy", "tenancy__property", "created_by"
    )


def decide(*, actor: Any, process: TenancyProcess, approve: bool, note: str = "") -> TenancyProcess:
    """A senior officer approves (the process is carried out and the letter made) or refuses (with a
    reason) a process waiting for approval. The officer who asked for it cannot decide it."""
    permissions.require(actor, "tenancies.approve")
    with transaction.atomic():
        process = (
            TenancyProcess.objects.select_for_update(of=("self",))
            .select_related("tenancy", "tenancy__property")
            .get(pk=process.pk)
        )
        if process.state != TenancyProcess.State.PENDING:
            raise ValidationError({"decision": ["This is not waiting for approval."]})
        if process.created_by_id is not None and process.created_by_id == getattr(actor, "pk", None):
            raise ValidationError(
                {"decision": ["You asked for this, so another senior officer must approve it."]}
            )
        if not approve and not (note or "").strip():
            raise ValidationError({"note": ["Enter the reason for refusing."]})
        process.decided_by = _user(actor)
        process.decided_at = timezone.now()
        process.decision_note = (note or "").strip()[:300]
        label = process.get_kind_display().lower()
        if not approve:
            process.state = TenancyProcess.State.REFUSED
            process.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
            audit.record(
                actor=actor,
                obj=process.tenancy,
                action="process refused",
                summary=f"The {label} was refused: {process.decision_note}",
            )
            return process
        if process.kind == TenancyProcess.Kind.ASSIGNMENT:
            heading, paragraphs, to = _carry_out_assignment(actor, process)
        elif process.kind == TenancyProcess.Kind.SUCCESSION:
            heading, paragraphs, to = _carry_out_discretionary_succession(actor, process)
        elif process.kind == TenancyProcess.Kind.REVIEW:
            d = process.details
            tenancy_processes.review_introductory(
                actor=actor,
                tenancy=process.tenancy,
                outcome=d["review_outcome"],
                reason=d["reason"],
                today=dt.date.fromisoformat(d["reviewed_on"]),
                requested_by=process.created_by,
            )
            heading, paragraphs = _review_letter(process.tenancy, d["review_outcome"], d["reason"])
            to = _tenant_names(process.tenancy)
        else:  # pragma: no cover - only these wait for approval
            raise ValidationError({"decision": ["This process does not need approval."]})
        audit.record(
            actor=actor,
            obj=process.tenancy,
            action="process approved",
            summary=f"The {label} asked for by {process.created_by or 'an officer'} was approved",
        )
        return _done(
            actor=actor,
            kind=process.kind,
            tenancy=process.tenancy,
            heading=heading,
            paragraphs=paragraphs,
            to=to,
            process=process,
        )


# --- change of name ----------------------------------------------------------------------------


def live_agreements(person: Person) -> list[Tenancy]:
    day = timezone.localdate()
    return list(
        Tenancy.objects.filter(
            parties__person=person, parties__role=TenancyParty.Role.TENANT, parties__end_date__isnull=True
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("property")
        .distinct()
        .order_by("pk")
    )


NAME_LIMITS = {"title": 20, "first_name": 100, "middle_names": 100, "last_name": 100, "note": 200}


def change_name(
    *,
    actor: Any,
    person: Person,
    title: str = "",
    first_name: str,
    middle_names: str = "",
    last_name: str,
    evidence: str,
    note: str = "",
) -> list[TenancyProcess]:
    """A tenant's change of name, on the evidence seen (deed poll, marriage or civil partnership
    certificate, decree, or other evidence described): the person's name changes with its history
    (who, when, from and to), and each of their live agreements records the change with a letter."""
    permissions.require(actor, "tenancies.process")
    permissions.require(actor, "people.edit")
    values = {
        "title": (title or "").strip(),
        "first_name": (first_name or "").strip(),
        "middle_names": (middle_names or "").strip(),
        "last_name": (last_name or "").strip(),
    }
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        old = person.full_name
        unchanged = all(getattr(person, k) == v for k, v in values.items())
        problems = rules.name_change_problems(
            evidence=evidence,
            note=note,
            first_name=values["first_name"],
            last_name=values["last_name"],
            unchanged=unchanged,
        )
        for field, limit in NAME_LIMITS.items():
            value = note if field == "note" else values[field]
            if len(value or "") > limit and field not in problems:
                problems[field] = f"This must be {limit} characters or fewer."
        agreements = live_agreements(person)
        if not agreements and not problems:
            problems["__all__"] = (
                f"{old} is not a tenant of a live agreement; change the name on their person record."
            )
        _raise(problems)
        people_services.update_person(actor=actor, person=person, **values)
        person.refresh_from_db()
        new = person.full_name
        evidence_label = rules.NAME_EVIDENCE[evidence] + (f" ({note.strip()})" if note.strip() else "")
        audit.record(
            actor=actor,
            obj=person,
            action="name changed",
            changes={"name": [old, new]},
            summary=f"Name changed from {old} to {new}; evidence seen: {evidence_label}",
        )
        out = []
        for tenancy in agreements:
            audit.record(
                actor=actor,
                obj=tenancy,
                action="tenant's name changed",
                summary=f"{person.reference}: {old} is now {new}",
            )
            out.append(
                _done(
                    actor=actor,
                    kind=TenancyProcess.Kind.NAME_CHANGE,
                    tenancy=tenancy,
                    heading="Change of name",
                    paragraphs=[
                        f"We have changed the name on your tenancy from {old} to {new}.",
                        f"We saw this evidence of the change: {evidence_label}.",
                        "Your tenancy and your rent are not otherwise affected.",
                    ],
                    to=[new],
                    details={
                        "person": person.reference,
                        "from": old,
                        "to_name": new,
                        "evidence": evidence,
                        "evidence_note": note.strip(),
                    },
                )
            )
    return out
