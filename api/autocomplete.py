"""GET /api/v1/autocomplete/: suggestions for a search box as it is typed."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from methods.vocabulary import language_codes
from search.suggestions import suggestions


@require_GET
def autocomplete(request):
    """GET /api/v1/autocomplete/?q=&lang= -> {"suggestions": [{id, title, match, url}]}."""
    languages = language_codes()
    language = request.GET.get("lang", "")
    if language not in languages:
        return JsonResponse(
            {"error": f"lang must be one of {', '.join(languages)}; got {language!r}"}, status=400
        )
    return JsonResponse({"suggestions": suggestions(request.GET.get("q", ""), language, request)})
