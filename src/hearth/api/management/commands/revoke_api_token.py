"""`hearth revoke_api_token PREFIX`: stop a token working at once (it stays listed, marked revoked)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.api import tokens
from hearth.api.models import ApiToken


class Command(BaseCommand):
    help = "Revoke the API token whose key starts with PREFIX (the 8 characters list_api_tokens shows)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix", help="the token's key prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        matches = list(ApiToken.objects.filter(prefix=options["prefix"], revoked_at__isnull=True))
        if not matches:
            raise CommandError(f"No live token has the prefix {options['prefix']}.")
        if len(matches) > 1:
            raise CommandError(
                f"{len(matches)} live tokens share that prefix; revoke them in the admin by id."
            )
        token = tokens.revoke_token(actor=None, token=matches[0])
        self.stdout.write(f"Revoked {token}.")
