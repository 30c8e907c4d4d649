"""Demo content for a fresh database. Running it twice changes nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from apps.accounts import demo as accounts_demo


class Command(BaseCommand):
    help = "Load demo accounts and content (idempotent) and print the demo admin's credentials."

    def handle(self, *args, **options):
        with transaction.atomic():
            admin = accounts_demo.load()
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
        self.stdout.write(
            "Demo admin (also for manager@baimuras.local and client@baimuras.local):\n"
            f"  email:    {admin['email']}\n"
            f"  password: {admin['password']}"
        )
