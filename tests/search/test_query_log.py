"""The query log counts what people search for, keeps no personal data, and editors can read it."""

from search.models import SearchQuery
from search.service import SearchRequest, search_entries


def test_queries_from_people_are_counted_and_zero_results_kept(db):
    for query in ("Perhekeskus", "perhekeskus  ", "zzqx hakusana"):
        search_entries(SearchRequest(language="fi", query=query, record=True))
    popular = SearchQuery.objects.get(language="fi", query="perhekeskus")
    assert popular.times == 2 and popular.result_count >= 1
    assert SearchQuery.objects.get(language="fi", query="zzqx hakusana").result_count == 0


def test_the_log_holds_only_words_counts_and_dates(db):
    fields = {field.name for field in SearchQuery._meta.get_fields()}
    assert fields == {"id", "language", "query", "times", "result_count", "first_seen", "last_seen"}


def test_searches_not_typed_by_a_person_and_later_pages_are_not_counted(db):
    search_entries(SearchRequest(language="en", query="family"))
    search_entries(SearchRequest(language="en", query="family", record=True, offset=20))
    assert not SearchQuery.objects.exists()


def test_editors_see_zero_result_queries_by_language(admin_client, db):
    search_entries(SearchRequest(language="sv", query="zzqx sökord", record=True))
    search_entries(SearchRequest(language="sv", query="familjecenter", record=True))
    response = admin_client.get(
        "/admin/reports/search-queries/", {"zero_results": "true", "language": "sv"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "zzqx sökord" in page
    assert "familjecenter" not in page


def report(admin_client, **filters) -> str:
    response = admin_client.get("/admin/reports/search-queries/", filters)
    assert response.status_code == 200
    return response.content.decode()


def test_a_zero_result_search_on_the_site_reaches_the_editors_report(client, admin_client, db):
    response = client.get("/fi/menetelmat/", {"q": "zzqx sivuhaku"})
    assert response.status_code == 200
    assert "zzqx sivuhaku" in report(admin_client, zero_results="true", language="fi")


def test_a_search_through_the_api_reaches_the_editors_report(client, admin_client, db):
    response = client.get("/api/v1/methods/", {"lang": "en", "q": "zzqx qqxv"})
    assert response.status_code == 200 and response.json()["count"] == 0
    assert "zzqx qqxv" in report(admin_client, zero_results="true", language="en")


def test_typing_refreshes_later_pages_and_autocomplete_are_not_counted(client, db):
    client.get(
        "/fi/menetelmat/",
        {"q": "zzqx kesken", "partial": "1"},
        headers={"X-Search-Refresh": "typing"},
    )
    client.get("/fi/menetelmat/", {"q": "perhe", "page": "2"})
    client.get("/api/v1/methods/", {"lang": "fi", "q": "perhe", "offset": "20"})
    client.get("/api/v1/autocomplete/", {"lang": "fi", "q": "zzqx"})
    assert not SearchQuery.objects.exists()


def test_a_submitted_instant_search_is_counted_once(client, db):
    client.get("/sv/metoder/", {"q": "familjecenter", "partial": "1"})
    assert SearchQuery.objects.get(language="sv", query="familjecenter").times == 1
