"""Admin integration of the partner API: the page editor's "Preview in a partner front end" button."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from methods.models import EntryPage

from .preview import partner_preview_url, preview_url


@hooks.register("register_page_header_buttons")
def partner_preview_button(page, user, view_name, next_url=None):
    if isinstance(page.specific, EntryPage) and page.permissions_for_user(user).can_edit():
        yield Button(
            _("Preview in a partner front end"),
            partner_preview_url(page) or preview_url(page),
            icon_name="view",
            priority=90,
            attrs={"target": "_blank", "rel": "noopener"},
        )
