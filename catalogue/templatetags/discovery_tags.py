"""The <head> of every public page (canonical and language alternates, description, feeds,
JSON-LD) and the visible links to its feeds."""

from django import template
from wagtail.models import Page

from ..discovery import feed_links, head

register = template.Library()


@register.inclusion_tag("catalogue/includes/discovery_head.html", takes_context=True)
def discovery_head(context, page=None):
    return head(page, context.get("request"))


@register.inclusion_tag("catalogue/includes/feed_links.html", takes_context=True)
def feed_list(context, page=None):
    """Visible links to the Atom feeds of the page (its language's; an entry's own)."""
    page = page if isinstance(page, Page) and page.pk else None
    return {"feeds": feed_links(page, context.get("request"))}
