"""What the public catalogue and compare pages show: built from the search service, in one language."""

import uuid

from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from methods.evidence import EvidenceLevel, level_code
from methods.evidence import scale as evidence_scale
from methods.implementations import language_label
from methods.models import AGE_LIMIT, EntryPage
from methods.registries import explain
from methods.studies import measures_for, present_studies
from methods.taxonomy import facet_labels
from methods.visibility import publicly_visible
from methods.vocabulary import FACET_FIELDS, FACETS, Kind, entry_facet_codes
from search.matching import SECTION_FIELDS
from search.service import SearchRequest, public_entries, search_entries

from .forms import PAGE_SIZE, SORT_CHOICES, CatalogueForm
from .per_version import kept

COMPARE_MIN = 2
COMPARE_MAX = 4


def catalogue_context(index_page, request) -> dict:
    """Results, facet counts, highlights and paging for the catalogue's GET parameters."""
    language = index_page.locale.language_code
    labels = _labels(request, language)
    form = CatalogueForm(request.GET, labels=labels)
    form.is_valid()
    # Instant filtering refreshes the results while a visitor types; those are not their searches.
    typing = request.headers.get("X-Search-Refresh") == "typing"
    search = form.search_request(language, record=not typing)
    # Without words to mark in them, the results are cards kept for the content version: the
    # search need not fetch its page of entries (_cards fetches those whose cards are not kept).
    results = search_entries(search, pages=bool(search.query.strip()))

    page_number = search.offset // PAGE_SIZE + 1
    page_count = max(1, -(-results.total // PAGE_SIZE))
    chosen = chosen_for_comparison(request, language)
    chosen_ids = {str(entry.translation_key) for entry in chosen}
    cards, shown = _cards(index_page, request, results, labels, chosen_ids)
    return {
        "form": form,
        "search": search,
        "chosen": chosen,
        "chosen_ids": chosen_ids,
        "chosen_elsewhere": [entry for entry in chosen if str(entry.translation_key) not in shown],
        "total": results.total,
        "cards": cards,
        "facet_groups": _facet_groups(form, search, labels, results.facets),
        "evidence_options": _evidence_options(search, results.facets.get("evidence_level", {})),
        "kind_options": _kind_options(search, results.facets.get("kind", {})),
        "region_options": _region_options(search, labels, results.facets.get("regions", {})),
        "language_options": _language_options(search, results.facets.get("service_languages", {})),
        "age_options": _age_options(search),
        "is_filtered": _is_filtered(search),
        "chosen_filters": _chosen_filters(search),
        "sort_options": _sort_options(search),
        "page_number": page_number,
        "page_count": page_count,
        "previous_url": _page_url(request, page_number - 1) if page_number > 1 else "",
        "next_url": _page_url(request, page_number + 1) if page_number < page_count else "",
        "synonyms": results.synonyms,
        "suggestion": results.suggestion,
        "suggestion_url": _query_url(request, results.suggestion) if results.suggestion else "",
        "browse_groups": _browse_groups(labels, results.browse) if results.browse else [],
    }


def _labels(request, language: str) -> dict[str, dict[str, str]]:
    """Facet labels and region names as the API has them, kept for the content version."""
    # imported here: the API's serialisers load Wagtail's models, which are not ready while this
    # app's models are
    from api.serializers import facet_labels_for

    return kept(request, ("labels", language), lambda: facet_labels_for(language))


# Where a card's text goes: the frame around it is rendered once, the text only when a query
# marks words in it.
TEXT_SLOT = "\x00text\x00"


def _cards(index_page, request, results, labels, chosen_ids) -> tuple[list[str], set[str]]:
    """The HTML of each result, and the ids of the entries shown.

    A card's frame (title, tags, target groups, compare box) is rendered once per content
    version, language and state of the compare box, and so is its text unless the query
    highlights words in it; an entry is fetched only for what is not kept yet.
    """
    # entries are the index page's children: their addresses follow from its own, without a
    # lookup of the site per entry
    index_url = index_page.get_url(request)
    active = translation.get_language()
    frames = kept(request, ("card frames", active, index_url), dict)
    texts = kept(request, ("card texts", active), dict)
    entry_ids = kept(request, "entry ids", dict)  # {page id: entry id}
    entries = {entry.pk: entry for entry in results.entries}

    def kept_whole(pk) -> bool:
        return (
            pk in entry_ids
            and (pk, entry_ids[pk] in chosen_ids) in frames
            and (pk in texts or bool(results.highlights.get(pk)))
        )

    wanted = [pk for pk in results.ids if pk not in entries and not kept_whole(pk)]
    if wanted:
        entries.update((entry.pk, entry) for entry in EntryPage.objects.filter(pk__in=wanted))
    for entry in entries.values():
        entry_ids[entry.pk] = str(entry.translation_key)
    ids = [pk for pk in results.ids if pk in entry_ids]
    chosen = {pk: entry_ids[pk] in chosen_ids for pk in ids}

    unframed = [pk for pk in ids if (pk, chosen[pk]) not in frames]
    codes = entry_facet_codes(unframed) if unframed else {}
    for pk in unframed:
        entry = entries[pk]
        frame = render_to_string(
            "catalogue/includes/result.html",
            {
                "entry": entry,
                "url": f"{index_url}{entry.slug}/",
                "target_groups": [
                    labels["target_groups"].get(code, code) for code in codes[pk]["target_groups"]
                ],
                "chosen": chosen[pk],
                "text": TEXT_SLOT,
            },
        )
        frames[pk, chosen[pk]] = frame.split(TEXT_SLOT)
    html = []
    for pk in ids:
        highlights = results.highlights.get(pk)
        if highlights:
            text = _card_text(entries[pk], highlights)
        else:
            text = texts.get(pk)
            if text is None:
                text = texts[pk] = _card_text(entries[pk], {})
        before, after = frames[pk, chosen[pk]]
        html.append(mark_safe(before + text + after))
    return html, {entry_ids[pk] for pk in ids}


def _card_text(entry, highlights: dict) -> str:
    return render_to_string(
        "catalogue/includes/result_text.html",
        {
            "entry": entry,
            "highlights": highlights,
            "matched_in": _matched_sections(highlights),
        },
    )


def _matched_sections(highlights: dict) -> list[dict]:
    """The longer sections where the query matched, each with its name and a marked fragment."""
    return [
        {"label": EntryPage._meta.get_field(name).verbose_name, "snippet": snippet}
        for name, snippet in highlights.items()
        if name in SECTION_FIELDS
    ]


def _query_url(request, query: str) -> str:
    params = request.GET.copy()
    for name in ("partial", "page"):
        params.pop(name, None)
    params["q"] = query
    return "?" + params.urlencode()


def _browse_groups(labels, counts) -> list[dict]:
    """When nothing matched: every facet's values that have entries, each a link on its own."""
    groups = []
    for spec in FACETS:
        options = [
            {
                "label": label,
                "count": counts[spec.field].get(code, 0),
                "query": f"{spec.parameter}={code}",
            }
            for code, label in labels[spec.field].items()
            if counts.get(spec.field, {}).get(code, 0)
        ]
        if options:
            groups.append({"legend": spec.label, "options": options})
    return groups


def _is_filtered(search) -> bool:
    return bool(
        search.query.strip()
        or any(search.facet_codes(facet) for facet in FACET_FIELDS)
        or search.age is not None
        or search.evidence_min is not None
        or search.kind
        or search.regions
        or search.service_languages
        or search.measure_free
        or search.measure_language
    )


def _region_options(search, labels, counts) -> list[dict]:
    return [
        {
            "value": code,
            "label": name,
            "count": counts.get(code, 0),
            "selected": code in search.regions,
        }
        for code, name in labels["regions"].items()
    ]


def _language_options(search, counts) -> list[dict]:
    chosen = set(search.service_languages)
    return [
        {
            "value": code,
            "label": language_label(code),
            "count": count,
            "checked": code in chosen,
            "id": f"filter-service_language-{code}",
        }
        for code, count in counts.items()
        if count or code in chosen
    ]


def _age_options(search) -> list[dict]:
    return [
        {
            "value": age,
            "label": ngettext("%(years)s year", "%(years)s years", age) % {"years": age},
            "selected": search.age == age,
        }
        for age in range(0, AGE_LIMIT + 1)
    ]


def _chosen_filters(search) -> int:
    """How many filter values are chosen, for the folded filters' label on narrow screens."""
    return (
        sum(len(search.facet_codes(facet)) for facet in FACET_FIELDS)
        + (search.age is not None)
        + (search.evidence_min is not None)
        + bool(search.kind)
        + len(search.regions)
        + len(search.service_languages)
    )


def _sort_options(search) -> list[dict]:
    """The sort control's choices. Relevance stays the default without words to match (the search
    service then orders by title), so that words typed later are ranked by relevance."""
    return [
        {"value": value, "label": label, "selected": value == search.ordering}
        for value, label in SORT_CHOICES
    ]


def _facet_groups(form, search, labels, counts) -> list[dict]:
    groups = []
    for spec in FACETS:
        facet, parameter = spec.field, spec.parameter
        chosen = set(search.facet_codes(facet))
        options = [
            {
                "code": code,
                "label": label,
                "count": counts.get(facet, {}).get(code, 0),
                "checked": code in chosen,
                "id": f"filter-{parameter}-{code}",
            }
            for code, label in labels[facet].items()
        ]
        # values that give nothing are noise, unless the visitor chose them
        options = [option for option in options if option["count"] or option["checked"]]
        groups.append({"parameter": parameter, "legend": spec.label, "options": options})
    return groups


def _evidence_options(search, counts) -> list[dict]:
    return [
        {
            "value": str(level),
            "label": EvidenceLevel(level).label,
            "count": counts.get(str(level), 0),
            "checked": search.evidence_min == level,
        }
        for level in (5, 4, 3, 2, 1)
    ]


def _kind_options(search, counts) -> list[dict]:
    return [
        {
            "value": kind.value,
            "label": label,
            "count": counts.get(kind.value, 0),
            "checked": search.kind == kind.value,
        }
        for kind, label in ((Kind.METHOD, _("Methods")), (Kind.MODEL, _("Service models")))
    ]


def _page_url(request, number: int) -> str:
    params = request.GET.copy()
    params.pop("partial", None)
    params["page"] = str(number)
    return "?" + params.urlencode()


def compare_context(index_page, request) -> tuple[dict, int]:
    """The entries chosen by id (2 to 4), side by side; an explanation instead when the choice is off."""
    raw_ids = [
        part.strip()
        for name in ("ids", "compare")
        for value in request.GET.getlist(name)
        for part in value.split(",")
    ]
    raw_ids = [value for value in raw_ids if value]
    context = {
        "entries": [],
        "error": "",
        "missing": 0,
        "language": index_page.locale.language_code,
    }
    ids = []
    for value in raw_ids:
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            context["error"] = _("“%(value)s” is not an entry id.") % {"value": value[:60]}
            return context, 400
    ids = list(dict.fromkeys(ids))
    if len(ids) > COMPARE_MAX:
        context["error"] = _("Choose at most %(max)s entries to compare; you chose %(count)s.") % {
            "max": COMPARE_MAX,
            "count": len(ids),
        }
        return context, 400
    found = public_entries(index_page.locale.language_code).filter(translation_key__in=ids)
    by_key = {entry.translation_key: entry for entry in found}
    entries = [by_key[key] for key in ids if key in by_key]
    prefetch_related_objects(entries, *FACET_FIELDS)
    labels = facet_labels(index_page.locale)
    context["missing"] = len(ids) - len(entries)
    context["entries"] = [
        {
            "entry": entry,
            "facets": {
                facet: [
                    labels[facet].get(row.code, row.name) for row in getattr(entry, facet).all()
                ]
                for facet in FACET_FIELDS
            },
            "evidence_code": level_code(entry.evidence_level)
            if entry.evidence_level is not None
            else "",
            "evidence_label": EvidenceLevel(entry.evidence_level).label
            if entry.evidence_level is not None
            else "",
            "studies": [
                {
                    "design": item["design"],
                    "n": item["study"].sample_size,
                    "country": item["country"],
                }
                for item in present_studies(entry.studies.all(), context["language"], {})
            ],
            "registry_ratings": [
                {"rating": rating, "explanation": explain(rating.registry, rating.label)}
                for rating in entry.registry_ratings.all()
            ],
        }
        for entry in entries
    ]
    if len(entries) < COMPARE_MIN:
        context["error"] = _("Choose two to four entries in the catalogue to compare them.")
    # UUIDs and commas need no escaping; a readable link is easier to share
    context["share_query"] = "ids=" + ",".join(str(entry.translation_key) for entry in entries)
    return context, 200


def chosen_for_comparison(request, language: str) -> list:
    """The public entries chosen for comparison (`compare=ID`, repeatable), which a new search
    carries along; ids that cannot be read or are not public are left out."""
    ids = []
    if "compare" not in request.GET:
        return []
    for value in request.GET.getlist("compare")[:COMPARE_MAX]:
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            continue
    found = {e.translation_key: e for e in public_entries(language).filter(translation_key__in=ids)}
    return [found[key] for key in dict.fromkeys(ids) if key in found]


def home_context(home_page) -> dict:
    """What the library is, entry points by target group, service area and topic with counts, the
    evidence scale explained, and the latest updated entries."""
    language = home_page.locale.language_code
    labels = facet_labels(home_page.locale)
    results = search_entries(SearchRequest(language=language, ordering="-updated_at", limit=6))
    # the method index is the only kind of page a home page has below it
    catalogue = publicly_visible(home_page.get_children()).specific().first()

    def entry_points(facet):
        counts = results.facets.get(facet, {})
        return [
            {"code": code, "label": label, "count": counts.get(code, 0)}
            for code, label in labels[facet].items()
            if counts.get(code, 0)
        ]

    return {
        "catalogue": catalogue,
        "total": results.total,
        "latest": results.entries,
        "target_groups": entry_points("target_groups"),
        "service_areas": entry_points("service_areas"),
        "topics": entry_points("topics"),
        "evidence_scale": evidence_scale(),
    }


def measures_context(index_page, request) -> tuple[dict, int]:
    """Every measure, or those of the chosen outcome domains (`domain`, repeatable)."""
    language = index_page.locale.language_code
    labels = facet_labels(index_page.locale)["outcome_domains"]
    chosen = [code for code in request.GET.getlist("domain") if code]
    unknown = [code for code in chosen if code not in labels]
    context = {
        "domain_options": [
            {"code": code, "label": label, "checked": code in chosen}
            for code, label in labels.items()
        ],
        "error": "",
    }
    if unknown:
        context["error"] = _("Unknown outcome domain: %(codes)s.") % {"codes": ", ".join(unknown)}
        context["measures"] = []
        return context, 400
    context["measures"] = _measure_rows(measures_for(language, domains=chosen), labels)
    return context, 200


def measure_context(index_page, code: str) -> dict | None:
    """One measure's page, or None when there is no such measure."""
    labels = facet_labels(index_page.locale)["outcome_domains"]
    found = measures_for(index_page.locale.language_code, code=code)
    return {"measure": _measure_rows(found, labels)[0]} if found else None


def _measure_rows(views, labels) -> list[dict]:
    return [
        {
            "code": view.source.code,
            "source": view.source,
            "text": view.text,
            "domains": [labels.get(domain.code, domain.name) for domain in view.domains],
            "used_by": view.used_by,
        }
        for view in views
    ]
