"""What partners of the API receive: the change feed of public entries and webhook deliveries."""

import base64
import binascii
import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeEvent(models.TextChoices):
    PUBLISH = "publish", _("Published")
    UNPUBLISH = "unpublish", _("Unpublished")
    DELETE = "delete", _("Deleted")


class Change(models.Model):
    """One event of the change feed: an entry in one language became public, changed, or went away."""

    sequence = models.BigIntegerField(unique=True, verbose_name=_("sequence"))
    event = models.CharField(max_length=10, choices=ChangeEvent.choices, verbose_name=_("event"))
    entry_id = models.UUIDField(verbose_name=_("entry id"))
    lang = models.CharField(max_length=8, verbose_name=_("language"))
    kind = models.CharField(max_length=10, verbose_name=_("kind"))
    slug = models.SlugField(max_length=255, allow_unicode=True, verbose_name=_("slug"))
    title = models.CharField(max_length=255, verbose_name=_("title"))
    url = models.URLField(max_length=500, blank=True, verbose_name=_("public URL"))
    occurred_at = models.DateTimeField(verbose_name=_("time"))

    class Meta:
        ordering = ["sequence"]
        indexes = [models.Index(fields=["entry_id", "lang", "sequence"])]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self):
        return f"{self.sequence} {self.event} {self.lang} {self.slug}"


SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """A Standard Webhooks secret: whsec_ and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def validate_secret(value: str) -> None:
    """What every Standard Webhooks library accepts: whsec_ and 24 to 64 bytes in base64."""
    try:
        key = base64.b64decode(value.removeprefix(SECRET_PREFIX), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if not value.startswith(SECRET_PREFIX) or not 24 <= len(key) <= 64:
        raise ValidationError(
            _("A secret is whsec_ followed by 24 to 64 bytes in base64 (Standard Webhooks).")
        )


class WebhookEndpoint(models.Model):
    """A partner's URL that receives a signed POST for every event it subscribed to."""

    name = models.CharField(max_length=120, verbose_name=_("name"))
    url = models.URLField(max_length=500, verbose_name=_("URL"))
    secret = models.CharField(
        max_length=128,
        default=new_secret,
        validators=[validate_secret],
        verbose_name=_("secret"),
        help_text=_(
            "Shared with the partner; signs every delivery as Standard Webhooks does "
            "(whsec_ and base64)."
        ),
    )
    events = models.JSONField(default=list, verbose_name=_("events"))
    languages = models.JSONField(default=list, verbose_name=_("languages"))
    active = models.BooleanField(default=True, verbose_name=_("active"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return self.name

    def wants(self, change: Change) -> bool:
        return change.event in self.events and change.lang in self.languages


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RETRYING = "retrying", _("Retrying")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One event sent to one endpoint, with every attempt at it."""

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("endpoint"),
    )
    change = models.ForeignKey(
        Change, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("change")
    )
    payload = models.TextField(verbose_name=_("payload"))
    status = models.CharField(
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        verbose_name=_("status"),
    )
    attempt_count = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    next_attempt_at = models.DateTimeField(null=True, blank=True, verbose_name=_("next attempt"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self):
        return f"{self.change} → {self.endpoint}"

    def attempt_log(self) -> str:
        """Every attempt, one a line, for the admin."""
        return (
            "\n".join(
                f"{a.number}. {a.attempted_at:%Y-%m-%d %H:%M:%S} "
                f"{a.status_code or '-'} {a.error} ({a.duration_ms} ms)"
                for a in self.attempts.all()
            )
            or "-"
        )

    attempt_log.short_description = _("attempts")


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField(verbose_name=_("attempt"))
    attempted_at = models.DateTimeField(verbose_name=_("time"))
    status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("HTTP status")
    )
    error = models.TextField(blank=True, verbose_name=_("error"))
    duration_ms = models.PositiveIntegerField(default=0, verbose_name=_("duration (ms)"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("delivery attempt")

    def __str__(self):
        return f"{self.number}: {self.status_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
