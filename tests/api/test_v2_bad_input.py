"""Wagtail's API v2 answers any input with 200, 400 or 404 and JSON, never 500: NUL bytes, long
searches, huge offsets, odd locales and whatever a fuzzer makes of its parameters."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)

REPORTED = [
    "/api/v2/pages/?search=%00",
    "/api/v2/pages/?search=" + "+".join(["vanhemmat"] * 160),
    "/api/v2/pages/?offset=9223372036854775808",
    "/api/v2/pages/?locale=%00",
    "/api/v2/pages/find/?html_path=%00",
    "/api/v2/pages/find/?id=%00",
    "/api/v2/images/?search=%00",
    "/api/v2/images/?offset=9223372036854775808",
    "/api/v2/documents/?search=%00",
    "/api/v2/documents/?offset=9223372036854775808",
    "/api/v2/pages/?search=%22",
    "/api/v2/pages/?search=%20",
    "/api/v2/pages/?search=%0A",
    "/api/v2/images/?search=%0A",
    "/api/v2/pages/?child_of=99999999999999999999",
]


@pytest.mark.parametrize("path", REPORTED)
def test_reported_inputs_answer_400(client, db, path):
    response = client.get(path)
    assert response.status_code == 400, path
    assert response.json()["message"]


ENDPOINTS = {
    "/api/v2/pages/": [
        "search",
        "search_operator",
        "offset",
        "limit",
        "fields",
        "order",
        "type",
        "child_of",
        "descendant_of",
        "ancestor_of",
        "translation_of",
        "locale",
        "slug",
        "title",
        "show_in_menus",
        "has_children",
    ],
    "/api/v2/pages/find/": ["html_path", "id", "locale", "site"],
    "/api/v2/images/": ["search", "offset", "limit", "fields", "order", "title", "tags"],
    "/api/v2/documents/": ["search", "offset", "limit", "fields", "order", "title", "tags"],
}

values = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="\"*^:()-+ \x00\n'\\%&#", max_size=10),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["fi", "sv", "en", "methods.MethodPage", "title", "-title", "*", "and", "or"]),
)


@st.composite
def queries(draw, names):
    chosen = draw(st.lists(st.sampled_from(names) | st.text(max_size=8), max_size=4))
    return [(name, draw(values)) for name in chosen]


def fuzz(path):
    @FUZZ
    @given(query=queries(ENDPOINTS[path]))
    def run(client, query):
        response = client.get(path, query and dict(query))
        assert response.status_code in (200, 302, 400, 404), (path, query, response.status_code)
        if response.status_code == 302:  # find: to the detail of what it found
            return
        assert response["Content-Type"].startswith("application/json"), (path, query)

    return run


@pytest.mark.parametrize("path", list(ENDPOINTS))
def test_any_query_answers_200_400_or_404_with_json(client, db, path):
    fuzz(path)(client)


@FUZZ
@given(page_id=st.integers(-(2**70), 2**70) | st.text(max_size=12))
def test_any_detail_path_answers_200_400_or_404(client, db, page_id):
    for endpoint in ("pages", "images", "documents"):
        response = client.get(f"/api/v2/{endpoint}/{page_id}/")
        assert response.status_code in (200, 301, 400, 404), (endpoint, page_id)
