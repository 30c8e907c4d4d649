from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from apps.accounts import services
from apps.accounts.models import User


class Command(BaseCommand):
    help = "Create an API key for a user. The key is printed alone on the last line, once."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="What the key is for, e.g. n8n")
        parser.add_argument("--user", required=True, help="Email of the user the key acts as")
        parser.add_argument("--expires", help="Expiry as ISO 8601, e.g. 2027-01-01T00:00:00Z")

    def handle(self, *args, name, user, expires=None, **options):
        owner = User.objects.filter(email__iexact=user.strip()).first()
        if owner is None:
            raise CommandError(f"No user with email {user}")
        expires_at = None
        if expires:
            expires_at = parse_datetime(expires)
            if expires_at is None:
                raise CommandError("--expires must be an ISO 8601 date-time")
        key, raw = services.api_key_create(user=owner, name=name, expires_at=expires_at)
        self.stdout.write(f"API key '{key.name}' for {owner.email} (role {owner.role}); it is shown only once:")
        self.stdout.write(raw)
