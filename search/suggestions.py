"""Suggestions for search boxes: titles and alternative names that start like what was typed."""

from . import engine
from .matching import clean_query
from .service import public_entries

MAX_SUGGESTIONS = 8


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
