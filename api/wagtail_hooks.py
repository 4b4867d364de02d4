"""Admin integration of the partner API: the page editor's "Preview in a partner front end"
button, which issues a preview token for the page's latest revision, and the list of preview
tokens (Settings → Preview tokens), where they are revoked."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from methods.models import EntryPage

from .models import PreviewToken
from .preview import partner_preview_url, preview_url


@hooks.register("register_page_header_buttons")
def partner_preview_button(page, user, view_name, next_url=None):
    if isinstance(page.specific, EntryPage) and page.permissions_for_user(user).can_edit():
        yield Button(
            _("Preview in a partner front end"),
            reverse("api_partner_preview", args=[page.pk]),
            icon_name="view",
            priority=90,
            attrs={"target": "_blank", "rel": "noopener"},
        )


def issue_partner_preview(request, page_id: int):
    """A new token for the page's latest revision; on to the partner's preview (or the API's)."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, EntryPage) or not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    token = PreviewToken.issue(page, request.user)
    return redirect(partner_preview_url(token) or preview_url(token))


@hooks.register("register_admin_urls")
def partner_preview_urls():
    return [
        path("partner-preview/<int:page_id>/", issue_partner_preview, name="api_partner_preview")
    ]


class TokensArePermissionsNotCreated(ModelPermissionPolicy):
    """Tokens are issued from the page editor only; here they are listed and revoked."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


register_permission_policy(PreviewToken, TokensArePermissionsNotCreated(PreviewToken))


class PreviewTokenViewSet(ModelViewSet):
    model = PreviewToken
    icon = "view"
    add_to_settings_menu = True
    menu_label = _("Preview tokens")
    form_fields = ["revoked"]
    list_display = ["page", "revision", "created_by", "created_at", "expires_at", "revoked"]
    list_filter = ["revoked"]


@hooks.register("register_admin_viewset")
def register_preview_tokens():
    return PreviewTokenViewSet("preview_tokens")
