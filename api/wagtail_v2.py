"""Wagtail's API v2, narrowed to what the public may see.

Stock v2 hides a view-restricted page only from requests that have not passed its restriction, so
a logged-in editor's request would list private pages; here every request sees public pages only.

Rich text is sent as HTML (WAGTAILAPI_RICH_TEXT_FORMAT), expanded by methods.richtext, so that a
link to a page that is not public loses its target; the stored form, which names any page by id,
is not offered.
"""

from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from methods.visibility import publicly_visible

RICH_TEXT_FORMATS = ("html",)


class PublicPagesAPIViewSet(PagesAPIViewSet):
    def get_base_queryset(self):
        return publicly_visible(super().get_base_queryset())

    def resolve_rich_text_format(self):
        requested = self.request.GET.get("rich_text_format")
        if requested is not None and requested not in RICH_TEXT_FORMATS:
            raise BadRequestError(
                f"rich_text_format: only {', '.join(RICH_TEXT_FORMATS)} is offered"
            )
        return super().resolve_rich_text_format()
