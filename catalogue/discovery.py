"""What search engines and other catalogues read from a page: its canonical address, the same page
in the other languages (hreflang), a description, the Atom feeds and, on entries, JSON-LD.

Addresses are absolute, built on the Wagtail Site's root URL, so they follow the configured site
whatever host a request came in on. Only public translations are ever named (methods.visibility).
"""

import json

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from api.serializers import facet_labels_for
from methods.content_version import current_version
from methods.evidence import EvidenceLevel, level_code
from methods.models import EntryPage
from methods.visibility import publicly_visible
from methods.vocabulary import entry_facet_codes, language_codes, source_language

from .per_version import kept

DESCRIPTION_LENGTH = 300


def site_root_url(request=None) -> str:
    """The Site's root URL (scheme, host and port), without a trailing slash."""
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    return site.root_url.rstrip("/") if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(request, path: str) -> str:
    """`path` on the Site's root URL."""
    return site_root_url(request) + path


def public_translations(page: Page, request=None) -> dict[str, Page]:
    """{language: page} of every public translation of `page` (itself included when public),
    in the library's language order; kept for the content version (not to be changed)."""

    def build():
        pages = {
            translation.locale.language_code: translation
            for translation in publicly_visible(
                Page.objects.filter(translation_key=page.translation_key).select_related("locale")
            )
        }
        return {code: pages[code] for code in language_codes() if code in pages}

    return kept(request, ("translations", page.translation_key), build)


def _route(page: Page, request) -> str:
    """The part of the request's path below the page's own URL (a routable page's route, such as
    compare/), with its query string: the ids it compares are the same in every language. On the
    page's own route the query (filters, paging) is left out: the unfiltered page is canonical."""
    if request is None:
        return ""
    own = page.get_url(request) or ""
    if not own or not request.path.startswith(own) or request.path == own:
        return ""
    query = request.GET.copy()
    query.pop("partial", None)
    route = request.path[len(own) :]
    return route + (f"?{query.urlencode()}" if query else "")


def alternates(page: Page | None, request, translations: dict | None = None) -> list[dict]:
    """[{lang, url}] of the page in each public language, then x-default.

    x-default is the language-neutral root for the home page (it redirects by the browser's
    languages), and the source-language version elsewhere.
    """
    if page is None or not page.pk:
        return []
    if translations is None:
        translations = public_translations(page, request)
    if not translations:
        return []
    route = _route(page, request)
    links = [
        {"lang": code, "url": translation.get_full_url(request) + route}
        for code, translation in translations.items()
    ]
    if page.depth == 2:
        default = absolute(request, "/")
    else:
        source = translations.get(source_language()) or next(iter(translations.values()))
        default = source.get_full_url(request) + route
    links.append({"lang": "x-default", "url": default})
    return links


def canonical_url(page: Page | None, request) -> str:
    """The page's own absolute address (a route's query included, see _route); none
    for what is not a Wagtail page (error pages, the embed example)."""
    if page is not None and page.pk and page.get_url(request):
        return page.get_full_url(request) + _route(page, request)
    return ""


def description(page: Page | None) -> str:
    """The search description if the editor wrote one, else an entry's summary, else the
    introduction of a home or catalogue page, as plain text."""
    if page is None:
        return ""
    text = getattr(page, "search_description", "") or ""
    if not text and isinstance(page, EntryPage):
        text = page.summary
    if not text:
        text = strip_tags(getattr(page, "intro", "") or "")
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH)


def feed_links(page: Page | None, request) -> list[dict]:
    """The Atom feeds a page offers: its language's feed, and on an entry the entry's own."""
    if page is not None and page.pk:
        language = page.locale.language_code
    else:
        language = translation.get_language()
    if language not in language_codes():
        language = source_language()
    links = [
        {
            "title": _("New and updated entries"),
            "url": absolute(request, reverse("language_feed", kwargs={"language": language})),
        }
    ]
    if isinstance(page, EntryPage) and page.pk:
        links.append(
            {
                "title": _("Changes to %(title)s") % {"title": page.title},
                "url": absolute(
                    request,
                    reverse("entry_feed", kwargs={"language": language, "entry": page.entry_id}),
                ),
            }
        )
    return links


# schema.org types: an entry page describes a work (CreativeWork: inLanguage, workTranslation,
# citation) about an intervention. A method is a psychosocial intervention delivered by
# professionals (PsychologicalTreatment); a service model is a way of organising services
# (Service). HowTo would claim step-by-step instructions, which entries are not.
ENTRY_TYPES = {
    "method": ["CreativeWork", "PsychologicalTreatment"],
    "model": ["CreativeWork", "Service"],
}


def _reference(reference) -> dict:
    work = {"@type": "CreativeWork", "name": reference.citation}
    if reference.year:
        work["datePublished"] = str(reference.year)
    if reference.doi:
        work["identifier"] = f"doi:{reference.doi}"
        work["url"] = f"https://doi.org/{reference.doi}"
    elif reference.url:
        work["url"] = reference.url
    return work


def _timestamp(value) -> str | None:
    return value.isoformat() if value else None


def entry_json_ld(page: EntryPage, request, translations: dict | None = None) -> dict:
    """schema.org JSON-LD of one public entry in its language."""
    if translations is None:
        translations = public_translations(page, request)
    language = page.locale.language_code
    url = page.get_full_url(request)
    types = ENTRY_TYPES[page.kind]
    data = {
        "@context": "https://schema.org",
        "@type": types,
        "@id": url,
        "url": url,
        "identifier": page.entry_id,
        "name": page.title,
        "description": page.summary,
        "inLanguage": language,
        "dateModified": _timestamp(page.last_published_at),
        "datePublished": _timestamp(page.first_published_at),
        "isPartOf": {
            "@type": "WebSite",
            "name": _("Methods library"),
            "url": absolute(request, f"/{language}/"),
        },
    }
    if page.alternative_names_list:
        data["alternateName"] = page.alternative_names_list
    number, changed_at = current_version()
    labels = facet_labels_for(language, f"{number}.{changed_at.timestamp()}")
    codes = entry_facet_codes([page.pk])[page.pk]
    keywords = [
        labels[facet].get(code, code)
        for facet in ("topics", "service_areas")
        for code in codes[facet]
    ]
    if keywords:
        data["keywords"] = keywords
    if page.age_min is not None or page.age_max is not None:
        audience = {"@type": "PeopleAudience"}
        if page.age_min is not None:
            audience["suggestedMinAge"] = page.age_min
        if page.age_max is not None:
            audience["suggestedMaxAge"] = page.age_max
        data["audience"] = audience
    if page.owner_organisation:
        owner = {"@type": "Organization", "name": page.owner_organisation}
        if page.owner_website:
            owner["url"] = page.owner_website
        data["provider" if page.kind == "model" else "creator"] = owner
    if page.kind == "model":
        data["areaServed"] = {"@type": "Country", "name": "Finland"}
    others = [
        {
            "@type": types,
            "@id": translation.get_full_url(request),
            "url": translation.get_full_url(request),
            "name": translation.title,
            "inLanguage": code,
        }
        for code, translation in translations.items()
        if code != language
    ]
    if others:
        data["workTranslation"] = others
    source = translations.get(source_language())
    if language != source_language() and source is not None:
        data["translationOfWork"] = {"@id": source.get_full_url(request)}
    references = [_reference(reference) for reference in page.references.all()]
    if references:
        data["citation"] = references
    if page.evidence_level is not None:
        data["additionalProperty"] = {
            "@type": "PropertyValue",
            "name": _("Evidence rating"),
            "value": level_code(page.evidence_level),
            "description": str(EvidenceLevel(page.evidence_level).label),
        }
    return {key: value for key, value in data.items() if value is not None}


def json_ld_script(data: dict) -> str:
    """JSON for a <script type="application/ld+json"> element: `<`, `>` and `&` escaped so that
    no text in it can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def head(page: Page | None, request) -> dict:
    """Everything discovery puts into a page's <head>."""
    if not isinstance(page, Page):
        page = None  # pages that are not Wagtail pages (not found, the embed example)
    elif page.pk and type(page) is Page:
        page = page.specific
    translations = public_translations(page, request) if page is not None and page.pk else {}
    context = {
        "canonical": canonical_url(page, request),
        "alternates": alternates(page, request, translations),
        "description": description(page),
        "feeds": feed_links(page, request),
        "json_ld": "",
    }
    if isinstance(page, EntryPage) and _route(page, request) == "":
        context["json_ld"] = json_ld_script(entry_json_ld(page, request, translations))
    return context
