"""Elasticsearch 9 / OpenSearch 3 backend, used when ELASTICSEARCH_URL is set.

One index per language with that language's analyser on the text fields. Elasticsearch has no
Voikko, so every text field also carries our own analysed terms (search.analysis: base forms,
compound parts, stems) in a `*_terms` field with a whitespace analyser; both are queried. Index
settings, mappings, documents and queries are plain data built here, so they are tested without a
server. Requests go through the official client: elasticsearch-py, or opensearch-py with
ELASTICSEARCH_FLAVOUR=opensearch, because OpenSearch refuses the Elasticsearch 9 client's
compatibility headers and the client in turn refuses a server that is not Elasticsearch.
"""

import os

import elasticsearch
import opensearchpy
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

from methods.vocabulary import FACET_FIELDS

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
RETRY_STATUSES = (429, 502, 503, 504)  # busy or restarting: worth another attempt
CLIENT_CLASSES = {
    "elasticsearch": elasticsearch.Elasticsearch,
    "opensearch": opensearchpy.OpenSearch,
}


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
    response = client().search(index=index_name(language), body=build_query(text, language))
    return {hit["_source"]["page_id"]: hit["_score"] for hit in response["hits"]["hits"]}


def recreate_index(language: str) -> None:
    engine = client()
    engine.indices.delete(index=index_name(language), ignore_unavailable=True)
    engine.indices.create(index=index_name(language), body=index_settings(language))


def index_documents(documents, facet_codes: dict[int, dict[str, list[str]]]) -> None:
    operations = []
    for search_document in documents:
        operations.append(
            {
                "index": {
                    "_index": index_name(search_document.language),
                    "_id": search_document.page_id,
                }
            }
        )
        operations.append(document(search_document, facet_codes.get(search_document.page_id)))
    if operations:
        client().bulk(body=operations, refresh="wait_for")


def delete_entries(translation_keys) -> None:
    body = {"query": {"terms": {"translation_key": [str(key) for key in translation_keys]}}}
    for language in LANGUAGE_ANALYSERS:
        client().delete_by_query(
            index=index_name(language), body=body, refresh=True, ignore_unavailable=True
        )


# --- the client


_client = None


def client():
    """The process's one client, whose connection pool every request reuses.

    Made on first use, so that each gunicorn worker makes its own after the fork, and made again
    after a fork or a change of the ELASTICSEARCH_* settings (tests override them).
    """
    global _client
    if _client is None:
        options = client_options()
        _client = CLIENT_CLASSES[settings.ELASTICSEARCH_FLAVOUR](**options)
    return _client


def client_options() -> dict:
    """The client's keyword arguments, from the ELASTICSEARCH_* settings.

    Retries go to the next attempt on connection errors, timeouts and 429/502/503/504 answers,
    at most ELASTICSEARCH_MAX_RETRIES times; ELASTICSEARCH_TIMEOUT bounds each attempt.
    """
    flavour = settings.ELASTICSEARCH_FLAVOUR
    api_key = settings.ELASTICSEARCH_API_KEY
    user, password = settings.ELASTICSEARCH_USER, settings.ELASTICSEARCH_PASSWORD
    ca_certs = settings.ELASTICSEARCH_CA_CERTS
    if flavour not in CLIENT_CLASSES:
        raise ImproperlyConfigured(
            f"ELASTICSEARCH_FLAVOUR: {flavour!r} is neither 'elasticsearch' nor 'opensearch'"
        )
    if api_key and (user or password):
        raise ImproperlyConfigured(
            "Set ELASTICSEARCH_API_KEY or ELASTICSEARCH_USER and ELASTICSEARCH_PASSWORD, not both"
        )
    if bool(user) != bool(password):
        raise ImproperlyConfigured("ELASTICSEARCH_USER and ELASTICSEARCH_PASSWORD go together")
    if api_key and flavour == "opensearch":
        raise ImproperlyConfigured(
            "ELASTICSEARCH_API_KEY is for Elasticsearch; "
            "OpenSearch takes ELASTICSEARCH_USER and ELASTICSEARCH_PASSWORD"
        )
    if ca_certs and not os.path.isfile(ca_certs):
        raise ImproperlyConfigured(f"ELASTICSEARCH_CA_CERTS: {ca_certs} is not a file")
    timeout = "request_timeout" if flavour == "elasticsearch" else "timeout"
    options = {
        "hosts": [settings.ELASTICSEARCH_URL],
        timeout: settings.ELASTICSEARCH_TIMEOUT,
        "max_retries": settings.ELASTICSEARCH_MAX_RETRIES,
        "retry_on_timeout": True,
        "retry_on_status": RETRY_STATUSES,
    }
    if api_key:
        options["api_key"] = api_key
    if user:
        options["basic_auth" if flavour == "elasticsearch" else "http_auth"] = (user, password)
    if ca_certs:
        options["ca_certs"] = ca_certs
    return options


def forget_client(**kwargs) -> None:
    """Drop the client; the next request makes a new one (with its own connections)."""
    global _client
    setting = kwargs.get("setting", "ELASTICSEARCH_")
    if setting.startswith("ELASTICSEARCH_"):
        _client = None


# A forked child must not share the parent's sockets.
os.register_at_fork(after_in_child=forget_client)
setting_changed.connect(forget_client)
