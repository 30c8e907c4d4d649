from django.core.management.base import BaseCommand

from apps.consultations.services import send_due_reminders


class Command(BaseCommand):
    help = "Send the consultation reminders that are due (24 h and 2 h before). Safe to run as often as you like."

    def handle(self, *args, **options):
        claimed = send_due_reminders()
        self.stdout.write(f"{len(claimed)} reminder(s) queued.")
