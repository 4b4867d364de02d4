"""Internal links in rich text. The database stores ids (<a linktype="page" id="42">); the file
carries stable references instead: <a linktype="page" entry="{entry id}/{language}"> for a page
and <a linktype="document" file="{file name}"> for a document."""

import re

from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Page

LINK_TAG_RE = re.compile(r"<a\b([^>]*)>")
ATTRIBUTE_RE = re.compile(r'(\w[\w-]*)="([^"]*)"')


class UnresolvedLink(Exception):
    """A link to an entry that the import has not written yet."""


def _rewrite_links(html: str, rewrite) -> str:
    def replace(match):
        attributes = dict(ATTRIBUTE_RE.findall(match.group(1)))
        new = rewrite(attributes)
        if new is None:
            return match.group(0)
        return "<a" + "".join(f' {name}="{value}"' for name, value in new.items()) + ">"

    return LINK_TAG_RE.sub(replace, html or "")


def portable_links(html: str, keep_page=None) -> str:
    """Database ids in internal links → stable references (entry id and language, file name).

    A link to a page that no longer exists, or that `keep_page(page)` refuses, keeps its text
    without a target (<a>)."""

    def rewrite(attributes):
        linktype, pk = attributes.get("linktype"), attributes.get("id")
        if linktype == "page" and pk:
            page = Page.objects.filter(pk=pk).select_related("locale").first()
            if page is None or (keep_page is not None and not keep_page(page)):
                return {}
            return {
                "linktype": "page",
                "entry": f"{page.translation_key}/{page.locale.language_code}",
            }
        if linktype == "document" and pk:
            document = get_document_model().objects.filter(pk=pk).first()
            return {"linktype": "document", "file": document.file.name} if document else {}
        return None

    return _rewrite_links(html, rewrite)


def database_links(html: str, *, lenient: bool = False) -> str:
    """Inverse of portable_links(); raises UnresolvedLink for an entry not in the database yet
    (or, when `lenient`, leaves such a link without a target for a second pass to fill in)."""

    def rewrite(attributes):
        linktype = attributes.get("linktype")
        if linktype == "page" and "entry" in attributes:
            key, _slash, language = attributes["entry"].partition("/")
            page = Page.objects.filter(translation_key=key, locale__language_code=language).first()
            if page is None:
                if lenient:
                    return {"linktype": "page", "entry": attributes["entry"]}
                raise UnresolvedLink(attributes["entry"])
            return {"linktype": "page", "id": str(page.pk)}
        if linktype == "document" and "file" in attributes:
            document = get_document_model().objects.get(file=attributes["file"])
            return {"linktype": "document", "id": str(document.pk)}
        return None

    return _rewrite_links(html, rewrite)


def link_problem(html: str, known) -> str:
    """'' when every internal link of `html` has a target in the database or the file."""
    for match in LINK_TAG_RE.finditer(html):
        attributes = dict(ATTRIBUTE_RE.findall(match.group(1)))
        linktype = attributes.get("linktype")
        if linktype == "page" and "entry" in attributes:
            if attributes["entry"] not in known.link_targets:
                return _("links to {target}, which is not an entry").format(
                    target=repr(attributes["entry"])
                )
        elif linktype == "page":
            return _('a page link needs entry="{id}/{language}"')
        elif linktype == "document":
            name = attributes.get("file", "")
            if not name or not known.document_exists(name):
                return _("links to a document that does not exist: {name}").format(name=repr(name))
    return ""
