"""Language analysis: Voikko base forms and compound parts for Finnish, Snowball otherwise."""

import logging
import sys

import pytest

from search.analysis import Analyser, analyser


def test_finnish_falls_back_to_snowball_and_says_so(monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "libvoikko", None)  # as if the library were not installed
    with caplog.at_level(logging.WARNING, logger="search.analysis"):
        finnish = Analyser("fi")
    assert not finnish.uses_voikko
    assert "falls back to Snowball" in caplog.text
    assert "perhekeskuks" in finnish.word_terms("perhekeskuksessa")


@pytest.mark.skipif(not analyser("fi").uses_voikko, reason="Voikko is not installed")
def test_finnish_words_get_base_forms_and_compound_parts():
    terms = analyser("fi").word_terms("perhekeskuksessa")
    assert {"perhekeskus", "perhe", "keskus"} <= set(terms)


def test_swedish_and_english_are_stemmed():
    assert "familj" in analyser("sv").word_terms("familjer")
    assert analyser("en").word_terms("centres") == ("centres", "centr")


def test_names_keep_their_plain_form_and_stopwords_are_dropped():
    assert analyser("en").query_words("support for a parent") == ["support", "parent"]
    assert analyser("en").query_words("the of") == ["the", "of"]  # nothing else left: keep them
