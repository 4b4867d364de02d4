"""Faults: with PostgreSQL, Redis or the search engine unreachable the site degrades and recovers
by itself. Each service is really unreachable: a closed port, or PostgreSQL behind a proxy that
the test cuts."""

import json
import logging
import time

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.test import RequestFactory, override_settings

from operations.errors import server_error
from search import fallback
from search.service import SearchRequest, search_entries

from .servers import ProductionServer, TcpProxy, closed_port, postgres_server

# What a client waits for any answer in these tests: below gunicorn's worker timeout (30 s), so
# that a request the worker gives up on shows as a failure rather than a dropped connection.
CLIENT_PATIENCE_SECONDS = 20

# --- PostgreSQL --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fragile_site(production_env, production_database, tmp_path_factory):
    """The production site reaching PostgreSQL through a proxy, with Redis and Elasticsearch on
    closed ports."""
    server_address = postgres_server()
    proxy = TcpProxy(server_address["port"], server_address["host"]).start()
    credentials = server_address["user"] + (
        f":{server_address['password']}" if server_address["password"] else ""
    )
    env = {
        **production_env,
        "DATABASE_URL": f"postgres://{credentials}@127.0.0.1:{proxy.port}/{production_database}",
        "CACHE_URL": f"redis://127.0.0.1:{closed_port()}/0",
        "ELASTICSEARCH_URL": f"http://127.0.0.1:{closed_port()}",
        "WEB_CONCURRENCY": "1",
    }
    server = ProductionServer(tmp_path_factory.mktemp("fragile"), env).start()
    yield server, proxy
    server.stop()
    proxy.stop()


def wait_for_status(server, path, status, timeout=20):
    deadline = time.monotonic() + timeout
    while True:
        answer = server.get(path)
        if answer[0] == status or time.monotonic() > deadline:
            return answer
        time.sleep(0.5)


def test_with_redis_unreachable_pages_are_served_uncached(fragile_site):
    server, _proxy = fragile_site
    for path in ("/fi/", "/fi/menetelmat/", "/sv/", "/admin/login/"):
        status, _headers, _html = server.get(path)
        assert status == 200, path
    assert "Cache unreachable, serving uncached" in server.log_text()


def test_with_postgresql_unreachable_the_site_shows_a_friendly_page_and_recovers(fragile_site):
    server, proxy = fragile_site
    assert server.get("/fi/")[0] == 200
    proxy.stop()
    try:
        for path in ("/fi/", "/fi/menetelmat/", "/en/"):
            status, headers, html = server.get(path)
            assert status == 503, path
            assert headers["Retry-After"]
            assert "Traceback" not in html and "OperationalError" not in html
            assert '<main id="main">' in html
    finally:
        proxy.start()
    assert wait_for_status(server, "/fi/", 200)[0] == 200
    assert server.get("/fi/menetelmat/")[0] == 200


def test_with_postgresql_unreachable_the_api_answers_503_json_and_recovers(fragile_site):
    server, proxy = fragile_site
    if server.get("/api/v1/openapi.json")[0] != 200:
        pytest.skip("the partner API (/api/v1/) is not part of this build")
    proxy.stop()
    try:
        status, headers, body = server.get("/api/v1/methods/?lang=fi")
        assert status == 503
        assert headers["Content-Type"].startswith("application/json")
        assert set(json.loads(body)) == {"error"}
    finally:
        proxy.start()
    assert wait_for_status(server, "/api/v1/methods/?lang=fi", 200)[0] == 200


def test_with_postgresql_hung_requests_answer_503_and_no_worker_is_killed(fragile_site):
    """A database that accepts connections but never answers: each request gives up on it and
    answers 503 well before gunicorn's worker timeout, on a connection the worker already had
    and on new ones, and the site recovers when the database answers again."""
    server, proxy = fragile_site
    assert server.get("/fi/")[0] == 200  # the worker now holds an open database connection
    proxy.hang()
    try:
        for path in ("/fi/", "/fi/menetelmat/", "/api/v1/methods/?lang=fi", "/fi/"):
            # The client waits less than the worker timeout: a killed worker is a failure here.
            status, headers, body = server.get(path, timeout=CLIENT_PATIENCE_SECONDS)
            assert status == 503, path
            assert headers["Retry-After"]
            assert "Traceback" not in body
        # Load balancers take the instance out of rotation, but do not restart it.
        assert server.get("/health/ready", timeout=CLIENT_PATIENCE_SECONDS)[0] == 503
        assert server.get("/health/live", timeout=CLIENT_PATIENCE_SECONDS)[0] == 200
    finally:
        proxy.start()
    assert wait_for_status(server, "/fi/", 200)[0] == 200
    assert server.get("/api/v1/methods/?lang=fi")[0] == 200
    assert "WORKER TIMEOUT" not in server.log_text()


@pytest.mark.parametrize(
    "path, content_type", [("/api/v1/methods/", "application/json"), ("/fi/", "text/html")]
)
def test_a_database_error_becomes_503_json_under_api_and_a_page_elsewhere(path, content_type):
    request = RequestFactory().get(path)
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert response["Content-Type"].startswith(content_type)
    assert b"connection refused" not in response.content


def test_any_other_error_is_a_plain_500_without_details():
    request = RequestFactory().get("/api/v1/methods/")
    try:
        raise KeyError("secret detail")
    except KeyError:
        response = server_error(request)
    assert response.status_code == 500
    assert "error" in json.loads(response.content)
    assert b"secret detail" not in response.content


# --- Redis -------------------------------------------------------------------------------------


def dead_redis_cache():
    return {
        "default": {
            "BACKEND": "operations.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }


def test_a_dead_redis_is_a_cache_miss_with_one_warning(caplog):
    with override_settings(CACHES=dead_redis_cache()), caplog.at_level(logging.WARNING):
        cache = caches["default"]
        assert cache.set("key", "value") is None
        assert cache.get("key") is None
        assert cache.get("key", "fallback") == "fallback"
        assert cache.get_or_set("key", lambda: "computed") == "computed"
        # counters go on in the worker's memory, so that rate limits still hold
        assert cache.add("counter", 1) is True
        assert cache.incr("counter") == 2
        with pytest.raises(ValueError):
            cache.incr("missing")
    warnings = [r for r in caplog.records if "Cache unreachable" in r.getMessage()]
    assert len(warnings) == 1


def test_pages_are_served_while_redis_is_unreachable(client, db, caplog):
    with override_settings(CACHES=dead_redis_cache()), caplog.at_level(logging.WARNING):
        assert client.get("/fi/").status_code == 200
        assert client.get("/fi/menetelmat/").status_code == 200
    assert any("Cache unreachable" in r.getMessage() for r in caplog.records)


def test_with_redis_up_the_cache_works():
    import redis

    try:
        redis.Redis(port=6379, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis not reachable on 127.0.0.1:6379: {error}")
    settings = {
        "default": {
            "BACKEND": "operations.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": f"lape-test-{time.monotonic_ns()}",
        }
    }
    with override_settings(CACHES=settings):
        cache = caches["default"]
        cache.set("key", {"a": 1}, 30)
        assert cache.get("key") == {"a": 1}
        cache.set("counter", 1, 30)
        assert cache.incr("counter") == 2
        cache.delete_many(["key", "counter"])


# --- Search engine -----------------------------------------------------------------------------


def search_titles(query):
    results = search_entries(SearchRequest(language="fi", query=query), with_facets=False)
    return [entry.title for entry in results.entries]


def test_with_the_search_engine_unreachable_search_falls_back_to_the_database(db, caplog):
    expected = search_titles("vanhemmat")
    assert expected
    fallback.reset()
    try:
        with override_settings(ELASTICSEARCH_URL=f"http://127.0.0.1:{closed_port()}"):
            with caplog.at_level(logging.WARNING):
                assert search_titles("vanhemmat") == expected
                assert search_titles("vanhemmat") == expected  # within the pause: no new attempt
    finally:
        fallback.reset()
    warnings = [r for r in caplog.records if "Search engine unreachable" in r.getMessage()]
    assert len(warnings) == 1
