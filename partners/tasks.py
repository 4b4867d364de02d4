"""Background work: deliver one webhook attempt, then schedule the next if it failed."""

from django_tasks import default_task_backend, task

from .models import DeliveryStatus, WebhookDelivery


@task()
def deliver_webhook(delivery_id: int) -> str:
    delivery = (
        WebhookDelivery.objects.select_related("endpoint", "change").filter(pk=delivery_id).first()
    )
    if delivery is None or delivery.status in (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED):
        return "skipped"
    from .webhooks import attempt, enqueue

    attempt(delivery)
    # Backends that can run a task later retry by themselves; with the others,
    # `manage.py retry_webhooks` (e.g. from cron) sends the deliveries that are due.
    if delivery.status == DeliveryStatus.RETRYING and default_task_backend.supports_defer:
        enqueue([delivery.pk], run_after=delivery.next_attempt_at)
    return delivery.status
