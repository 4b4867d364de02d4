"""Send the webhook deliveries whose retry is due (for task backends that cannot run tasks later)."""

from django.core.management.base import BaseCommand

from partners.tasks import deliver_webhook
from partners.webhooks import due_deliveries


class Command(BaseCommand):
    help = "Retry the webhook deliveries whose next attempt is due."

    def handle(self, *args, **options):
        count = 0
        for delivery in due_deliveries():
            deliver_webhook.enqueue(delivery.pk)
            count += 1
        self.stdout.write(f"{count} deliveries retried")
