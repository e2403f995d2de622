"""Give someone another login e-mail address, as a system administrator (issue 21).

    samenspel manage change_login_address OLD NEW --by ADMIN --reason "why"

The change is in the access log (who, old and new address, why) and the old address hears
of it. `--by` names the system administrator who makes the change (an account of theirs).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samenspel.accounts.actions import change_login_address
from samenspel.accounts.models import User


class Command(BaseCommand):
    help = "Change someone's login e-mail address (system administrators; logged)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("old_address")
        parser.add_argument("new_address")
        parser.add_argument("--by", required=True, help="the system administrator's address")
        parser.add_argument("--reason", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        person = User.objects.filter(email__iexact=options["old_address"]).first()
        actor = User.objects.filter(email__iexact=options["by"]).first()
        if person is None:
            raise CommandError(f"No account with the address {options['old_address']}.")
        if actor is None:
            raise CommandError(f"No account with the address {options['by']}.")
        try:
            change_login_address(
                person, options["new_address"], actor=actor, reason=options["reason"]
            )
        except (PermissionDenied, ValidationError) as error:
            raise CommandError("; ".join(getattr(error, "messages", [str(error)]))) from error
        self.stdout.write(f"{options['old_address']} -> {options['new_address']}")
