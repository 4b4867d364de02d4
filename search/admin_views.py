"""The editors' view of the query log: what professionals search for, and what finds nothing."""

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from .models import SearchQuery


class SearchQueryFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.LANGUAGES, empty_label=_("All languages")
    )
    zero_results = django_filters.BooleanFilter(
        label=_("Found nothing"), method="filter_zero_results"
    )

    class Meta:
        model = SearchQuery
        fields = ["language", "zero_results"]

    def filter_zero_results(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(result_count=0) if value else queryset.exclude(result_count=0)


class SearchQueryReportView(ReportView):
    page_title = _("Search queries")
    header_icon = "search"
    model = SearchQuery
    filterset_class = SearchQueryFilterSet
    index_url_name = "search_queries"
    index_results_url_name = "search_queries_results"
    permission_policy = None
    columns = [
        Column("query", label=_("Query")),
        Column("language", label=_("Language")),
        Column("times", label=_("Times searched")),
        Column("result_count", label=_("Results")),
        Column("last_seen", label=_("Last searched")),
    ]
    list_export = ["query", "language", "times", "result_count", "first_seen", "last_seen"]

    def get_queryset(self):
        return SearchQuery.objects.order_by("-times", "query")
