"""Elasticsearch 9 / OpenSearch 3 backend, used when ELASTICSEARCH_URL is set.

One index per language with that language's analyser on the text fields. Elasticsearch has no
Voikko, so every text field also carries our own analysed terms (search.analysis: base forms,
compound parts, stems) in a `*_terms` field with a whitespace analyser; both are queried. Index
settings, mappings, documents and queries are plain data built here, so they are tested without a
server; requests go over HTTP with the standard library.
"""

import json
import urllib.error
import urllib.request

from django.conf import settings

from .analysis import terms_text
from .engine import MAX_MATCHES, analyse_query

LANGUAGE_ANALYSERS = {"fi": "finnish", "sv": "swedish", "en": "english"}
# the sections of search.models.SECTIONS, weighted as on the databases (search.engine)
FIELD_BOOSTS = {
    "title": 10,
    "names": 8,
    "summary": 4,
    "aims": 3,
    "delivery": 2,
    "training": 1.5,
    "evidence": 1.5,
    "body": 1,
}
MINIMUM_SHOULD_MATCH = "50%"  # of the query's words (rounded down, at least one)
SYNONYM_BOOST = 0.8
FUZZINESS = "AUTO:5,8"  # no edits below 5 characters, one from 5, two from 8
FACET_FIELDS = ("target_groups", "service_areas", "topics", "delivery_formats")
TIMEOUT_SECONDS = 5


def index_name(language: str) -> str:
    prefix = getattr(settings, "ELASTICSEARCH_INDEX_PREFIX", "lape_")
    return f"{prefix}search_{language}"


def index_settings(language: str) -> dict:
    """Settings and mappings of one language's index."""
    analyser = LANGUAGE_ANALYSERS[language]
    text = {
        "type": "text",
        "analyzer": analyser,
        "fields": {"plain": {"type": "text", "analyzer": "plain"}},
    }
    terms = {"type": "text", "analyzer": "analysed_terms", "similarity": "BM25"}
    properties = {
        "page_id": {"type": "long"},
        "translation_key": {"type": "keyword"},
        "kind": {"type": "keyword"},
        "evidence_level": {"type": "integer"},
        **{field: {"type": "keyword"} for field in FACET_FIELDS},
        "suggest": {"type": "search_as_you_type", "analyzer": "plain"},
    }
    for field in FIELD_BOOSTS:
        properties[field] = text
        properties[f"{field}_terms"] = terms
    return {
        "settings": {
            "number_of_shards": 1,
            "analysis": {
                "analyzer": {
                    "plain": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
                    # our pre-analysed terms: already lower-case, space-separated
                    "analysed_terms": {"type": "custom", "tokenizer": "whitespace"},
                }
            },
        },
        "mappings": {"dynamic": "strict", "properties": properties},
    }


def document(search_document, facet_codes: dict[str, list[str]] | None = None) -> dict:
    """The indexed form of one SearchDocument."""
    facet_codes = facet_codes or {}
    return {
        "page_id": search_document.page_id,
        "translation_key": str(search_document.translation_key),
        "title": search_document.title,
        "names": search_document.names,
        **{field: getattr(search_document, field) for field in FIELD_BOOSTS},
        **{f"{field}_terms": getattr(search_document, f"{field}_terms") for field in FIELD_BOOSTS},
        "suggest": search_document.name_list(),
        **{field: facet_codes.get(field, []) for field in FACET_FIELDS},
    }


def build_query(
    text: str,
    language: str,
    filters: dict | None = None,
    size=MAX_MATCHES,
    *,
    synonyms: list[str] | None = None,
) -> dict:
    """The search request body: relevance over both field families, facet filters and counts.

    Synonyms (the editors' vocabulary and the facet labels, search.lexicon) expand the query:
    each is one more way to match, all of its words required. Without `synonyms`, those of the
    current vocabulary are used.
    """
    if synonyms is None:
        synonyms = analyse_query(text, language).synonyms
    fields = [f"{field}^{boost}" for field, boost in FIELD_BOOSTS.items()]
    plain_fields = [f"{field}.plain^{boost}" for field, boost in FIELD_BOOSTS.items()]
    term_fields = [f"{field}_terms^{boost}" for field, boost in FIELD_BOOSTS.items()]
    filters = filters or {}
    return {
        "size": size,
        "_source": ["page_id"],
        "query": {
            "bool": {
                "should": [
                    {
                        "multi_match": {
                            "query": text,
                            "fields": fields,
                            "type": "best_fields",
                            "fuzziness": FUZZINESS,
                            "prefix_length": 1,
                            "minimum_should_match": MINIMUM_SHOULD_MATCH,
                        }
                    },
                    {"multi_match": {"query": text, "fields": plain_fields, "type": "phrase"}},
                    {
                        "multi_match": {
                            "query": terms_text(language, text),
                            "fields": term_fields,
                            "type": "most_fields",
                            "minimum_should_match": MINIMUM_SHOULD_MATCH,
                        }
                    },
                    *(
                        {
                            "multi_match": {
                                "query": terms_text(language, synonym),
                                "fields": term_fields,
                                "type": "cross_fields",
                                "operator": "and",
                                "boost": SYNONYM_BOOST,
                            }
                        }
                        for synonym in synonyms
                        if terms_text(language, synonym)
                    ),
                ],
                "minimum_should_match": 1,
                "filter": [
                    {"terms": {field: list(codes)}} for field, codes in filters.items() if codes
                ],
            }
        },
        "aggs": {field: {"terms": {"field": field, "size": 100}} for field in FACET_FIELDS},
    }


def match(text: str, language: str) -> dict[int, float]:
    """{page pk: score} from the language's index."""
    response = request("POST", f"/{index_name(language)}/_search", build_query(text, language))
    return {hit["_source"]["page_id"]: hit["_score"] for hit in response["hits"]["hits"]}


def recreate_index(language: str) -> None:
    request("DELETE", f"/{index_name(language)}", missing_ok=True)
    request("PUT", f"/{index_name(language)}", index_settings(language))


def index_documents(documents, facet_codes: dict[int, dict[str, list[str]]]) -> None:
    lines = []
    for search_document in documents:
        lines.append(
            {
                "index": {
                    "_index": index_name(search_document.language),
                    "_id": search_document.page_id,
                }
            }
        )
        lines.append(document(search_document, facet_codes.get(search_document.page_id)))
    if lines:
        body = "".join(json.dumps(line) + "\n" for line in lines)
        request("POST", "/_bulk?refresh=wait_for", body, content_type="application/x-ndjson")


def delete_entries(translation_keys) -> None:
    body = {"query": {"terms": {"translation_key": [str(key) for key in translation_keys]}}}
    for language in LANGUAGE_ANALYSERS:
        request(
            "POST", f"/{index_name(language)}/_delete_by_query?refresh=true", body, missing_ok=True
        )


def request(
    method: str, path: str, body=None, *, content_type="application/json", missing_ok=False
):
    data = None
    if body is not None:
        data = (body if isinstance(body, str) else json.dumps(body)).encode()
    http_request = urllib.request.Request(
        settings.ELASTICSEARCH_URL.rstrip("/") + path,
        data=data,
        method=method,
        headers={"Content-Type": content_type},
    )
    try:
        with urllib.request.urlopen(http_request, timeout=TIMEOUT_SECONDS) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        if missing_ok and error.code == 404:
            return {}
        raise
