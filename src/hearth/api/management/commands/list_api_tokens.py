"""`hearth list_api_tokens`: every API token with its prefix, user, and when it was last used."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hearth.api.models import ApiToken


class Command(BaseCommand):
    help = "List API tokens (never their secrets, which are not kept)."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = ApiToken.objects.select_related("user").order_by("created_at", "id")
        self.stdout.write(f"{'prefix':<10}{'acts as':<24}{'last used':<18}{'state':<10}name")
        for token in rows:
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            state = "revoked" if token.revoked_at else "live"
            self.stdout.write(
                f"{token.prefix:<10}{token.user.get_username():<24}{used:<18}{state:<10}{token.name}"
            )
