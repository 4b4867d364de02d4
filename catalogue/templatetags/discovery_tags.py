"""The <head> of every public page (canonical and language alternates, description, feeds,
JSON-LD) and the visible links to its feeds."""

from django import template
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from methods.vocabulary import language_codes, source_language

from ..discovery import feed_links, head

register = template.Library()


@register.inclusion_tag("catalogue/includes/discovery_head.html", takes_context=True)
def discovery_head(context, page=None):
    """For a Wagtail page, from the page; a view that is not one may give its own `discovery`
    ({canonical, alternates, description}) in its context."""
    found = head(page, context.get("request"))
    if not isinstance(page, Page) and context.get("discovery"):
        found.update(context["discovery"])
    return found


def _language() -> str:
    language = translation.get_language()
    return language if language in language_codes() else source_language()


@register.inclusion_tag("catalogue/includes/feed_links.html", takes_context=True)
def feed_list(context, page=None):
    """Visible links to the Atom feeds of the page (its language's; an entry's own) and to the
    open data."""
    page = page if isinstance(page, Page) and page.pk else None
    request = context.get("request")
    return {
        "feeds": feed_links(page, request),
        "open_data_url": reverse("open_data_page", args=[_language()]),
    }
