"""The site's page cache: anonymous pages come from the cache until the content version moves,
with ETag and 304; editors, drafts and pages with cookie-dependent parts never go through it."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from methods.models import EntryPage, MethodPage
from search.models import SearchQuery
from tests.factories import MethodFactory

CATALOGUE = "/fi/menetelmat/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.SITE_CACHE_TIMEOUT = 3600
    cache.clear()
    yield
    cache.clear()


def queries(client, url, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    return response, len(captured)


def test_a_page_seen_again_is_answered_with_one_query_and_the_same_etag(client, db):
    first, rendered = queries(client, CATALOGUE)
    again, cached = queries(client, CATALOGUE)
    assert rendered > 3
    assert cached == 1  # the content version
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "public, no-cache"
    assert "Last-Modified" in again


def test_a_visitor_who_has_the_page_gets_304(client, db):
    etag = client.get(CATALOGUE)["ETag"]
    response = client.get(CATALOGUE, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert client.get(CATALOGUE, headers={"If-None-Match": '"old"'}).status_code == 200


def test_each_query_string_is_its_own_page(client, db):
    everything = client.get(CATALOGUE).content
    models = client.get(CATALOGUE + "?kind=model").content
    assert everything != models
    assert client.get(CATALOGUE + "?kind=model").content == models


def test_a_publish_shows_at_once_and_a_draft_never(client, db):
    page = MethodFactory(title="Vanha nimi", slug="valimuisti", summary="Tiivistelmä")
    etag = client.get(CATALOGUE)["ETag"]
    assert "Vanha nimi" in client.get(page.url).content.decode()

    draft = MethodPage.objects.get(pk=page.pk)
    draft.title = "Luonnoksen nimi"
    draft.save_revision()
    for url in (CATALOGUE, page.url, "/fi/"):
        assert "Luonnoksen nimi" not in client.get(url).content.decode(), url

    MethodPage.objects.get(pk=page.pk).get_latest_revision().publish()
    response = client.get(CATALOGUE, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Luonnoksen nimi" in response.content.decode()
    assert "Luonnoksen nimi" in client.get(page.url).content.decode()


def test_an_unpublished_entry_leaves_the_cached_pages_at_once(client, db):
    page = MethodFactory(title="Pian poistuva", slug="pian-poistuva")
    assert "Pian poistuva" in client.get(CATALOGUE).content.decode()
    MethodPage.objects.get(pk=page.pk).unpublish()
    assert "Pian poistuva" not in client.get(CATALOGUE).content.decode()
    assert client.get(page.url).status_code == 404


def test_a_signed_in_editor_never_gets_a_cached_page(client, django_user_model, db):
    entry = EntryPage.objects.live().filter(locale__language_code="fi").first()
    cached_title = entry.title
    client.get(entry.url)
    # changed behind the content version's back: only a fresh rendering shows it
    EntryPage.objects.filter(pk=entry.pk).update(title="Tuore nimi")
    assert cached_title in client.get(entry.url).content.decode()
    editor = django_user_model.objects.create_superuser("toimittaja", "t@example.org", "pw")
    client.force_login(editor)
    response, count = queries(client, entry.url)
    assert "Tuore nimi" in response.content.decode()
    assert count > 1
    assert "ETag" not in response


def test_a_page_with_a_csrf_form_is_never_stored(client, db):
    page = MethodFactory(title="Salasanan takana", slug="salasana")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    tokens = []
    for _ in range(2):
        response = client.get(page.url)
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert "Salasanan takana" not in response.content.decode()
        tokens.append(response.cookies["csrftoken"].value)
        client.cookies.clear()
    assert tokens[0] != tokens[1]


def test_a_cached_search_still_counts_in_the_query_log(client, db):
    client.get(CATALOGUE + "?q=perhe")
    client.get(CATALOGUE + "?q=perhe")
    client.get(CATALOGUE + "?q=perhe&partial=1", headers={"X-Search-Refresh": "typing"})
    assert SearchQuery.objects.get(language="fi", query="perhe").times == 2


def test_the_admin_and_the_api_are_not_cached_here(admin_client, db):
    assert "ETag" not in admin_client.get("/admin/")
    assert admin_client.get("/admin/").status_code == 200


def test_an_entry_page_seen_again_comes_from_the_cache(client, db):
    """The report form on every entry page is anonymous and carries no CSRF token (it sets no
    cookie), so entry pages are cached like the catalogue."""
    entry = EntryPage.objects.live().filter(locale__language_code="fi").first()
    first, rendered = queries(client, entry.url)
    again, cached = queries(client, entry.url)
    assert 'id="report"' in first.content.decode()
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert "csrftoken" not in first.cookies
    assert rendered > 3
    assert cached == 1  # the content version
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]


def test_repeated_parameters_in_another_order_are_another_page(client, db):
    """The page reads the last of repeated values, so their order is part of the key."""
    first = client.get(CATALOGUE + "?q=perhe&q=koulu").content.decode()
    second = client.get(CATALOGUE + "?q=koulu&q=perhe").content.decode()
    assert 'value="koulu"' in first
    assert 'value="perhe"' in second


@pytest.fixture
def version_read_once_a_minute(settings):
    from methods import content_version

    settings.SEARCH_VERSION_CHECK_SECONDS = 60
    content_version._forget_last_read()
    yield content_version
    content_version._forget_last_read()


def test_a_cached_page_reads_the_content_version_at_most_once_a_check_interval(
    client, db, version_read_once_a_minute, django_capture_on_commit_callbacks, monkeypatch
):
    from methods.content_version import ContentVersion, bump_version

    client.get(CATALOGUE)
    again, cached = queries(client, CATALOGUE)
    assert cached == 0  # neither the content version nor the page
    # this process's own publish shows at once
    with django_capture_on_commit_callbacks(execute=True):
        MethodFactory(title="Heti näkyvä", slug="heti-nakyva")
        bump_version()
    assert "Heti näkyvä" in client.get(CATALOGUE).content.decode()
    # another process's publish shows once the interval has passed
    ContentVersion.objects.update(number=10_000)
    MethodPage.objects.filter(title="Heti näkyvä").update(title="Toisen prosessin nimi")
    assert "Toisen prosessin nimi" not in client.get(CATALOGUE).content.decode()
    later = version_read_once_a_minute.time.monotonic() + 61
    monkeypatch.setattr(version_read_once_a_minute.time, "monotonic", lambda: later)
    assert "Toisen prosessin nimi" in client.get(CATALOGUE).content.decode()
