"""Template helpers for the public site: the language switcher and links into the catalogue."""

from django import template
from django.conf import settings
from wagtail.models import Page

from ..discovery import public_translations
from ..models import MethodIndexPage
from ..routing import catalogue_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def catalogue_url(context, language: str = "") -> str:
    """The catalogue of `language` (default: the current one)."""
    request = context.get("request")
    language = language or getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    page = catalogue_pages(request).get(language)
    return page.get_url(request) if page else f"/{language}/"


@register.inclusion_tag("catalogue/includes/language_switcher.html", takes_context=True)
def language_switcher(context, page=None):
    """A link per language: to the same page in that language, or to its catalogue with a notice.

    On the catalogue and compare pages the query string (filters, ids) carries over: facet codes
    and entry ids are the same in every language.
    """
    request = context.get("request")
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    if not isinstance(page, Page):
        page = None  # pages that are not Wagtail pages (not found, the embed example)
    translations = public_translations(page, request) if page is not None and page.pk else {}
    catalogues = catalogue_pages(request)
    suffix = ""
    follows_filters = False  # the catalogue's links take the filters chosen after the page loaded
    if page is not None and isinstance(page, MethodIndexPage) and request:
        own_url = page.get_url(request) or ""
        route = request.path[len(own_url) :] if request.path.startswith(own_url) else ""
        query = request.GET.copy()
        query.pop("partial", None)
        query.pop("page", None)
        suffix = route + (f"?{query.urlencode()}" if query else "")
        follows_filters = route == ""
    links = []
    for code, name in settings.LANGUAGES:
        translation = translations.get(code)
        if translation is not None:
            url = translation.get_url(request) + suffix
            translated = True
        else:
            fallback = catalogues.get(code)
            url = fallback.get_url(request) if fallback else f"/{code}/"
            translated = page is None
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "current": code == current,
                "translated": translated,
                "follows_filters": follows_filters and translation is not None,
            }
        )
    return {"links": links}
