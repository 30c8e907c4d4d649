from django.core.management.base import BaseCommand

from apps.analytics.services import rollups_run


class Command(BaseCommand):
    help = (
        "Roll up finished days of page views into daily figures, delete raw views past "
        "ANALYTICS_RAW_RETENTION_DAYS and old salts (what the hourly beat task does; run it from cron "
        "on the embedded default)."
    )

    def handle(self, *args, **options):
        result = rollups_run()
        self.stdout.write(
            f"Rolled up {result['rolled_up_days']} day(s); deleted {result['deleted_views']} raw page view(s) "
            f"and {result['deleted_salts']} salt(s)."
        )
