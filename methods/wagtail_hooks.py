"""Admin registration: facets as translatable snippets grouped under one menu item."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import DeliveryFormat, ServiceArea, TargetGroup, Topic


class FacetViewSet(SnippetViewSet):
    list_display = ["name", "code", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "code"]
    ordering = ["sort_order", "code"]


class TargetGroupViewSet(FacetViewSet):
    model = TargetGroup
    icon = "group"


class ServiceAreaViewSet(FacetViewSet):
    model = ServiceArea
    icon = "site"


class TopicViewSet(FacetViewSet):
    model = Topic
    icon = "tag"


class DeliveryFormatViewSet(FacetViewSet):
    model = DeliveryFormat
    icon = "list-ul"


class FacetGroup(SnippetViewSetGroup):
    menu_label = _("Facets")
    menu_icon = "tag"
    menu_order = 300
    items = (TargetGroupViewSet, ServiceAreaViewSet, TopicViewSet, DeliveryFormatViewSet)


register_snippet(FacetGroup)
