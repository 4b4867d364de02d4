"""The <head> of every public page (canonical and language alternates, description, feeds,
JSON-LD) and the visible links to its feeds."""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from methods.vocabulary import language_codes, source_language

from ..discovery import feed_links, head
from ..routing import kept_for_page

register = template.Library()


@register.simple_tag(takes_context=True)
def discovery_head(context, page=None):
    """For a Wagtail page, from the page; a view that is not one may give its own `discovery`
    ({canonical, alternates, description}) in its context."""
    request = context.get("request")

    def build():
        found = head(page, request)
        if not isinstance(page, Page) and context.get("discovery"):
            found.update(context["discovery"])
        return render_to_string("catalogue/includes/discovery_head.html", found)

    return kept_for_page(request, page, "discovery head", build)


def _language() -> str:
    language = translation.get_language()
    return language if language in language_codes() else source_language()


@register.simple_tag(takes_context=True)
def feed_list(context, page=None):
    """Visible links to the Atom feeds of the page (its language's; an entry's own) and to the
    open data."""
    page = page if isinstance(page, Page) and page.pk else None
    request = context.get("request")

    def build():
        return render_to_string(
            "catalogue/includes/feed_links.html",
            {
                "feeds": feed_links(page, request),
                "open_data_url": reverse("open_data_page", args=[_language()]),
            },
        )

    return kept_for_page(request, page, "feed list", build)
