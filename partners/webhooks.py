"""Webhook deliveries: one signed POST per event and endpoint, retried with exponential back-off.

Publishing only records deliveries and, once the transaction commits, enqueues a task per delivery;
the HTTP request happens in the task, so a slow or dead receiver never slows an editor down.

Requests are signed as the Standard Webhooks specification says (the `standardwebhooks` package):
`webhook-id` (the same on every retry of one delivery), `webhook-timestamp` (Unix seconds) and
`webhook-signature` (`v1,` + base64 of HMAC-SHA256 over "id.timestamp.body" with the endpoint's
secret), so partners verify them with a Standard Webhooks library in their own language. Receivers
reject old timestamps and ids they have seen, which makes a captured request useless for a replay.
"""

import datetime
import json
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from .models import Change, DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint


def signed_headers(delivery: WebhookDelivery, body: bytes) -> dict[str, str]:
    """The Standard Webhooks headers of one attempt at a delivery."""
    message_id = f"delivery-{delivery.pk}"
    now = timezone.now()
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(delivery.endpoint.secret).sign(message_id, now, body),
    }


def create_deliveries(change: Change) -> list[WebhookDelivery]:
    """Record a delivery for every endpoint that wants this event; send them after commit."""
    from .feed import change_payload

    endpoints = [e for e in WebhookEndpoint.objects.filter(active=True) if e.wants(change)]
    if not endpoints:
        return []
    body = json.dumps(change_payload(change, settings.API_BASE_URL), ensure_ascii=False)
    deliveries = [
        WebhookDelivery.objects.create(endpoint=endpoint, change=change, payload=body)
        for endpoint in endpoints
    ]
    ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: enqueue(ids))
    return deliveries


def enqueue(delivery_ids: list[int], run_after: datetime.datetime | None = None) -> None:
    from .tasks import deliver_webhook

    task = deliver_webhook.using(run_after=run_after) if run_after else deliver_webhook
    for delivery_id in delivery_ids:
        task.enqueue(delivery_id)


def retry_delay(attempt_number: int) -> datetime.timedelta:
    """Back-off after the given failed attempt: base, 2×base, 4×base … capped."""
    seconds = settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempt_number - 1)
    return datetime.timedelta(seconds=min(seconds, settings.WEBHOOK_RETRY_MAX_SECONDS))


def attempt(delivery: WebhookDelivery) -> WebhookAttempt:
    """Make one attempt, record it, and decide what happens next (done, retry at a time, failed)."""
    number = delivery.attempt_count + 1
    body = delivery.payload.encode()
    request = urllib.request.Request(
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "lape-methods-webhooks/1",
            **signed_headers(delivery, body),
        },
    )
    started = time.monotonic()
    status_code, error = None, ""
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            status_code = response.status
    except urllib.error.HTTPError as failure:
        status_code, error = failure.code, f"HTTP {failure.code}"
    except (OSError, ValueError) as failure:  # refused, timed out, DNS, bad URL
        error = str(failure) or failure.__class__.__name__
    record = WebhookAttempt.objects.create(
        delivery=delivery,
        number=number,
        attempted_at=timezone.now(),
        status_code=status_code,
        error=error[:1000],
        duration_ms=int((time.monotonic() - started) * 1000),
    )
    delivery.attempt_count = number
    if record.succeeded:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.DELIVERED, None
    elif number >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    else:
        delivery.status = DeliveryStatus.RETRYING
        delivery.next_attempt_at = record.attempted_at + retry_delay(number)
    delivery.save(update_fields=["attempt_count", "status", "next_attempt_at"])
    return record


def due_deliveries():
    """Deliveries waiting for a retry whose time has come (for backends that cannot defer)."""
    return WebhookDelivery.objects.filter(
        status=DeliveryStatus.RETRYING, next_attempt_at__lte=timezone.now()
    ).select_related("endpoint", "change")
