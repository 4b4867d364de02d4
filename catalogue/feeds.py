"""Atom feeds: one per language of new and updated entries and rating changes, and one per entry
and language ("watch this method") of its new versions and rating changes.

Only public entries appear (methods.visibility); an entry that is not public in a language has no
feed in it (404). Rich text goes through the public link handler (methods.richtext), so a link to
a page that is not public reads as plain text.
"""

import re
import uuid

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry
from wagtail.rich_text import expand_db_html

from methods.evidence import EvidenceLevel, level_code
from methods.models import EntryPage
from methods.rating_history import RatingChange
from methods.visibility import publicly_visible
from methods.vocabulary import language_codes, source_language

from .discovery import absolute, site_root_url
from .versioned import versioned_response

ITEMS = 50
ATOM = "application/atom+xml; charset=utf-8"
RELATIVE_HREF_RE = re.compile(r'(href|src)="/(?!/)')


class Item:
    """One entry of a feed."""

    def __init__(self, *, id, title, link, updated, published=None, html="", categories=()):
        self.id, self.title, self.link = id, title, link
        self.updated, self.published = updated, published or updated
        self.html, self.categories = html, list(categories)


def _absolute_links(html: str, root: str) -> str:
    """Relative addresses in rich text made absolute, so that a feed reader can follow them."""
    return RELATIVE_HREF_RE.sub(lambda match: f'{match.group(1)}="{root}/', html)


def _level(level) -> str:
    if level is None:
        return "–"
    return f"{level_code(level)} ({EvidenceLevel(level).label})"


def _public_entries(language: str):
    return publicly_visible(EntryPage.objects.filter(locale__language_code=language))


def entry_item(page: EntryPage, request) -> Item:
    """A public entry as one item: new when published once, updated after that."""
    new = (
        page.first_published_at is None
        or (page.last_published_at - page.first_published_at).total_seconds() < 60
    )
    state = _("New entry") if new else _("Updated entry")
    kind = _("Service model") if page.kind == "model" else _("Method")
    summary = f"<p>{escape(page.summary)}</p>"
    if page.evidence_level is not None:
        summary += f"<p>{_('Evidence rating')}: {escape(_level(page.evidence_level))}</p>"
    return Item(
        id=page.get_full_url(request),
        title=page.title,
        link=page.get_full_url(request),
        updated=page.last_published_at,
        published=page.first_published_at,
        html=summary,
        categories=[state, kind],
    )


def rating_item(change: RatingChange, page: EntryPage, request) -> Item:
    """A change of an entry's evidence rating, in the language of `page`."""
    url = page.get_full_url(request)
    sentence = _("Evidence rating changed from %(previous)s to %(new)s") % {
        "previous": _level(change.previous_level),
        "new": _level(change.new_level),
    }
    html = f"<p>{escape(sentence)}</p>"
    if page.locale.language_code == source_language() and change.rationale:
        # The recorded rationale is the source language's.
        html += _absolute_links(expand_db_html(change.rationale), site_root_url(request))
    return Item(
        id=f"{url}#rating-change-{change.pk}",
        title=_("%(title)s: evidence rating changed") % {"title": page.title},
        link=f"{url}#evidence",
        updated=change.changed_at,
        html=html,
        categories=[_("Evidence rating changed")],
    )


def language_items(language: str, request) -> list[Item]:
    entries = list(
        _public_entries(language).order_by("-last_published_at", "-pk").specific()[:ITEMS]
    )
    items = [entry_item(page, request) for page in entries]
    changes = list(RatingChange.objects.order_by("-changed_at", "-pk")[: ITEMS * 2])
    pages = {
        page.translation_key: page
        for page in _public_entries(language)
        .filter(translation_key__in={change.entry_key for change in changes})
        .specific()
    }
    items += [
        rating_item(change, pages[change.entry_key], request)
        for change in changes
        if change.entry_key in pages
    ]
    return sorted(items, key=lambda item: item.updated, reverse=True)[:ITEMS]


def entry_items(page: EntryPage, request) -> list[Item]:
    """The publications of one entry in one language and the changes of its rating."""
    url = page.get_full_url(request)
    publications = PageLogEntry.objects.filter(page=page, action="wagtail.publish").order_by(
        "-timestamp", "-pk"
    )[:ITEMS]
    items = []
    for log in publications:
        items.append(
            Item(
                id=f"{url}#published-{log.pk}",
                title=_("%(title)s: new version published") % {"title": page.title},
                link=url,
                updated=log.timestamp,
                html="<p>{}</p>".format(
                    escape(
                        _("A new version was published on %(date)s.")
                        % {"date": date_format(log.timestamp, "DATE_FORMAT")}
                    )
                ),
                categories=[_("New version")],
            )
        )
    if items:
        # The newest item carries what the entry now says.
        items[0].html += f"<p>{escape(page.summary)}</p>"
    items += [
        rating_item(change, page, request)
        for change in RatingChange.objects.filter(entry_key=page.translation_key)[:ITEMS]
    ]
    return sorted(items, key=lambda item: item.updated, reverse=True)[:ITEMS]


class _AtomFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, request, language: str):
        super().__init__()
        self.request, self.language_code = request, language

    def feed_url(self):
        return absolute(self.request, self.request.path)

    def item_title(self, item: Item):
        return item.title

    def item_link(self, item: Item):
        return item.link

    def item_guid(self, item: Item):
        return item.id

    def item_guid_is_permalink(self, item: Item):
        return False

    def item_description(self, item: Item):
        return item.html

    def item_updateddate(self, item: Item):
        return item.updated

    def item_pubdate(self, item: Item):
        return item.published

    def item_categories(self, item: Item):
        return item.categories

    def author_name(self):
        return _("Methods library")


class LanguageFeed(_AtomFeed):
    def get_object(self, request, *args, **kwargs):
        return None

    def title(self):
        return "{} – {}".format(_("Methods library"), _("New and updated entries"))

    def subtitle(self):
        return _("New and updated methods and service models, and changes of evidence ratings.")

    def link(self):
        return absolute(self.request, f"/{self.language_code}/")

    def feed_guid(self):
        return self.feed_url()

    def items(self):
        return language_items(self.language_code, self.request)


class EntryFeed(_AtomFeed):
    def __init__(self, request, language: str, page: EntryPage):
        super().__init__(request, language)
        self.page = page

    def get_object(self, request, *args, **kwargs):
        return self.page

    def title(self, page):
        return "{} – {}".format(
            _("Methods library"), _("Changes to %(title)s") % {"title": page.title}
        )

    def subtitle(self, page):
        return page.summary

    def link(self, page):
        return page.get_full_url(self.request)

    def feed_guid(self, page):
        return self.feed_url()

    def items(self, page):
        return entry_items(page, self.request)


def _language(language: str) -> str:
    if language not in language_codes():
        raise Http404("No such language")
    return language


def language_feed(request, language: str):
    """/feeds/<language>.atom"""
    language = _language(language)

    def build() -> bytes:
        with translation.override(language):
            return LanguageFeed(request, language)(request).content

    return versioned_response(request, f"feed:{site_root_url(request)}:{language}", build, ATOM)


def entry_feed(request, language: str, entry: uuid.UUID):
    """/feeds/<language>/<entry id>.atom"""
    language = _language(language)
    page = _public_entries(language).filter(translation_key=entry).specific().first()
    if page is None:
        raise Http404("No public entry with this id in this language")

    def build() -> bytes:
        with translation.override(language):
            return EntryFeed(request, language, page)(request).content

    return versioned_response(
        request, f"feed:{site_root_url(request)}:{language}:{entry}", build, ATOM
    )
