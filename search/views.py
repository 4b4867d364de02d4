"""Autocomplete for search boxes: titles and alternative names that start like what was typed."""

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from . import engine
from .matching import clean_query
from .service import public_entries

MAX_SUGGESTIONS = 8


@require_GET
def autocomplete(request):
    """GET /api/v1/autocomplete/?q=&lang= -> {"suggestions": [{id, title, match, url}]}."""
    languages = [code for code, _name in settings.LANGUAGES]
    language = request.GET.get("lang", "")
    if language not in languages:
        return JsonResponse(
            {"error": f"lang must be one of {', '.join(languages)}; got {language!r}"}, status=400
        )
    return JsonResponse({"suggestions": suggestions(request.GET.get("q", ""), language, request)})


def suggestions(text: str, language: str, request=None) -> list[dict]:
    found = engine.suggest(clean_query(text), language, MAX_SUGGESTIONS)
    if not found:
        return []
    pages = {
        page.pk: page
        for page in public_entries(language).filter(pk__in=[pk for pk, _t, _m in found])
    }
    return [
        {
            "id": pages[pk].entry_id,
            "title": title,
            "match": name,
            "url": pages[pk].get_url(request),
        }
        for pk, title, name in found
        if pk in pages
    ]
