"""Webhooks: signed POSTs to partners' endpoints, delivered by a background task with retries."""

import datetime
import http.server
import json
import subprocess
import threading

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from partners.models import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
    new_secret,
    validate_secret,
)
from partners.webhooks import attempt, retry_delay
from tests.factories import MethodFactory, TargetGroupFactory
from tests.servers import ROOT


class Receiver:
    """A real HTTP server on loopback that records what it receives and answers `status`."""

    def __init__(self, status=204):
        self.status = status
        self.requests = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.stop()


def verify(secret: str, headers: dict, body: bytes) -> dict:
    """What the README tells partners to do with each delivery: the Standard Webhooks library."""
    return Webhook(secret).verify(body, headers)


VERIFY_IN_JAVASCRIPT = """
const { Webhook } = require("standardwebhooks");
const [secret, headers, body] = JSON.parse(require("fs").readFileSync(0, "utf8"));
try {
  console.log(JSON.stringify(new Webhook(secret).verify(body, headers)));
} catch (error) {
  console.log(JSON.stringify({ refused: String(error.message || error) }));
}
"""


def verify_in_javascript(secret: str, headers: dict, body: bytes) -> dict:
    """The same with the `standardwebhooks` npm package, in node."""
    result = subprocess.run(
        ["node", "-e", VERIFY_IN_JAVASCRIPT],
        input=json.dumps([secret, headers, body.decode()]),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_publishing_posts_a_signed_event_to_a_real_receiver(db, receiver, publish_on_commit):
    endpoint = WebhookEndpoint.objects.create(
        name="Partner", url=receiver.url, events=["publish", "unpublish"], languages=["fi"]
    )
    group = TargetGroupFactory(code="hook-group")
    page = publish_on_commit(lambda: MethodFactory(slug="hooked", target_groups=[group]))
    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    event = verify(endpoint.secret, headers, body)
    assert event["event"] == "publish" and event["id"] == str(page.translation_key)
    received = {name.lower(): value for name, value in headers.items()}
    assert received["webhook-id"] == f"delivery-{WebhookDelivery.objects.get().pk}"
    assert not [name for name in headers if name.lower().startswith("x-lape")]
    with pytest.raises(WebhookVerificationError):
        verify(new_secret(), headers, body)
    with pytest.raises(WebhookVerificationError):
        verify(endpoint.secret, headers, body.replace(b"publish", b"unpublish"))
    stale = {**received, "webhook-timestamp": str(int(received["webhook-timestamp"]) - 3600)}
    with pytest.raises(WebhookVerificationError):
        verify(endpoint.secret, stale, body)
    assert verify_in_javascript(endpoint.secret, headers, body) == event
    assert "refused" in verify_in_javascript(new_secret(), headers, body)

    publish_on_commit(page.unpublish)
    assert [verify(endpoint.secret, h, b)["event"] for h, b in receiver.requests] == [
        "publish",
        "unpublish",
    ]
    delivery = WebhookDelivery.objects.filter(endpoint=endpoint).first()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts.get().status_code == 204


def test_endpoints_get_only_the_events_and_languages_they_chose(db, receiver, publish_on_commit):
    WebhookEndpoint.objects.create(
        name="Swedish deletes", url=receiver.url, events=["delete"], languages=["sv"]
    )
    group = TargetGroupFactory(code="hook-group")
    publish_on_commit(lambda: MethodFactory(slug="not-for-them", target_groups=[group]))
    assert receiver.requests == []


def test_a_failing_receiver_is_retried_with_exponential_back_off(db, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    failing = Receiver(status=503)
    try:
        WebhookEndpoint.objects.create(
            name="Down", url=failing.url, events=["publish"], languages=["fi"]
        )
        MethodFactory(slug="retry-me", target_groups=[TargetGroupFactory(code="hook-group")])
        delivery = WebhookDelivery.objects.get()
        first = attempt(delivery)
        assert first.status_code == 503 and delivery.status == DeliveryStatus.RETRYING
        assert delivery.next_attempt_at - first.attempted_at == retry_delay(1)
        second = attempt(delivery)
        assert (
            delivery.next_attempt_at - second.attempted_at == retry_delay(2) == 2 * retry_delay(1)
        )
        attempt(delivery)
        assert delivery.status == DeliveryStatus.FAILED and delivery.next_attempt_at is None
        assert delivery.attempts.count() == len(failing.requests) == 3
    finally:
        failing.stop()


def test_a_dead_receiver_is_logged_not_raised(db):
    WebhookEndpoint.objects.create(
        name="Nobody", url="http://127.0.0.1:9/hook", events=["publish"], languages=["fi"]
    )
    MethodFactory(slug="nobody-home", target_groups=[TargetGroupFactory(code="hook-group")])
    delivery = WebhookDelivery.objects.get()
    record = attempt(delivery)
    assert record.status_code is None and record.error
    assert delivery.status == DeliveryStatus.RETRYING


def test_retry_delays_grow_and_are_capped(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    settings.WEBHOOK_RETRY_MAX_SECONDS = 600
    assert [retry_delay(n).total_seconds() for n in range(1, 7)] == [30, 60, 120, 240, 480, 600]


def test_publishing_only_enqueues_the_delivery(db, settings, receiver, publish_on_commit):
    """The request to the partner happens in a background task, never during publishing."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    WebhookEndpoint.objects.create(
        name="Slow", url=receiver.url, events=["publish"], languages=["fi"]
    )
    publish_on_commit(
        lambda: MethodFactory(slug="enqueued", target_groups=[TargetGroupFactory(code="hook-g")])
    )
    assert receiver.requests == []
    enqueued = [r for r in default_task_backend.results if r.task.name == "deliver_webhook"]
    assert len(enqueued) == 1
    assert WebhookDelivery.objects.get().status == DeliveryStatus.PENDING


def test_deliveries_are_visible_in_the_admin(admin_client, db):
    endpoint = WebhookEndpoint.objects.create(
        name="Visible partner", url="http://127.0.0.1:9/", events=["publish"], languages=["fi"]
    )
    MethodFactory(slug="admin-visible", target_groups=[TargetGroupFactory(code="hook-group")])
    delivery = WebhookDelivery.objects.get()
    attempt(delivery)
    listing = admin_client.get("/admin/partners/webhook-deliveries/")
    assert listing.status_code == 200 and b"Visible partner" in listing.content
    inspect = admin_client.get(f"/admin/partners/webhook-deliveries/inspect/{delivery.pk}/")
    assert inspect.status_code == 200 and b"admin-visible" in inspect.content
    assert (
        admin_client.get(f"/admin/partners/webhook-endpoints/edit/{endpoint.pk}/").status_code
        == 200
    )
    assert admin_client.get("/admin/partners/webhook-deliveries/new/").status_code in (302, 403)
    assert timezone.now() - delivery.created_at < datetime.timedelta(minutes=5)


def test_secrets_are_in_the_standard_form_every_library_reads():
    secret = new_secret()
    assert secret.startswith("whsec_")
    validate_secret(secret)
    for wrong in ("sha256-secret", "whsec_short", "whsec_not base64!"):
        with pytest.raises(ValidationError):
            validate_secret(wrong)


def test_secrets_made_before_keep_their_key(db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    module = __import__(
        "partners.migrations.0003_standard_webhooks_secrets",
        fromlist=["keep_keys_in_standard_form"],
    )
    old = WebhookEndpoint.objects.create(
        name="Old", url="http://127.0.0.1:9/", events=["publish"], languages=["fi"]
    )
    WebhookEndpoint.objects.filter(pk=old.pk).update(
        secret="an-old-urlsafe-secret-of-43-characters-xyz"
    )
    state = MigrationExecutor(connection).loader.project_state(
        ("partners", "0003_standard_webhooks_secrets")
    )
    module.keep_keys_in_standard_form(state.apps, None)
    old.refresh_from_db()
    validate_secret(old.secret)
    body = b'{"event": "publish"}'
    stamp = datetime.datetime.now(datetime.UTC)
    legacy_key = Webhook(b"an-old-urlsafe-secret-of-43-characters-xyz")
    assert Webhook(old.secret).sign("m", stamp, body) == legacy_key.sign("m", stamp, body)
