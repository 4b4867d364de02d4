"""The Elasticsearch/OpenSearch backend as data: index settings, mappings, documents and queries."""

from search import elasticsearch
from search.models import SearchDocument


def test_each_language_has_its_own_index_and_analyser():
    for language, analyser in (("fi", "finnish"), ("sv", "swedish"), ("en", "english")):
        body = elasticsearch.index_settings(language)
        assert elasticsearch.index_name(language).endswith(f"search_{language}")
        properties = body["mappings"]["properties"]
        assert properties["title"]["analyzer"] == analyser
        assert properties["names"]["fields"]["plain"]["analyzer"] == "plain"
        # our own analysis (Voikko base forms and compound parts for Finnish) rides along
        assert properties["title_terms"]["analyzer"] == "analysed_terms"
        assert body["settings"]["analysis"]["analyzer"]["analysed_terms"]["tokenizer"] == (
            "whitespace"
        )
        assert properties["topics"] == {"type": "keyword"}


def test_the_query_weighs_titles_and_names_and_tolerates_typos_on_longer_words(db):
    body = elasticsearch.build_query("perhekeskuksessa", "fi", {"topics": ("bullying",)})
    should = body["query"]["bool"]["should"]
    fuzzy = should[0]["multi_match"]
    assert fuzzy["fuzziness"] == "AUTO:5,8"
    assert fuzzy["minimum_should_match"] == "50%"
    assert fuzzy["fields"][:2] == ["title^10", "names^8"]
    analysed = should[2]["multi_match"]
    assert "perhekeskus" in analysed["query"].split()  # the Voikko base form (or its stem)
    assert analysed["fields"][0] == "title_terms^10"
    assert body["query"]["bool"]["filter"] == [{"terms": {"topics": ["bullying"]}}]
    assert set(body["aggs"]) == {
        "target_groups",
        "service_areas",
        "topics",
        "delivery_formats",
        "outcome_domains",
    }


def test_a_document_carries_names_in_every_language_and_its_facets(db):
    stored = SearchDocument.objects.get(language="sv", title="Familjecentrum")
    indexed = elasticsearch.document(stored, {"topics": ["parenting"]})
    assert "perhekeskus" in indexed["names"]
    assert "Familjecentrum" in indexed["suggest"]
    assert indexed["topics"] == ["parenting"]
    assert set(indexed) <= set(elasticsearch.index_settings("sv")["mappings"]["properties"])


def test_the_query_looks_for_the_synonyms_of_the_vocabulary_and_the_facet_labels(db):
    body = elasticsearch.build_query("uppförandeproblem", "sv")
    expansions = [
        clause["multi_match"]
        for clause in body["query"]["bool"]["should"]
        if clause["multi_match"].get("operator") == "and"
    ]
    looked_for = {tuple(expansion["query"].split()[:1]) for expansion in expansions}
    assert ("beteendeproblem",) in looked_for  # the editors' synonym, which is also a facet label
    assert all(expansion["fields"][0] == "title_terms^10" for expansion in expansions)


def test_every_section_is_indexed_and_weighted():
    properties = elasticsearch.index_settings("en")["mappings"]["properties"]
    for section in ("aims", "delivery", "training", "evidence"):
        assert section in properties and f"{section}_terms" in properties
    assert elasticsearch.FIELD_BOOSTS["evidence"] < elasticsearch.FIELD_BOOSTS["summary"]
