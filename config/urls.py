"""URL map: the admin and documents, the language switcher, and each language's pages under /fi/, /sv/, /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from api.api import api_v1, api_v2
from catalogue.feeds import entry_feed, language_feed
from catalogue.opendata import open_data, open_data_catalog, open_data_file, open_data_page
from catalogue.sitemap import robots_txt, sitemap

urlpatterns = [
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("feeds/<slug:language>.atom", language_feed, name="language_feed"),
    path("feeds/<slug:language>/<uuid:entry>.atom", entry_feed, name="entry_feed"),
    path("open-data/", open_data, name="open_data"),
    path("open-data/catalog.jsonld", open_data_catalog, name="open_data_catalog"),
    path("open-data/<slug:language>/", open_data_page, name="open_data_page"),
    path("open-data/<str:name>", open_data_file, name="open_data_file"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("embed/", include("catalogue.urls")),
    path("api/v1/", api_v1.urls),
    path("api/v2/", api_v2.urls),
    path("health/", include("operations.health")),
]

handler500 = "operations.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
