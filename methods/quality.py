"""Content quality checks before an entry is published: errors block publishing, warnings inform.

Errors: internal links to pages or documents that no longer exist, references without a year
(the summary's 300-character limit is a field validator). Warning: images without alt text
(an image's "description" is its alt text).
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Page

from .models import RICH_TEXT_FIELD_NAMES as RICH_TEXT_FIELDS

INTERNAL_LINK = re.compile(r'<a\b[^>]*\blinktype="(page|document)"[^>]*\bid="(\d+)"', re.I)


@dataclass
class QualityReport:
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def error(self, field_name: str, message: str) -> None:
        self.errors.setdefault(field_name, []).append(message)


def _internal_links(html: str) -> list[tuple[str, int]]:
    return [(kind.lower(), int(pk)) for kind, pk in INTERNAL_LINK.findall(html or "")]


def _body_rich_text(body) -> list[str]:
    sources = []
    for block in body or []:
        if block.block_type == "paragraph":
            sources.append(getattr(block.value, "source", str(block.value)))
    return sources


def broken_links(html_by_field: dict[str, list[str]]) -> dict[str, list[str]]:
    """{field: [message]} for internal links whose page or document no longer exists."""
    links = {
        name: [link for html in htmls for link in _internal_links(html)]
        for name, htmls in html_by_field.items()
    }
    page_ids = {pk for found in links.values() for kind, pk in found if kind == "page"}
    document_ids = {pk for found in links.values() for kind, pk in found if kind == "document"}
    existing_pages = set(Page.objects.filter(pk__in=page_ids).values_list("pk", flat=True))
    existing_documents = set(
        get_document_model().objects.filter(pk__in=document_ids).values_list("pk", flat=True)
    )
    problems = {}
    for name, found in links.items():
        for kind, pk in found:
            if kind == "page" and pk not in existing_pages:
                problems.setdefault(name, []).append(
                    _("A link points to a page that no longer exists (id %(id)s).") % {"id": pk}
                )
            elif kind == "document" and pk not in existing_documents:
                problems.setdefault(name, []).append(
                    _("A link points to a document that no longer exists (id %(id)s).") % {"id": pk}
                )
    return problems


def references_without_year(references: list[dict]) -> list[str]:
    """Citations of references that have no year; `references` are {citation, year} dicts."""
    return [ref["citation"] for ref in references if ref.get("citation") and not ref.get("year")]


def images_without_alt_text(body) -> list[str]:
    """Titles of images in the body whose alt text (description) is empty."""
    titles = []
    for block in body or []:
        if block.block_type == "image":
            image = block.value.get("image")
            if image is not None and not (getattr(image, "description", "") or "").strip():
                titles.append(image.title)
    return titles


def check_entry(values: dict, body, references: list[dict]) -> QualityReport:
    """Check unsaved or saved content: `values` maps rich text field names to their HTML."""
    report = QualityReport()
    html_by_field = {name: [values.get(name) or ""] for name in RICH_TEXT_FIELDS}
    html_by_field["body"] = _body_rich_text(body)
    for name, messages in broken_links(html_by_field).items():
        for message in messages:
            report.error(name, message)
    for citation in references_without_year(references):
        report.error(
            "references",
            _("The reference “%(citation)s” has no year.") % {"citation": citation[:80]},
        )
    for title in images_without_alt_text(body):
        report.warnings.append(
            _(
                "The image “%(title)s” has no alt text. Add a description to the image so that "
                "screen reader users know what it shows."
            )
            % {"title": title}
        )
    return report


def check_page(page) -> QualityReport:
    """The same checks on a saved entry page."""
    return check_entry(
        {name: getattr(page, name) for name in RICH_TEXT_FIELDS},
        page.body,
        [{"citation": ref.citation, "year": ref.year} for ref in page.references.all()],
    )
