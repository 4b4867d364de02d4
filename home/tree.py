"""Builds the page tree every language needs: a home page per language and a method index under it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from wagtail.models import Locale, Page, Site

from catalogue.models import MethodIndexPage
from methods.content_version import bump_version

from .models import HomePage

TREE = {
    "fi": {"home": "Menetelmäkirjasto", "index": "Menetelmät", "index_slug": "menetelmat"},
    "sv": {"home": "Metodbiblioteket", "index": "Metoder", "index_slug": "metoder"},
    "en": {"home": "Methods library", "index": "Methods", "index_slug": "methods"},
}
SOURCE_LANGUAGE = "fi"


def site_address(url: str) -> tuple[str, int]:
    """(hostname, port) of the Wagtail Site that serves `url` (SITE_URL)."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(f"SITE_URL={url!r} is not an http:// or https:// address.")
    if parts.scheme == "https" and port != 443 or parts.scheme == "http" and port == 443:
        raise ImproperlyConfigured(
            f"SITE_URL={url!r}: Wagtail serves https on port 443 only and http on any other."
        )
    return parts.hostname, port


@transaction.atomic
def ensure_site_tree() -> dict[str, MethodIndexPage]:
    """Create whatever is missing of the tree and return {language: method index page}.

    The Finnish home page is the site root; the Swedish and English home pages are its
    translations, so Wagtail serves them under /sv/ and /en/. The site's address is SITE_URL's,
    so that every public link (pages, the API's `url`, widgets) opens on it.
    """
    hostname, port = site_address(settings.SITE_URL)
    source_locale = Locale.objects.get(language_code=SOURCE_LANGUAGE)
    root = Page.get_first_root_node()
    source_home = HomePage.objects.filter(locale=source_locale, depth=2).first()
    if source_home is None:
        source_home = HomePage(title=TREE["fi"]["home"], slug="koti", locale=source_locale)
        root.add_child(instance=source_home)
        source_home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname, port=port, root_page=source_home, is_default_site=True
        )
    else:
        if (site.hostname, site.port) != (hostname, port):
            site.hostname, site.port = hostname, port
            site.save()
            bump_version()  # cached answers carry the old address
        if site.root_page_id != source_home.pk:
            old_root = site.root_page
            site.root_page = source_home
            site.save()
            if old_root.depth == 2 and not isinstance(old_root.specific, HomePage):
                old_root.delete()  # Wagtail's placeholder welcome page

    indexes = {}
    for language, names in TREE.items():
        locale = Locale.objects.get(language_code=language)
        home = HomePage.objects.filter(
            locale=locale, translation_key=source_home.translation_key
        ).first()
        if home is None:
            home = HomePage(
                title=names["home"],
                slug=f"koti-{language}" if language != SOURCE_LANGUAGE else "koti",
                locale=locale,
                translation_key=source_home.translation_key,
            )
            root.add_child(instance=home)
            home.save_revision().publish()
        index = MethodIndexPage.objects.child_of(home).first()
        if index is None:
            source_index = indexes.get(SOURCE_LANGUAGE)
            index = MethodIndexPage(
                title=names["index"],
                slug=names["index_slug"],
                locale=locale,
                **({"translation_key": source_index.translation_key} if source_index else {}),
            )
            home.add_child(instance=index)
            index.save_revision().publish()
        indexes[language] = index
    return indexes
