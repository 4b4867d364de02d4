"""Token-protected preview of draft entries for partner front ends: GET /api/v1/preview/?token=…

An editor gets a link with a signed, time-limited token from the page editor ("Preview in a partner
front end"); the token names one page, and the endpoint answers with the JSON of that page's latest
revision (draft included). Nothing else is reachable with it.
"""

from django.conf import settings
from django.core import signing
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from methods.evidence import level_code
from methods.models import RICH_TEXT_FIELD_NAMES, EntryPage
from methods.rating_history import api_rating_history
from methods.translation_status import api_translations

SALT = "methods.preview"
TEXT_FIELDS = ("summary", "licence", "owner_organisation", "owner_website", "contact_email")
HTML_FIELDS = tuple(name for name in RICH_TEXT_FIELD_NAMES if name != "evidence_rationale")
NUMBER_FIELDS = (
    "age_min",
    "age_max",
    "sessions_min",
    "sessions_max",
    "session_length_minutes",
    "duration_weeks_min",
    "duration_weeks_max",
)


def preview_token(page) -> str:
    return signing.dumps({"page": page.pk}, salt=SALT, compress=True)


def preview_url(page) -> str:
    """The API address a partner front end fetches the draft from."""
    return f"{reverse('entry_preview')}?token={preview_token(page)}"


def partner_preview_url(page) -> str:
    """The partner front end's own preview address, when PARTNER_PREVIEW_URL is configured."""
    template = getattr(settings, "PARTNER_PREVIEW_URL", "")
    if not template:
        return ""
    return template.replace("{token}", preview_token(page))


def _codes(pages) -> list[str]:
    return [facet.code for facet in pages.all()]


def entry_preview_data(page: EntryPage) -> dict:
    """The JSON of an entry as it stands in `page` (a revision's content, not necessarily live)."""
    data = {
        "id": page.entry_id,
        "kind": page.kind,
        "language": page.locale.language_code,
        "title": page.title,
        "slug": page.slug,
        "live": page.live,
        "alternative_names": page.alternative_names_list,
        "material_languages": page.material_languages_list,
        "training_available_in_finland": page.training_available_in_finland,
        "target_groups": _codes(page.target_groups),
        "service_areas": _codes(page.service_areas),
        "topics": _codes(page.topics),
        "delivery_formats": _codes(page.delivery_formats),
        "body": page.body.get_prep_value() if page.body else [],
    }
    for name in (*TEXT_FIELDS, *HTML_FIELDS, *NUMBER_FIELDS):
        data[name] = getattr(page, name)
    data["evidence"] = {
        "level": None if page.evidence_level is None else level_code(page.evidence_level),
        "no_effect_found": page.evidence_no_effect,
        "harmful_effects_found": page.evidence_harmful,
        "rationale": page.evidence_rationale,
        "last_reviewed": page.evidence_last_reviewed.isoformat()
        if page.evidence_last_reviewed
        else None,
        "references": [
            {"citation": ref.citation, "year": ref.year, "doi": ref.doi, "url": ref.url}
            for ref in page.references.all()
        ],
        "rating_history": api_rating_history(page),
    }
    data["translations"] = api_translations(page)
    return data


@require_GET
def entry_preview(request):
    token = request.GET.get("token", "")
    if not token:
        return JsonResponse({"error": "The token parameter is required."}, status=400)
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_TOKEN_MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        return JsonResponse({"error": "The preview token has expired."}, status=403)
    except signing.BadSignature:
        return JsonResponse({"error": "The preview token is not valid."}, status=403)
    page = EntryPage.objects.filter(pk=payload.get("page")).first()
    if page is None:
        return JsonResponse({"error": "The previewed entry no longer exists."}, status=404)
    draft = page.specific.get_latest_revision_as_object()
    response = JsonResponse({"preview": True, **entry_preview_data(draft)})
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
