"""sitemap.xml and robots.txt.

The sitemap lists every public page (home pages, catalogues, entries, the open-data pages) in
every language, each with its public translations as hreflang alternates and the time it last
changed. It builds on Wagtail's sitemap (wagtail.contrib.sitemaps) with the pages that methods.visibility says are
public: nothing that is a draft, unpublished or inside a view-restricted section.
"""

from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page

from methods.content_version import current_version
from methods.models import EntryPage
from methods.visibility import publicly_visible
from methods.vocabulary import language_codes, source_language

from .discovery import absolute, site_root_url
from .versioned import versioned_response


class PublicSitemap(Sitemap):
    """Every public page below the language roots, with its translations as alternates."""

    def items(self):
        return (
            publicly_visible(Page.objects.filter(depth__gte=2))
            .select_related("locale")
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def get_urls(self, page=1, site=None, protocol=None):
        pages = [
            page for page in self.paginator.page(page).object_list if page.get_url(self.request)
        ]
        translations = self._translations({page.translation_key for page in pages})
        latest_entry = self._latest_entry_per_language()
        urls = []
        for item in pages:
            location = item.get_full_url(self.request)
            lastmod = item.last_published_at or item.latest_revision_created_at
            if not isinstance(item, EntryPage):
                # The home pages and catalogues list entries: they change when an entry does.
                newest = latest_entry.get(item.locale.language_code)
                if newest and (lastmod is None or newest > lastmod):
                    lastmod = newest
            urls.append(
                {
                    "item": item,
                    "location": location,
                    "lastmod": lastmod,
                    "alternates": self._alternates(item, translations),
                }
            )
        dates = [url["lastmod"] for url in urls]
        if dates and None not in dates:
            self.latest_lastmod = max(dates)
        return urls

    def _translations(self, keys) -> dict:
        """{translation key: {language: url}} of the public translations."""
        found: dict = {}
        for translation in publicly_visible(
            Page.objects.filter(translation_key__in=keys)
        ).select_related("locale"):
            url = translation.get_full_url(self.request)
            if url:
                found.setdefault(translation.translation_key, {})[
                    translation.locale.language_code
                ] = url
        return found

    def _alternates(self, item, translations) -> list[dict]:
        urls = translations.get(item.translation_key, {})
        alternates = [
            {"lang_code": code, "location": urls[code]} for code in language_codes() if code in urls
        ]
        if alternates:
            if item.depth == 2:
                default = absolute(self.request, "/")
            else:
                default = urls.get(source_language()) or alternates[0]["location"]
            alternates.append({"lang_code": "x-default", "location": default})
        return alternates

    @staticmethod
    def _latest_entry_per_language() -> dict:
        rows = (
            publicly_visible(EntryPage.objects.all())
            .values("locale__language_code")
            .annotate(latest=Max("last_published_at"))
        )
        return {row["locale__language_code"]: row["latest"] for row in rows}


class OpenDataSitemap(Sitemap):
    """The open-data page of each language (catalogue.opendata), changed with the content."""

    def items(self):
        return list(language_codes())

    def get_urls(self, page=1, site=None, protocol=None):
        if int(page) != 1:
            return []
        urls = {
            code: absolute(self.request, reverse("open_data_page", args=[code]))
            for code in self.items()
        }
        alternates = [{"lang_code": code, "location": url} for code, url in urls.items()]
        alternates.append(
            {"lang_code": "x-default", "location": absolute(self.request, reverse("open_data"))}
        )
        _number, changed_at = current_version()
        return [
            {"item": code, "location": url, "lastmod": changed_at, "alternates": alternates}
            for code, url in urls.items()
        ]


def sitemap(request):
    """/sitemap.xml"""
    page = request.GET.get("p", "1")

    def build() -> bytes:
        response = wagtail_sitemap(
            request, sitemaps={"pages": PublicSitemap, "open-data": OpenDataSitemap}
        )
        return response.render().content

    return versioned_response(
        request, f"sitemap:{site_root_url(request)}:{page}", build, "application/xml"
    )


def robots_txt(request):
    """/robots.txt: everything public may be crawled; the admin, previews and the API's
    query-heavy routes may not; the sitemap's address."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /*?*partial=",
        "",
        f"Sitemap: {absolute(request, reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
