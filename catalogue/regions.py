"""Where methods are in use, on the site: the county pages, their tile map, and reports from the field."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from methods.implementations import language_label, language_names
from methods.regions import REGIONS_CREDIT, LanguageStatus, Region
from methods.report_form import ImplementationReportForm
from methods.templatetags.region_tags import tiles
from methods.vocabulary import language_codes
from search.service import SearchRequest, public_entries, search_entries

REPORT_WINDOW_SECONDS = 3600
MAX_ENTRIES = 1000


def _counts(language: str, **filters) -> dict[str, int]:
    results = search_entries(SearchRequest(language=language, limit=0, **filters))
    return results.facets.get("regions", {})


def regions_context(index_page) -> dict:
    """Every county with the number of entries in use there, and how many of them in Swedish."""
    language = index_page.locale.language_code
    in_use = _counts(language)
    in_swedish = _counts(language, service_languages=("sv",))
    regions = list(Region.objects.all())
    base = index_page.url

    def describe(region):
        text = _("%(count)s in use, %(swedish)s in Swedish") % {
            "count": in_use.get(region.code, 0),
            "swedish": in_swedish.get(region.code, 0),
        }
        return bool(in_use.get(region.code)), text

    squares = tiles(regions, describe, lambda region: f"{base}regions/{region.code}/")
    for square in squares:
        square["count"] = in_use.get(square["code"], 0)
    rows = [
        {
            "region": region,
            "url": f"{base}regions/{region.code}/",
            "count": in_use.get(region.code, 0),
            "swedish": in_swedish.get(region.code, 0),
        }
        for region in regions
    ]
    return {"tiles": squares, "rows": rows, "credit": REGIONS_CREDIT}


def region_context(index_page, request, code: str) -> dict:
    """The entries in use in one county (nationwide ones included), with their languages there."""
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404(_("No such county."))
    language = index_page.locale.language_code
    chosen = request.GET.get("service_language", "")
    if chosen not in language_names():
        chosen = ""
    results = search_entries(
        SearchRequest(
            language=language,
            regions=(region.code,),
            service_languages=(chosen,) if chosen else (),
            ordering="title",
            limit=MAX_ENTRIES,
        )
    )
    entries = []
    for entry in results.entries:
        here = [
            item
            for item in entry.implementations.select_related("region").all()
            if item.is_current and (item.is_nationwide or item.region_id == region.pk)
        ]
        codes = sorted(
            {code for item in here for code in item.service_language_list},
            key=lambda value: (value not in language_codes(), value),
        )
        entries.append(
            {
                "entry": entry,
                "implementations": here,
                "languages": [(value, language_label(value)) for value in codes],
                "in_swedish": "sv" in codes,
                "nationwide_only": all(item.is_nationwide for item in here),
            }
        )
    language_counts = results.facets.get("service_languages", {})
    every = search_entries(SearchRequest(language=language, regions=(region.code,), limit=0))
    return {
        "region": region,
        "bilingual": region.language_status != LanguageStatus.FINNISH,
        "entries": entries,
        "total": results.total,
        "chosen_language": chosen,
        "chosen_language_label": language_label(chosen) if chosen else "",
        "swedish_count": every.facets.get("service_languages", {}).get("sv", 0),
        "all_count": every.total,
        "language_links": [
            (code, language_label(code), count)
            for code, count in language_counts.items()
            if count or code == chosen
        ],
        "credit": REGIONS_CREDIT,
    }


# --- Reports from the field ----------------------------------------------------------------------


def _over_report_limit(request) -> bool:
    """Counts this sender's reports in the current hour. The address is kept only as a digest
    in the cache, for the hour, and never stored with the report."""
    limit = settings.IMPLEMENTATION_REPORT_RATE_LIMIT
    if not limit:
        return False
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    slot = int(time.time() // REPORT_WINDOW_SECONDS)
    key = f"reports:rate:{digest}:{slot}"
    cache.add(key, 0, REPORT_WINDOW_SECONDS + 1)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, REPORT_WINDOW_SECONDS + 1)
        count = 1
    return count > limit


def report_view(index_page, request, entry_key):
    """POST a report about one entry; it waits for an editor. Errors re-show the entry's form."""
    language = index_page.locale.language_code
    entry = public_entries(language).filter(translation_key=entry_key).first()
    if entry is None:
        raise Http404(_("No public entry has this id."))
    entry = entry.specific
    if request.method != "POST":
        return HttpResponseRedirect(entry.url + "#report")
    form = ImplementationReportForm(request.POST, locale=entry.locale, auto_id="report-%s")
    status = 400
    if _over_report_limit(request):
        form.is_valid()
        form.add_error(
            None,
            _("Too many reports from your address in the last hour. Please try again later."),
        )
        status = 429
    elif form.is_spam:
        form.is_valid()
        form.add_error(
            None, _("The report was refused: a field meant to stay empty was filled in.")
        )
    elif form.is_valid():
        report = form.save(commit=False)
        report.entry_key = entry.translation_key
        report.language = language
        report.save()
        return HttpResponseRedirect(entry.url + "?reported=1#report", status=303)
    context = entry.get_context(request)
    context["report_form"] = form
    response = TemplateResponse(request, entry.get_template(request), context, status=status)
    if status == 429:
        response["Retry-After"] = str(REPORT_WINDOW_SECONDS)
    return response
