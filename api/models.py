"""Preview tokens: a partner front end's view of one revision of one entry, short-lived and
revocable from the admin (Settings → Preview tokens)."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class PreviewToken(models.Model):
    # Only the key's hash is kept: the database alone cannot open a preview.
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("page"),
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revision"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked = models.BooleanField(
        _("revoked"), default=False, help_text=_("A revoked token opens nothing.")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("preview token")
        verbose_name_plural = _("preview tokens")

    def __str__(self):
        return f"{self.page} ({self.created_at:%Y-%m-%d %H:%M})"

    @classmethod
    def issue(cls, page, user=None) -> str:
        """A new token for the page's latest revision; the key, which is shown only now."""
        page = type(page).objects.select_related("latest_revision").get(pk=page.pk)  # fresh
        revision = page.latest_revision or page.save_revision(user=user, log_action=False)
        key = secrets.token_urlsafe(32)
        cls.objects.create(
            key_hash=_hash(key),
            page=page,
            revision=revision,
            created_by=user,
            expires_at=timezone.now() + timedelta(seconds=settings.PREVIEW_TOKEN_MAX_AGE_SECONDS),
        )
        return key

    @classmethod
    def find(cls, key: str) -> "PreviewToken | None":
        return cls.objects.filter(key_hash=_hash(key)).select_related("revision").first()

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()


class StoredDocument(models.Model):
    """An entry's answer in one language, rendered by the serializers when the entry (or anything
    it shows) changed and kept as JSON, so that an uncached answer is one read (api.stored).

    Only public entries have a document. `body` is empty when what it showed has changed since;
    `version` is the content version read before it was rendered, and a document is never
    replaced by one rendered from older content."""

    class Kind(models.TextChoices):
        DETAIL = "detail", _("full entry")
        SUMMARY = "summary", _("list summary")

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    translation_key = models.UUIDField()
    language = models.CharField(max_length=8)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    slug = models.CharField(max_length=255)
    body = models.TextField(null=True)
    version = models.BigIntegerField()
    # which code and translations rendered it (api.stored.renderer)
    renderer = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "language", "kind"], name="one_document_per_kind"
            )
        ]
        indexes = [
            models.Index(fields=["page", "kind"], name="stored_by_page"),
            models.Index(fields=["language", "slug", "kind"], name="stored_by_slug"),
        ]
        verbose_name = _("stored API document")

    def __str__(self):
        return f"{self.translation_key} {self.language} {self.kind}"


class DocumentStore(models.Model):
    """One row: documents rendered before `valid_from` are not served. A change that every
    entry may show (a facet label, a region's name, an image, the site) moves it."""

    valid_from = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("API document store")

    def __str__(self):
        return f"valid from {self.valid_from}"
