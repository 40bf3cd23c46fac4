from django.core.management.base import BaseCommand

from panels.services.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "Email the reminders that are due (together sessions and interviews in the next two days, "
        "scoring that ends within three), each once per person. Safe to run as often as you like."
    )

    def handle(self, *args, **options):
        counts = send_due_reminders()
        self.stdout.write(
            f"Reminders stored: {counts['session']} for together sessions, {counts['interview']} for interviews, "
            f"{counts['scoring']} for scoring."
        )
