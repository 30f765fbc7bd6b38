"""Generic records with no domain knowledge: audit events, clocks, jobs, files, search, references;
first, the abstract records whose field groups several domain records share."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from hearth.core.fields import link, officer, reference


class KnownByReference(models.Model):
    """A record whose reference is its name wherever it is shown (an application, a repair order)."""

    reference = reference()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.reference


class Timestamped(models.Model):
    """A record that keeps when it was made and when it was last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class SecondPersonDecision(models.Model):
    """A request that waits for a second person: who approved or refused it, when, and their note."""

    decided_by = officer("decided by", blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField("decision note", max_length=300, blank=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One attributable change to one record: who, when, what, before -> after. Append-only."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    record = GenericForeignKey("content_type", "object_id")
    action = models.CharField(max_length=40)  # created, updated, deleted, or a verb
    actor = officer(blank=True)
    actor_label = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(db_index=True)
    summary = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)  # {field: [before, after]}

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_label} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise RuntimeError("Audit events are append-only.")


class Clock(models.Model):
    """A generic deadline any case can own (complaint stage, Awaab's Law hazard, enquiry...)."""

    class Outcome(models.TextChoices):
        RUNNING = "running", "Running"
        MET = "met", "Met"
        BREACHED = "breached", "Breached"
        CANCELLED = "cancelled", "Cancelled"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    owner = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(max_length=60)
    label = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField()
    due_at = models.DateTimeField(db_index=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.RUNNING)
    paused_at = models.DateTimeField(null=True, blank=True)
    pause_reason = models.CharField(max_length=300, blank=True)
    assigned_to = link(settings.AUTH_USER_MODEL, "clocks", on_delete=models.SET_NULL)

    class Meta:
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["outcome", "due_at"]),
        ]
        ordering = ["due_at"]

    def __str__(self) -> str:
        return f"{self.kind} due {self.due_at:%Y-%m-%d %H:%M}"


class Job(models.Model):
    """A long job a user started: progress and outcome shown on the jobs page.

    `done` counts the steps finished (each committed before it is counted), `heartbeat_at` is when
    the worker running it last showed it was alive, `restartable` says the job may be queued again
    after its worker stopped (its work is safe to run twice) and `restarts` how often it was,
    `task_path` is the task that runs it (`core.jobs`)."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=60)
    params = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    created_by = officer(blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    task_path = models.CharField(max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    restartable = models.BooleanField(default=False)
    restarts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.state})"

    @property
    def percent(self) -> int:
        if self.total <= 0:
            return 100 if self.state == self.State.SUCCEEDED else 0
        return min(100, int(self.done * 100 / self.total))


class Attachment(models.Model):
    """A file attached to any record."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    filename = models.CharField(max_length=255)
    content_type_name = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    description = models.CharField(max_length=300, blank=True)
    uploaded_by = officer(blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.filename


class Sequence(models.Model):
    """Counters behind human references (P000123, T000045...)."""

    name = models.CharField(max_length=40, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


class SearchEntry(models.Model):
    """One searchable record: the global search box reads only this table.

    It names the record by kind and id; the page a result links to is worked out when it is shown
    (`url`), so moving a page never needs the index rebuilt.
    """

    kind = models.CharField(max_length=30)  # person, property, block, estate, tenancy
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=300)
    detail = models.CharField(max_length=300, blank=True)
    text = models.TextField()  # lower-case haystack: names, address, references
    key = models.CharField(max_length=40, blank=True, db_index=True)  # exact keys: UPRN, reference
    postcode = models.CharField(max_length=10, blank=True, db_index=True)  # normalised, no space

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"

    @property
    def url(self) -> str | None:
        """The record's page, or None when its kind has none (no query: `reverse` with the id)."""
        from hearth.core.search import url_of  # the search module reads this model

        return url_of(self.kind, self.object_id)


class FailedLogin(models.Model):
    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} at {self.at:%Y-%m-%d %H:%M}"


class ClosureDay(models.Model):
    """A landlord's own non-working day (added to the England & Wales bank holidays)."""

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y}: {self.reason}"
