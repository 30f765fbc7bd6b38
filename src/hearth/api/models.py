"""API tokens for integrations. An integration acts as a user; that user's roles give its capabilities."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from hearth.core.fields import officer


class ApiToken(models.Model):
    """A bearer token. Only the SHA-256 hash of the secret is kept; the prefix identifies it to people."""

    name = models.CharField(
        "name", max_length=100, help_text="What the token is for, e.g. 'Repairs contractor sync'."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens", verbose_name="acts as"
    )
    prefix = models.CharField("key prefix", max_length=8, db_index=True)
    key_hash = models.CharField("key hash", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("created", auto_now_add=True)
    created_by = officer("created by", blank=True)
    last_used_at = models.DateTimeField("last used", null=True, blank=True)
    revoked_at = models.DateTimeField("revoked", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
