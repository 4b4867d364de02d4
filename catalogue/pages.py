"""What the public catalogue and compare pages show: built from the search service, in one language."""

import sys
import uuid
from dataclasses import replace

from django.contrib.contenttypes.models import ContentType
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
from search.matching import SECTION_FIELDS, SNIPPET_FIELDS, highlight
from search.service import SearchRequest, SearchResults, public_entries, search_entries

from .forms import PAGE_SIZE, SORT_CHOICES, CatalogueForm
from .per_version import kept, request_version

COMPARE_MIN = 2
COMPARE_MAX = 4


def catalogue_context(index_page, request) -> dict:
    """Results, the filter panel with its counts, highlights and paging for the catalogue's GET
    parameters."""
    language = index_page.locale.language_code
    labels = _labels(request, language)
    form = CatalogueForm(request.GET, labels=labels)
    form.is_valid()
    # Instant filtering refreshes the results while a visitor types; those are not their searches.
    typing = request.headers.get("X-Search-Refresh") == "typing"
    search = form.search_request(language, record=not typing)
    # entries are the index page's children: their addresses follow from its own
    index_url = index_page.get_url(request)
    panels = kept(request, ("filter panels", translation.get_language(), index_url), dict)
    panel = None if form.errors else panels.get(_without_paging(search))
    results = _search(request, search, with_facets=panel is None)
    if panel is None:
        panel = _filter_panel(form, search, labels, results.facets, index_url)
        if not form.errors:
            _keep(panels, _without_paging(search), panel)

    page_number = search.offset // PAGE_SIZE + 1
    page_count = max(1, -(-results.total // PAGE_SIZE))
    chosen = chosen_for_comparison(request, language)
    chosen_ids = {str(entry.translation_key) for entry in chosen}
    cards, shown = _cards(request, index_url, search, results.ids, labels, chosen_ids)
    return {
        "form": form,
        "search": search,
        "chosen": chosen,
        "chosen_ids": chosen_ids,
        "chosen_elsewhere": [entry for entry in chosen if str(entry.translation_key) not in shown],
        "total": results.total,
        "cards": cards,
        "page_url": index_url,
        "filters": panel,
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


# searches whose filter panel, order of results or marked card texts are kept per version
SEARCHES_KEPT = 256


def _keep(store: dict, key, value) -> None:
    """store[key] = value, in a store of at most SEARCHES_KEPT searches."""
    if len(store) >= SEARCHES_KEPT:
        store.clear()
    store[key] = value


def _without_paging(search: SearchRequest) -> SearchRequest:
    """The search whatever its page and order: what the filter panel's counts depend on."""
    return replace(search, offset=0, limit=0, ordering="relevance", record=False)


def _search(request, search: SearchRequest, *, with_facets: bool) -> SearchResults:
    """The page of results, as ids: the search fetches no entries (the cards are kept, or read
    with only what a card shows).

    Without words to match, which entries match and their order depend only on the content
    version and the search without its page: the ids in order are kept per search, and each
    page is a part of them."""
    if search.query.strip():
        return search_entries(search, pages=False, with_facets=with_facets)
    orders = kept(request, "result orders", dict)
    key = replace(search, offset=0, limit=0, record=False)
    ids = orders.get(key)
    facets = {}
    if ids is None or with_facets:
        every = search_entries(
            replace(key, limit=sys.maxsize), pages=False, with_facets=with_facets
        )
        ids, facets = every.ids, every.facets
        _keep(orders, key, ids)
    return SearchResults(
        total=len(ids),
        entries=[],
        ids=ids[search.offset : search.offset + search.limit],
        facets=facets,
    )


def _filter_panel(form, search, labels, counts, index_url) -> str:
    """The filter panel: every filter with its values, counted for this search. It depends only
    on the search without its page and order (and on the form's errors, when it has any)."""
    return render_to_string(
        "catalogue/includes/filters.html",
        {
            "form": form,
            "search": search,
            "page_url": index_url,
            "facet_groups": _facet_groups(search, labels, counts),
            "evidence_options": _evidence_options(search, counts.get("evidence_level", {})),
            "kind_options": _kind_options(search, counts.get("kind", {})),
            "region_options": _region_options(search, labels, counts.get("regions", {})),
            "language_options": _language_options(search, counts.get("service_languages", {})),
            "age_options": _age_options(search),
            "is_filtered": _is_filtered(search),
            "chosen_filters": _chosen_filters(search),
        },
    )


def _labels(request, language: str) -> dict[str, dict[str, str]]:
    """Facet labels and region names as the API has them, kept for the content version."""
    # imported here: the API's serialisers load Wagtail's models, which are not ready while this
    # app's models are
    from api.serializers import facet_labels_for

    return kept(request, ("labels", language), lambda: facet_labels_for(language))


# Where a card's text goes: the frame around it is rendered once, the text only when a query
# marks words in it.
TEXT_SLOT = "\x00text\x00"

# What a card shows of an entry; with a query, also the texts where its words are marked.
CARD_FIELDS = (
    "pk",
    "title",
    "slug",
    "translation_key",
    "content_type_id",
    "locale_id",
    "summary",
    "evidence_level",
    "age_min",
    "age_max",
)
MARKED_FIELDS = SNIPPET_FIELDS + SECTION_FIELDS


class CardEntry:
    """An entry as its card shows it, read without its page object (see CARD_FIELDS)."""

    def __init__(self, values: dict):
        self.__dict__.update(values)
        self.kind = Kind.of(ContentType.objects.get_for_id(self.content_type_id).model_class())


def card_entries(page_ids, *, marked: bool = False) -> dict[int, CardEntry]:
    """{page id: CardEntry} in one query; `marked` adds the texts a query's words are marked in.

    The ids are the search service's, which gives only public entries: the fields are the
    published ones (a draft lives in its revision)."""
    fields = CARD_FIELDS + (MARKED_FIELDS if marked else ())
    rows = EntryPage.objects.filter(pk__in=page_ids).values(*fields)
    return {row["pk"]: CardEntry(row) for row in rows}


def _cards(request, index_url, search, page_ids, labels, chosen_ids) -> tuple[list[str], set[str]]:
    """The HTML of each result, and the ids of the entries shown.

    A card's frame (title, tags, target groups, compare box) is kept per content version,
    language and state of the compare box, and so is its text: as it is, or with the query's
    words marked (kept per query). Only the entries of what is not kept yet are read.
    """
    active = translation.get_language()
    frames = kept(request, ("card frames", active, index_url), dict)
    entry_ids = kept(request, "entry ids", dict)  # {page id: entry id}
    query = search.query.strip()
    if query:
        marked_texts = kept(request, ("marked card texts", active, search.language), dict)
        texts = marked_texts.get(query)
        if texts is None:
            texts = {}
            _keep(marked_texts, query, texts)
    else:
        texts = kept(request, ("card texts", active), dict)

    def kept_whole(pk) -> bool:
        return pk in entry_ids and (pk, entry_ids[pk] in chosen_ids) in frames and pk in texts

    whole = {pk for pk in page_ids if kept_whole(pk)}
    wanted = [pk for pk in page_ids if pk not in whole]
    entries = card_entries(wanted, marked=bool(query)) if wanted else {}
    for entry in entries.values():
        entry_ids[entry.pk] = str(entry.translation_key)
    ids = [pk for pk in page_ids if pk in whole or pk in entries]
    chosen = {pk: entry_ids[pk] in chosen_ids for pk in ids}

    unframed = [pk for pk in ids if (pk, chosen[pk]) not in frames]
    codes = entry_facet_codes(unframed, facets=("target_groups",)) if unframed else {}
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
    untexted = [entries[pk] for pk in ids if pk not in texts]
    highlights = highlight(search.query, untexted, request_version(request)) if query else {}
    for entry in untexted:
        texts[entry.pk] = _card_text(entry, highlights.get(entry.pk, {}))
    html = []
    for pk in ids:
        before, after = frames[pk, chosen[pk]]
        html.append(mark_safe(before + texts[pk] + after))
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


def _facet_groups(search, labels, counts) -> list[dict]:
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
