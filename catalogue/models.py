"""The page that serves each language's catalogue: its list of entries, filters, compare view and
the measures (instruments) the entries' studies used."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction

from methods.blocks import RICH_TEXT_FEATURES

from .pages import catalogue_context, compare_context, measure_context, measures_context
from .regions import region_context, regions_context, report_view


class MethodIndexPage(RoutablePageMixin, Page):
    """Parent of every method and model entry in one language; serves the catalogue and compare."""

    intro = RichTextField(blank=True, features=RICH_TEXT_FEATURES, verbose_name=_("introduction"))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["methods.MethodPage", "methods.ModelPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("method index")

    # True on the pages of the catalogue's routing table, which holds only public pages for one
    # content version (catalogue/routing.py); a restriction added since bumps the version.
    known_public = False

    def get_view_restrictions(self):
        if self.known_public:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    @path("")
    def catalogue(self, request):
        """The catalogue: GET parameters filter it; `partial=1` returns only the results region."""
        context = catalogue_context(self, request)
        template = (
            "catalogue/includes/catalogue_region.html"
            if request.GET.get("partial")
            else self.get_template(request)
        )
        status = 400 if context["form"].errors else 200
        response = self.render(request, context_overrides=context, template=template)
        response.status_code = status
        search = context["search"]
        if search.query.strip() and search.offset == 0:
            # a cached answer to this search still counts in the query log (catalogue/cache.py)
            response.search_query = (search.language, search.query, context["total"])
        return response

    @path("compare/")
    def compare(self, request):
        """Two to four entries side by side, chosen by id: compare/?ids=ID,ID."""
        context, status = compare_context(self, request)
        response = self.render(
            request, context_overrides=context, template="catalogue/compare_page.html"
        )
        response.status_code = status
        return response

    @path("regions/")
    def regions(self, request):
        """Every wellbeing services county on a tile map and in a table, with what is in use there."""
        return self.render(
            request,
            context_overrides=regions_context(self),
            template="catalogue/regions_page.html",
        )

    @path("regions/<str:code>/")
    def region(self, request, code):
        """The methods in use in one county, and in which languages."""
        return self.render(
            request,
            context_overrides=region_context(self, request, code),
            template="catalogue/region_page.html",
        )

    @path("report/<uuid:entry_key>/")
    @csrf_exempt
    def report(self, request, entry_key):
        """A report from the field about one entry (POST); it waits for an editor's review.

        Anonymous: it uses no session or user, so a CSRF token would protect nothing, and would
        keep every entry page (where the form is) out of the page cache. The form's honeypot and
        the limit per address stand instead."""
        return report_view(self, request, entry_key)

    @path("measures/")
    def measures(self, request):
        """Every measure, filtered by outcome domain: measures/?domain=CODE."""
        context, status = measures_context(self, request)
        response = self.render(
            request, context_overrides=context, template="catalogue/measures_page.html"
        )
        response.status_code = status
        return response

    @path("measures/<slug:code>/")
    def measure(self, request, code):
        """One measure: what it measures, for whom, licence, and the methods whose studies used it."""
        context = measure_context(self, code)
        if context is None:
            raise Http404
        return self.render(
            request, context_overrides=context, template="catalogue/measure_page.html"
        )
