"""Admin: the search query report under Reports (zero-result and popular queries, by language),
and the synonym vocabulary under Snippets."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import SearchQueryReportView
from .models import Synonym


@hooks.register("register_admin_urls")
def register_search_query_report_urls():
    return [
        path("reports/search-queries/", SearchQueryReportView.as_view(), name="search_queries"),
        path(
            "reports/search-queries/results/",
            SearchQueryReportView.as_view(results_only=True),
            name="search_queries_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_search_query_report_menu_item():
    return AdminOnlyMenuItem(
        _("Search queries"),
        reverse("search_queries"),
        name="search-queries",
        icon_name="search",
        order=1300,
    )


class SynonymViewSet(SnippetViewSet):
    """Editors keep the synonym vocabulary here; a change reaches every search at once."""

    model = Synonym
    icon = "list-ul"
    menu_label = _("Synonyms")
    menu_order = 300
    add_to_admin_menu = False
    list_display = ["terms", "expands_to", "language"]
    list_filter = ["language"]
    ordering = ["language", "terms"]
    panels = [FieldPanel("language"), FieldPanel("terms"), FieldPanel("expands_to")]


register_snippet(SynonymViewSet)
