"""The catalogue pages found from a table kept per content version, so that Wagtail does not walk
the page tree (site root, its translation, the home page, the index page: a query each) on every
request to a catalogue, its routes or an entry below it.

Wagtail's serve view asks `Page.route_for_request()`, which keeps its answer on the request
(`request._wagtail_route_for_request`); the middleware gives it that answer in advance, and the
request's Site as well (`request._wagtail_site`: a change to a Site bumps the content version).
Only public index pages are in the table (a restricted one keeps Wagtail's own routing, with its
password form), and whatever the table does not know is routed by Wagtail as before.
"""

from django.conf import settings
from django.http import Http404
from django.http.request import split_domain_port
from django.utils import translation
from wagtail.models import Site

from methods.visibility import publicly_visible

from .models import MethodIndexPage
from .per_version import kept


def _site_prefixes() -> tuple[str, ...]:
    return tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


def catalogue_pages(request) -> dict[str, MethodIndexPage]:
    """{language: its public catalogue page} (specific, with its locale)."""

    def build():
        pages = publicly_visible(MethodIndexPage.objects.select_related("locale"))
        for page in pages:
            page.known_public = True  # Wagtail need not look up their view restrictions
        return {page.locale.language_code: page for page in pages}

    return kept(request, "catalogue pages", build)


def _paths(request, site: Site) -> dict[str, MethodIndexPage]:
    """{URL path: catalogue page} on this site."""

    def build():
        paths = {}
        for page in catalogue_pages(request).values():
            parts = page.get_url_parts(request)
            if parts and parts[0] == site.pk and parts[2]:
                paths[parts[2]] = page
        return paths

    return kept(request, ("catalogue paths", site.pk), build)


def _site(request) -> Site | None:
    """Site.find_for_request(), kept for the content version and the host."""
    if not hasattr(request, "_wagtail_site"):
        # get_host() refuses hosts outside ALLOWED_HOSTS, so they make no entries
        host = (split_domain_port(request.get_host())[0], request.get_port())
        request._wagtail_site = kept(
            request, ("site", host), lambda: Site.find_for_request(request)
        )
    return request._wagtail_site


def catalogue_route(request):
    """Wagtail's route result for a path at or below a public catalogue page, else None."""
    site = _site(request)
    if site is None:
        return None
    for path, page in _paths(request, site).items():
        if request.path.startswith(path):
            components = [part for part in request.path[len(path) :].split("/") if part]
            try:
                route = page.route(request, components)
            except Http404:
                return None
            if not components:
                request.catalogue_page = page
            return route
    return None


def at_own_address(request, page) -> bool:
    """Whether `page` is the public catalogue page that the table routed this request to, at its
    own address (not one of its routes): its head, language links and feed links are then the
    same for every request of the content version on this site, whatever the query string.

    A preview renders another object of the same page, so it is never taken for this one."""
    return page is not None and getattr(request, "catalogue_page", None) is page


def kept_for_page(request, page, name: str, build):
    """build() kept per content version, page, site and interface language, for a page
    `at_own_address`; made anew on every other request."""
    if not at_own_address(request, page):
        return build()
    language = (translation.get_language(), getattr(request, "LANGUAGE_CODE", None))
    key = (name, page.pk, _site(request).pk, language)
    return kept(request, key, build)


def _csrf_exempt(route) -> bool:
    """Whether the route ends in a view of the catalogue page marked `csrf_exempt`."""
    view = route.args[0] if route.args else None
    return getattr(view, "csrf_exempt", False)


class CatalogueRouteMiddleware:
    """Routes requests to the catalogue pages and the entries below them from the table.

    Django's CSRF check sees only Wagtail's serve view, so a route of the catalogue page marked
    `csrf_exempt` (the anonymous report form) is exempted here, before that check runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD", "POST") and request.path.startswith(_site_prefixes()):
            route = catalogue_route(request)
            if route is not None:
                request._wagtail_route_for_request = route
                if _csrf_exempt(route):
                    request.csrf_processing_done = True
        return self.get_response(request)
