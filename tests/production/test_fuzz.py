"""Fuzzing, bounded in examples and time: the importer and the search service take any input
and answer with a clean, documented error, never another exception and never a half-written
library."""

import copy
import datetime
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page, Revision

from home.tree import ensure_site_tree
from methods.exchange import ExchangeError, import_library, validate
from methods.vocabulary import FACET_FIELDS, Kind, facet_models
from search.service import SearchRequest, search_entries

SMALL_LIBRARY = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "small_library.json").read_text()
)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=8,
)


def paths(value, prefix=()):
    """Every path into a JSON document, as tuples of keys and indexes."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, (*prefix, index))


ALL_PATHS = [path for path in paths(SMALL_LIBRARY) if path]


@st.composite
def broken_libraries(draw):
    """The small library with a few values replaced by random JSON, or removed."""
    document = copy.deepcopy(SMALL_LIBRARY)
    for _change in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent = document
        try:
            for key in path[:-1]:
                parent = parent[key]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = draw(json_values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this path
    return document


def library_state():
    counts = [model.objects.count() for model in facet_models().values()]
    return Page.objects.count(), Revision.objects.count(), counts


@FUZZ
@given(document=broken_libraries())
def test_a_broken_import_file_is_refused_cleanly_or_imported(db, document):
    before = library_state()
    savepoint = transaction.savepoint()
    try:
        import_library(
            validate(document, "fuzz.json"),
            "fuzz.json",
            parents=lambda language: ensure_site_tree()[language],
        )
    except (ExchangeError, ValidationError) as error:
        assert str(error)
        assert library_state() == before  # nothing half-written
    finally:
        transaction.savepoint_rollback(savepoint)


@FUZZ
@given(document=json_values)
def test_any_json_value_is_refused_as_a_library_with_a_clean_error(db, document):
    try:
        validate(document, "fuzz.json")
    except ExchangeError as error:
        assert str(error).startswith("fuzz.json")


codes = st.lists(
    st.sampled_from(["parents", "children", "school", "x" * 60, "", "ä-ö"]) | st.text(max_size=8),
    max_size=3,
).map(tuple)


@st.composite
def search_requests(draw):
    return SearchRequest(
        language=draw(st.sampled_from(["fi", "sv", "en"])),
        query=draw(st.text(max_size=300) | st.sampled_from(["vanhemmat", "föräldrar", "OR AND *"])),
        **{facet: draw(codes) for facet in FACET_FIELDS},
        age=draw(st.none() | st.integers(-(10**9), 10**9)),
        evidence_min=draw(st.none() | st.integers(-100, 100)),
        kind=draw(st.sampled_from([None, *Kind.values])),
        updated_since=draw(
            st.none()
            | st.datetimes(
                min_value=datetime.datetime(1900, 1, 1),
                max_value=datetime.datetime(2200, 1, 1),
                timezones=st.just(datetime.UTC),
            )
        ),
        ordering=draw(st.sampled_from(["relevance", "title", "-updated_at", "-evidence", "bad"])),
        offset=draw(st.integers(0, 10**6)),
        limit=draw(st.integers(0, 500)),
    )


@FUZZ
@given(request=search_requests())
def test_the_search_service_answers_any_request_or_says_what_is_wrong(db, request):
    try:
        results = search_entries(request)
    except ValueError as error:
        assert str(error)
        return
    assert results.total >= 0
    assert len(results.entries) <= request.limit
