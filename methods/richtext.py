"""Rich text as the public reads it: an internal link survives only when its target is public.

Wagtail expands stored rich text (`<a linktype="page" id="…">`) with the link handler registered
for "page"; ours (registered in methods/wagtail_hooks.py) asks methods.visibility which targets are
public, and a link to any other page loses its target (`<a>`, read as plain text). The site's
`richtext` filter, Wagtail's API v2 and the partner API all expand through it, and every content
event bumps the content version that keys their caches, so an unpublished target stops being
linked at once.
"""

from django.utils.html import escape
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from .visibility import is_publicly_visible, publicly_visible


def _id(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def public_link_targets(attrs_list: list[dict]) -> list[Page | None]:
    """The public page each `<a linktype="page">` points to, None for any other; one query."""
    ids = [_id(attrs.get("id")) for attrs in attrs_list]
    pages = {
        page.pk: page
        for page in publicly_visible(
            Page.objects.filter(pk__in=[i for i in ids if i])
        ).select_related("locale")
    }
    return [pages.get(page_id) for page_id in ids]


class PublicPageLinkHandler(PageLinkHandler):
    """Page links to public pages only, in the reader's language when that translation is public."""

    @classmethod
    def get_many(cls, attrs_list: list[dict]) -> list[Page | None]:
        return public_link_targets(attrs_list)

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        links = []
        for page in cls.get_many(attrs_list):
            if page is None:
                links.append("<a>")
                continue
            localized = page.localized
            if localized.pk != page.pk and not is_publicly_visible(localized):
                localized = page
            links.append(f'<a href="{escape(localized.url)}">')
        return links
