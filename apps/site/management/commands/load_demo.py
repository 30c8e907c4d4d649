"""Demo content for a fresh database. Running it twice changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from apps.accounts import demo as accounts_demo
from apps.analytics import demo as analytics_demo
from apps.crm import demo as crm_demo
from apps.portfolio import demo as portfolio_demo
from apps.site import demo as site_demo


class Command(BaseCommand):
    help = "Load demo accounts and content (idempotent) and print the demo admin's credentials."

    def add_arguments(self, parser):
        parser.add_argument(
            "--pageviews",
            type=int,
            default=20000,
            help="Page views of demo traffic over the past year (added once; 1000000 for a benchmark-sized year)",
        )

    def handle(self, *args, **options):
        # Demo leads must not email the managers about themselves.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            with transaction.atomic():
                admin = accounts_demo.load()
                crm_demo.load()
                site_demo.load()
            with transaction.atomic():
                portfolio_demo.load()
                portfolio_demo.load_reviews()
            traffic = analytics_demo.load(pageviews=options["pageviews"])
        if traffic["pageviews"]:
            self.stdout.write(f"Demo traffic: {traffic['pageviews']} page views over the past year, rolled up.")
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
        # SITE_URL is where `make run` serves (it follows HOST and PORT).
        self.stdout.write(
            f"  site:      {settings.SITE_URL}/\n"
            f"  admin:     {settings.SITE_URL}/admin/\n"
            f"  API docs:  {settings.SITE_URL}/api/docs\n"
            "Demo admin (the demo manager manager@baimuras.local and client client@baimuras.local\n"
            "use the same password):\n"
            f"  email:     {admin['email']}\n"
            f"  password:  {admin['password']}"
        )
