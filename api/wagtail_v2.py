"""Wagtail's API v2, narrowed to what the public may see.

Stock v2 hides a view-restricted page only from requests that have not passed its restriction, so
a logged-in editor's request would list private pages; here every request sees public pages only.

Rich text is sent as HTML (WAGTAILAPI_RICH_TEXT_FORMAT), expanded by methods.richtext, so that a
link to a page that is not public loses its target; the stored form, which names any page by id,
is not offered.
"""

import re

from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from methods.visibility import publicly_visible

from .limits import MAX_OFFSET, MAX_QUERY_LENGTH

RICH_TEXT_FORMATS = ("html",)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
MAX_SEARCH_WORDS = 32
# Parameters that name a row by its number.
ID_PARAMETERS = ("id", "child_of", "descendant_of", "ancestor_of", "translation_of")
MAX_ID = 2**63 - 1


def check_parameters(query) -> None:
    """Refuse, with a 400 that names the parameter, what the database or the search backend
    cannot take: control characters, numbers beyond its integers, searches without words, with
    an open quotation mark, or too long to parse."""
    for name, values in query.lists():
        for value in values:
            if CONTROL_CHARACTERS.search(name) or CONTROL_CHARACTERS.search(value):
                raise BadRequestError(f"{name}: control characters are not allowed")
            if name in ID_PARAMETERS and value.isdigit() and int(value) > MAX_ID:
                raise BadRequestError(f"{name}: no such id")
            if name == "id" and not value.isdigit():
                raise BadRequestError("id: a whole number")
    offset = query.get("offset", "")
    if offset.isdigit() and int(offset) > MAX_OFFSET:
        raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
    if "search" in query:
        search = query["search"]
        if len(search) > MAX_QUERY_LENGTH or len(search.split()) > MAX_SEARCH_WORDS:
            raise BadRequestError(
                f"search: at most {MAX_SEARCH_WORDS} words and {MAX_QUERY_LENGTH} characters"
            )
        if not re.search(r"\w", search):
            raise BadRequestError("search: give at least one word")
        if search.count('"') % 2:
            raise BadRequestError("search: a quotation mark is not closed")


class CheckedParameters:
    """Every v2 endpoint checks its query parameters before it reads them."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_parameters(request.GET)


class PublicImagesAPIViewSet(CheckedParameters, ImagesAPIViewSet):
    pass


class PublicDocumentsAPIViewSet(CheckedParameters, DocumentsAPIViewSet):
    pass


class PublicPagesAPIViewSet(CheckedParameters, PagesAPIViewSet):
    def get_base_queryset(self):
        return publicly_visible(super().get_base_queryset())

    def resolve_rich_text_format(self):
        requested = self.request.GET.get("rich_text_format")
        if requested is not None and requested not in RICH_TEXT_FORMATS:
            raise BadRequestError(
                f"rich_text_format: only {', '.join(RICH_TEXT_FORMATS)} is offered"
            )
        return super().resolve_rich_text_format()
