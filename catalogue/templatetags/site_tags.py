"""Template helpers for the public site: the language switcher and links into the catalogue."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Page

from ..discovery import public_translations
from ..models import MethodIndexPage
from ..routing import at_own_address, catalogue_pages, kept_for_page

register = template.Library()


@register.simple_tag(takes_context=True)
def catalogue_url(context, language: str = "") -> str:
    """The catalogue of `language` (default: the current one)."""
    request = context.get("request")
    language = language or getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    page = catalogue_pages(request).get(language)
    return page.get_url(request) if page else f"/{language}/"


# Where the query string goes in a language switcher kept for the catalogue page's own address.
QUERY_SLOT = "\x00query\x00"


@register.simple_tag(takes_context=True)
def language_switcher(context, page=None):
    """A link per language: to the same page in that language, or to its catalogue with a notice.

    On the catalogue and compare pages the query string (filters, ids) carries over: facet codes
    and entry ids are the same in every language.
    """
    request = context.get("request")
    if not isinstance(page, Page):
        page = None  # pages that are not Wagtail pages (not found, the embed example)
    if not at_own_address(request, page):
        return _language_switcher(request, page, _suffix(request, page))
    # the catalogue's own address: the links are kept, with a slot for the query string (escaped
    # as the template escapes the rest of each address)
    html = kept_for_page(
        request,
        page,
        "language switcher",
        lambda: _language_switcher(request, page, (QUERY_SLOT, True)),
    )
    return mark_safe(html.replace(QUERY_SLOT, escape(_query(request))))


def _query(request) -> str:
    """The query string that the catalogue's links to other languages carry (not the page)."""
    query = request.GET.copy()
    query.pop("partial", None)
    query.pop("page", None)
    return f"?{query.urlencode()}" if query else ""


def _suffix(request, page) -> tuple[str, bool]:
    """What follows the address of each translation (a route of the catalogue page and its
    query), and whether the links follow the filters chosen after the page loaded."""
    if page is None or not isinstance(page, MethodIndexPage) or not request:
        return "", False
    own_url = page.get_url(request) or ""
    route = request.path[len(own_url) :] if request.path.startswith(own_url) else ""
    return route + _query(request), route == ""


def _language_switcher(request, page, suffix: tuple[str, bool]) -> str:
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    translations = public_translations(page, request) if page is not None and page.pk else {}
    catalogues = catalogue_pages(request)
    suffix, follows_filters = suffix
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
    return render_to_string("catalogue/includes/language_switcher.html", {"links": links})
