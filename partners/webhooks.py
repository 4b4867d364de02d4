"""Webhook deliveries: one signed POST per event and endpoint, retried with exponential back-off.

Publishing only records deliveries and, once the transaction commits, enqueues a task per delivery;
the HTTP request happens in the task, so a slow or dead receiver never slows an editor down.

Signature: `X-Lape-Signature: sha256=<hex>` where hex = HMAC-SHA256(secret, f"{timestamp}." + body)
and timestamp is the `X-Lape-Timestamp` header (Unix seconds). Receivers reject old timestamps and
repeated `X-Lape-Delivery` ids, which makes a captured request useless for a replay.
"""

import datetime
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Change, DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint

SIGNATURE_HEADER = "X-Lape-Signature"
TIMESTAMP_HEADER = "X-Lape-Timestamp"
DELIVERY_HEADER = "X-Lape-Delivery"
EVENT_HEADER = "X-Lape-Event"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


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
    timestamp = int(time.time())
    request = urllib.request.Request(
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "lape-methods-webhooks/1",
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: sign(delivery.endpoint.secret, timestamp, body),
            DELIVERY_HEADER: str(delivery.pk),
            EVENT_HEADER: delivery.change.event,
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
