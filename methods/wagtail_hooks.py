"""Admin registration: facets as translatable snippets grouped under one menu item, and the
editorial workflow's views, dashboard panel, log action, and quality warnings."""

from django.conf import settings
from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from laces.components import Component
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .implementations import ImplementationReport, ReportStatus, stale_implementations
from .models import (
    DeliveryFormat,
    EntryPage,
    Measure,
    OutcomeDomain,
    Region,
    ServiceArea,
    TargetGroup,
    Topic,
)
from .quality import check_page
from .rating_history import RATING_CHANGED
from .review import review_overview
from .richtext import PublicPageLinkHandler
from .views import EntryPageViewSet, ReportReviewView, TranslationStatusView
from .vocabulary import source_language


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


class OutcomeDomainViewSet(FacetViewSet):
    model = OutcomeDomain
    icon = "crosshairs"


class FacetGroup(SnippetViewSetGroup):
    menu_label = _("Facets")
    menu_icon = "tag"
    menu_order = 300
    items = (
        TargetGroupViewSet,
        ServiceAreaViewSet,
        TopicViewSet,
        DeliveryFormatViewSet,
        OutcomeDomainViewSet,
    )


class MeasureViewSet(SnippetViewSet):
    model = Measure
    icon = "table"
    menu_label = _("Measures")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["abbreviation", "name", "free", "locale"]
    list_filter = ["locale", "free"]
    search_fields = ["abbreviation", "name", "code"]
    ordering = ["abbreviation", "code"]


register_snippet(FacetGroup)
register_snippet(MeasureViewSet)


# --- Where methods are in use: regions, reports from the field, stale implementations ----------


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    menu_label = _("Regions")
    list_display = ["code", "name_fi", "name_sv", "name_en", "language_status"]
    ordering = ["code"]
    add_to_admin_menu = False


class ImplementationReportViewSet(SnippetViewSet):
    model = ImplementationReport
    icon = "mail"
    menu_label = _("Reports from the field")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["__str__", "region", "status", "review_status", "submitted_at"]
    list_filter = ["review_status"]
    ordering = ["-submitted_at"]


register_snippet(RegionViewSet)
register_snippet(ImplementationReportViewSet)


@hooks.register("register_admin_urls")
def register_report_review_url():
    return [
        path("field-reports/<int:pk>/", ReportReviewView.as_view(), name="methods_report_review")
    ]


class WhereUsedPanel(Component):
    """Dashboard panel: reports from the field waiting for review, and stale implementations."""

    name = "where_used"
    order = 120
    template_name = "methods/admin/where_used_panel.html"

    def get_context_data(self, parent_context=None):
        pending = list(ImplementationReport.objects.filter(review_status=ReportStatus.PENDING)[:20])
        titles = dict(
            EntryPage.objects.filter(
                translation_key__in=[report.entry_key for report in pending],
                locale__language_code=source_language(),
            ).values_list("translation_key", "title")
        )
        for report in pending:
            report.entry_title = titles.get(report.entry_key, "–")
        return {
            "pending": pending,
            "stale": list(stale_implementations()[:50]),
            "months": settings.IMPLEMENTATION_STALE_MONTHS,
        }


# --- Editorial workflow: translation status, evidence re-review, rating log, quality, preview


@hooks.register("register_admin_viewset")
def register_entry_page_viewset():
    return EntryPageViewSet("entry_pages")


@hooks.register("register_admin_urls")
def register_translation_status_url():
    return [
        path(
            "translation-status/",
            TranslationStatusView.as_view(),
            name="methods_translation_status",
        )
    ]


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return MenuItem(
        _("Translation status"),
        reverse("methods_translation_status"),
        name="translation-status",
        icon_name="wagtail-localize-language",
        order=50,
    )


@hooks.register("construct_reports_menu")
def keep_one_translation_report(request, menu_items):
    """wagtail-localize adds a "Translations" report of its own; Translation status covers it."""
    duplicate = reverse("wagtail_localize:translations_report")
    menu_items[:] = [item for item in menu_items if item.url != duplicate]


class EvidenceReviewPanel(Component):
    """Dashboard panel: entries whose evidence review is overdue or due soon, and unrated entries."""

    name = "evidence_review"
    order = 110
    template_name = "methods/admin/evidence_review_panel.html"

    def get_context_data(self, parent_context=None):
        return {"overview": review_overview()}


@hooks.register("construct_homepage_panels")
def add_evidence_review_panel(request, panels):
    if request.user.has_perm("wagtailadmin.access_admin"):
        panels.append(EvidenceReviewPanel())
    if request.user.has_perm("methods.change_implementationreport"):
        panels.append(WhereUsedPanel())


@hooks.register("register_log_actions")
def register_rating_log_action(actions):
    @actions.register_action(RATING_CHANGED)
    class RatingChangedFormatter(LogFormatter):
        label = _("Change evidence rating")

        def format_message(self, log_entry):
            return _("Evidence rating changed from %(previous)s to %(new)s") % {
                "previous": log_entry.data.get("previous_level") or "–",
                "new": log_entry.data.get("new_level") or "–",
            }


def _show_quality_warnings(request, page):
    if isinstance(page.specific, EntryPage):
        for warning in check_page(page.specific.get_latest_revision_as_object()).warnings:
            messages.warning(request, warning)


hooks.register("after_create_page", _show_quality_warnings)
hooks.register("after_edit_page", _show_quality_warnings)


# --- Rich text: page links only to public pages (after Wagtail's own "page" handler, to replace it)


@hooks.register("register_rich_text_features", order=100)
def public_page_links(features):
    features.register_link_type(PublicPageLinkHandler)
