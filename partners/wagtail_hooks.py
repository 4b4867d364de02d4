"""Admin: partners' webhook endpoints (editable) and the delivery log (read-only)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from methods.vocabulary import language_codes

from .models import ChangeEvent, WebhookDelivery, WebhookEndpoint


class WebhookEndpointForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        choices=ChangeEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(ChangeEvent.values),
        label=_("Events"),
    )
    languages = forms.MultipleChoiceField(
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        initial=list(language_codes()),
        label=_("Languages"),
    )


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    url_prefix = "partners/webhook-endpoints"
    icon = "link-external"
    list_display = ["name", "url", "events", "languages", "active"]
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("url"),
            FieldPanel("secret"),
            FieldPanel("events"),
            FieldPanel("languages"),
            FieldPanel("active"),
        ],
        base_form_class=WebhookEndpointForm,
    )


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Deliveries are a log: they can be looked at and deleted, never created or edited."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change") and super().user_has_permission(user, action)


register_permission_policy(WebhookDelivery, ReadOnlyPolicy(WebhookDelivery))


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    url_prefix = "partners/webhook-deliveries"
    icon = "history"
    list_display = [
        "change",
        "endpoint",
        "status",
        "attempt_count",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["status", "endpoint"]
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []  # never edited: the policy below refuses add and change
    inspect_view_fields = [
        "endpoint",
        "change",
        "status",
        "attempt_count",
        "next_attempt_at",
        "created_at",
        "payload",
        "attempt_log",
    ]


class PartnersGroup(ModelViewSetGroup):
    menu_label = _("Partner API")
    menu_icon = "link-external"
    menu_order = 900
    items = (WebhookEndpointViewSet, WebhookDeliveryViewSet)


@hooks.register("register_admin_viewset")
def register_partner_viewsets():
    return PartnersGroup()
