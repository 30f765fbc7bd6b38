"""The record of each tenancy process carried out on an agreement, and the rules for each kind of
agreement that the processes follow."""

from __future__ import annotations

from django.db import models

from hearth.core.fields import money, officer
from hearth.core.models import SecondPersonDecision
from hearth.tenancies.models import Tenancy


class TenancyProcessQuerySet(models.QuerySet["TenancyProcess"]):
    def done(self) -> TenancyProcessQuerySet:
        return self.filter(state=TenancyProcess.State.DONE)

    def pending(self) -> TenancyProcessQuerySet:
        return self.filter(state=TenancyProcess.State.PENDING)

    def with_effect(self, effect: str) -> TenancyProcessQuerySet:
        """Processes carried out that had a legal effect on their tenancy (the one succession used, the
        introductory trial extended, possession to be sought)."""
        return self.done().filter(effect=effect)


class TenancyProcess(SecondPersonDecision):
    """A tenancy process carried out on an agreement (sign-up, termination, exchange, review,
    succession, joint tenants, assignment, change of name), with what was checked. One that needs a
    senior officer waits (state pending) until someone other than the officer who asked approves it.
    Its legal effect on the tenancy, if any, is kept in `effect`: the processes read the tenancy's
    legal state from these records."""

    class Kind(models.TextChoices):
        SIGN_UP = "sign_up", "Sign-up"
        TERMINATION = "termination", "Termination"
        EXCHANGE = "exchange", "Mutual exchange"
        REVIEW = "review", "Introductory tenancy review"
        SUCCESSION = "succession", "Succession"
        JOINT_SOLE = "joint_sole", "Joint to sole or sole to joint"
        ASSIGNMENT = "assignment", "Assignment"
        NAME_CHANGE = "name_change", "Change of name"

    class State(models.TextChoices):
        DONE = "done", "Done"
        PENDING = "pending", "Waiting for approval"
        REFUSED = "refused", "Refused"

    class Effect(models.TextChoices):
        NONE = "", "None"
        SUCCESSION = "succession", "The one succession the law allows was used"
        TRIAL_EXTENDED = "trial_extended", "Introductory trial extended to 18 months"
        POSSESSION_SOUGHT = "possession_sought", "Possession to be sought"

    kind = models.CharField("process", max_length=12, choices=Kind.choices)
    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="processes")
    id_checked = models.BooleanField("proof of identity seen", default=False)
    eligibility_checked = models.BooleanField("eligibility checked", default=False)
    notice_received = models.DateField("notice received", null=True, blank=True)
    end_reason = models.CharField("reason", max_length=20, blank=True)
    forwarding_address = models.CharField("forwarding address", max_length=300, blank=True)
    final_balance = money("final balance", max_digits=10, null=True, blank=True)
    created_by = officer(on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField("state", max_length=10, choices=State.choices, default=State.DONE)
    effect = models.CharField("legal effect", max_length=20, choices=Effect.choices, blank=True, default="")
    # what was decided, in words and values: the outcome for the letter, evidence seen, the parties
    # of an exchange, and for a process waiting for approval what to carry out once approved
    details = models.JSONField("details", default=dict, blank=True)
    decided_by = officer("approved or refused by", blank=True)  # labelled its own way here

    objects = TenancyProcessQuerySet.as_manager()

    class Meta:
        db_table = "rents_tenancyprocess"  # the table it had in the rents app; the data did not move
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["tenancy", "effect"], name="tenancy_process_effect")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.tenancy}"

    @property
    def outcome(self) -> str:
        return str(self.details.get("outcome", ""))


class AgreementKindRule(models.Model):
    """What the processes do for one kind of agreement: the notice needed to end it, whether the end
    must fall on a Sunday, whether it ends by notice or by surrender or forfeiture, which of the
    optional processes apply, whether the rent-side steps apply and which letter ends it. A kind
    without a row follows `rules.DEFAULT_KIND_RULES`."""

    class NoticeUnit(models.TextChoices):
        DAYS = "days", "Days"
        WEEKS = "weeks", "Weeks"

    class EndsBy(models.TextChoices):
        NOTICE = "notice", "Notice to quit"
        SURRENDER = "surrender", "Surrender or forfeiture"

    class Letter(models.TextChoices):
        TENANCY = "tenancy", "Your tenancy has ended"
        LICENCE = "licence", "Your licence has ended"
        LEASE = "lease", "Your lease has ended"

    kind = models.CharField("type of agreement", max_length=14, choices=Tenancy.Kind.choices, unique=True)
    notice_period = models.PositiveSmallIntegerField("notice period", default=0)
    notice_unit = models.CharField("notice in", max_length=5, choices=NoticeUnit.choices, default="weeks")
    end_on_sunday = models.BooleanField("ends on a Sunday", default=False)
    ends_by = models.CharField("ends by", max_length=10, choices=EndsBy.choices, default="notice")
    processes = models.JSONField("processes that apply", default=list, blank=True)
    rent_side = models.BooleanField("rent account steps", default=True)
    letter = models.CharField("letter at the end", max_length=10, choices=Letter.choices, default="tenancy")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"Rules for {self.get_kind_display()}"
