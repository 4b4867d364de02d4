"""GET /api/v1/autocomplete/: suggestions for a search box as it is typed."""

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from search.suggestions import suggestions


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
