"""Wagtail's API v2, narrowed to what the public may see.

Stock v2 hides a view-restricted page only from requests that have not passed its restriction, so
a logged-in editor's request would list private pages; here every request sees public pages only.
"""

from wagtail.api.v2.views import PagesAPIViewSet

from methods.visibility import publicly_visible


class PublicPagesAPIViewSet(PagesAPIViewSet):
    def get_base_queryset(self):
        return publicly_visible(super().get_base_queryset())
