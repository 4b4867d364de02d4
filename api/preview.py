"""Token-protected preview of draft entries for partner front ends: GET /api/v1/preview/?token=…

An editor issues a token from the page editor ("Preview in a partner front end"); it names one
revision of one page (the latest when it was issued: a later draft needs a new token), expires
after PREVIEW_TOKEN_MAX_AGE_SECONDS and can be revoked in the admin (Settings → Preview tokens).
The endpoint answers with that revision in the shape of the full entry (schemas.EntryPreview: the
detail, marked `preview: true`). Nothing else is reachable with it.
"""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from methods.visibility import is_publicly_visible

from . import serializers
from .errors import ApiError
from .models import PreviewToken


def preview_url(token: str) -> str:
    """The API address a partner front end fetches the draft from."""
    return f"{settings.API_BASE_URL}{reverse('api-v1:entry_preview')}?token={token}"


def partner_preview_url(token: str) -> str:
    """The partner front end's own preview address, when PARTNER_PREVIEW_URL is configured."""
    template = getattr(settings, "PARTNER_PREVIEW_URL", "")
    if not template:
        return ""
    return template.replace("{token}", token)


def previewed_token(key: str) -> PreviewToken:
    """The token with this key, when it still opens its revision; else an ApiError saying why."""
    token = PreviewToken.find(key)
    if token is None:
        raise ApiError(403, "token_invalid", _("The preview token is not valid."))
    if token.revoked:
        raise ApiError(403, "token_revoked", _("The preview token has been revoked."))
    if token.expired:
        raise ApiError(403, "token_expired", _("The preview token has expired."))
    if token.revision is None or token.page_id is None:
        raise ApiError(404, "not_found", _("The previewed entry no longer exists."))
    return token


def preview_response(request, key: str) -> HttpResponse:
    """The token's revision as an EntryPreview; never cached, never indexed."""
    try:
        token = previewed_token(key)
        page = token.page.specific
        # The live revision is the page itself (as Wagtail's own preview has it); others are read
        # from the revision.
        draft = page if token.revision_id == page.live_revision_id else token.revision.as_object()
        context = serializers.Context(request, page.locale.language_code)
        status = 200
        body = serializers.entry_preview(draft, context, live=is_publicly_visible(page))
        body = body.model_dump_json()
    except ApiError as error:
        status, body = error.status, error.json()
    response = HttpResponse(body, status=status, content_type="application/json")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
