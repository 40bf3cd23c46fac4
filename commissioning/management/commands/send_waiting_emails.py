"""Send every waiting email that is due: run it from cron, or by hand once the mail server is back."""

from django.core.management.base import BaseCommand

from commissioning.emails import send_waiting_emails


class Command(BaseCommand):
    help = "Send every email in the outbox that is waiting and due."

    def handle(self, *args, **options):
        counts = send_waiting_emails()
        self.stdout.write(
            f"{counts['sent']} sent, {counts['waiting']} still waiting, {counts['failed']} given up"
            f" ({counts['skipped']} left to another worker)."
        )
