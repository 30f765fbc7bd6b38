"""`hearth create_api_token --user USERNAME --name NAME`: prints the new token's secret, once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.api import tokens


class Command(BaseCommand):
    help = (
        "Create an API token for an integration. It acts as USERNAME, whose roles give its capabilities. "
        "The secret is printed once and cannot be shown again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="username the integration acts as")
        parser.add_argument("--name", required=True, help="what the token is for, e.g. 'Repairs sync'")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = tokens.find_user(options["user"])
            token, secret = tokens.create_token(actor=None, user=user, name=options["name"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stderr.write(
            f"Created token {token.prefix}… '{token.name}' acting as {user.get_username()}. "
            "Store the secret now; it is not kept and cannot be shown again."
        )
        self.stdout.write(secret)
