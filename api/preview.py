"""Token-protected preview of draft entries for partner front ends: GET /api/v1/preview/?token=…

An editor gets a link with a signed, time-limited token from the page editor ("Preview in a partner
front end"); the token names one page, and the endpoint answers with that page's latest revision
(draft included) in the shape of the full entry (schemas.EntryPreview: the detail, marked
`preview: true`). Nothing else is reachable with it.
"""

from django.conf import settings
from django.core import signing
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from methods.models import EntryPage
from methods.visibility import is_publicly_visible

from . import serializers
from .errors import ApiError

SALT = "methods.preview"


def preview_token(page) -> str:
    return signing.dumps({"page": page.pk}, salt=SALT, compress=True)


def preview_url(page) -> str:
    """The API address a partner front end fetches the draft from."""
    return f"{settings.API_BASE_URL}{reverse('api-v1:entry_preview')}?token={preview_token(page)}"


def partner_preview_url(page) -> str:
    """The partner front end's own preview address, when PARTNER_PREVIEW_URL is configured."""
    template = getattr(settings, "PARTNER_PREVIEW_URL", "")
    if not template:
        return ""
    return template.replace("{token}", preview_token(page))


def previewed_page(token: str) -> EntryPage:
    """The page the token names, or an ApiError saying why there is none."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_TOKEN_MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise ApiError(403, "token_expired", _("The preview token has expired.")) from None
    except signing.BadSignature:
        raise ApiError(403, "token_invalid", _("The preview token is not valid.")) from None
    page = EntryPage.objects.filter(pk=payload.get("page")).select_related("locale").first()
    if page is None:
        raise ApiError(404, "not_found", _("The previewed entry no longer exists."))
    return page


def preview_response(request, token: str) -> HttpResponse:
    """The latest revision of the token's page as an EntryPreview; never cached, never indexed."""
    try:
        page = previewed_page(token)
        draft = page.specific.get_latest_revision_as_object()
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
