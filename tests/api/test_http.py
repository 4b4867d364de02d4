"""HTTP behaviour: caching headers, 304, invalidation on publish, CORS, rate limit, compression,
and bad input answered with 400 JSON that names the parameter."""

import gzip

import pytest

from tests.factories import MethodFactory, TargetGroupFactory

LIST = "/api/v1/methods/?lang=fi"


def test_etag_and_last_modified_answer_conditional_gets_with_304(client, db, settings):
    settings.API_CACHE_MAX_AGE = 120
    response = client.get(LIST)
    assert response["Cache-Control"] == "public, max-age=120"
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get(LIST, headers={"if-none-match": etag}).status_code == 304
    assert client.get(LIST, headers={"if-modified-since": modified}).status_code == 304
    assert client.get(LIST, headers={"if-none-match": '"other"'}).status_code == 200


def test_publishing_invalidates_both_list_and_detail(client, db, publish_on_commit):
    group = TargetGroupFactory(code="cache-group")
    page = MethodFactory(title="Vanha nimi", slug="vanha", target_groups=[group])
    detail = f"/api/v1/methods/{page.translation_key}/?lang=fi"
    list_etag = client.get(LIST + "&limit=100")["ETag"]
    detail_etag = client.get(detail)["ETag"]
    page.title = "Uusi nimi"
    publish_on_commit(page.save_revision().publish)
    fresh_list = client.get(LIST + "&limit=100", headers={"if-none-match": list_etag})
    fresh_detail = client.get(detail, headers={"if-none-match": detail_etag})
    assert fresh_list.status_code == fresh_detail.status_code == 200
    assert "Uusi nimi" in fresh_list.content.decode()
    assert fresh_detail.json()["title"] == "Uusi nimi"
    publish_on_commit(page.unpublish)
    assert client.get(detail).status_code == 404
    assert "Uusi nimi" not in client.get(LIST + "&limit=100").content.decode()


class RecordingBackend:
    """A frontend cache that records what it is asked to purge."""

    purged: list[str] = []

    def __init__(self, params):
        pass

    def purge_batch(self, urls):
        RecordingBackend.purged.extend(urls)

    def invalidates_hostname(self, hostname):
        return True


def test_publishing_purges_the_frontend_cache_when_one_is_configured(
    db, settings, publish_on_commit
):
    settings.WAGTAILFRONTENDCACHE = {
        "recorder": {"BACKEND": "tests.api.test_http.RecordingBackend"}
    }
    RecordingBackend.purged = []
    page = publish_on_commit(
        lambda: MethodFactory(slug="purged", target_groups=[TargetGroupFactory(code="purge-g")])
    )
    purged = RecordingBackend.purged
    assert f"{settings.API_BASE_URL}/api/v1/methods/{page.translation_key}/?lang=fi" in purged
    assert f"{settings.API_BASE_URL}/api/v1/methods/purged/?lang=fi" in purged
    assert f"{settings.API_BASE_URL}/api/v1/methods/?lang=fi" in purged


def test_cors_is_open_for_reading_the_api_only(client, db):
    api = client.get(LIST, headers={"origin": "https://partner.example"})
    assert api["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        LIST,
        headers={"origin": "https://partner.example", "access-control-request-method": "GET"},
    )
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    site = client.get("/fi/", headers={"origin": "https://partner.example"})
    assert "Access-Control-Allow-Origin" not in site


def test_the_rate_limit_answers_429_with_retry_after(client, db, settings):
    settings.API_RATE_LIMIT = 3
    statuses = [client.get(LIST).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(LIST)
    assert refused.json()["error"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= settings.API_RATE_LIMIT_WINDOW + 1
    assert client.get("/fi/").status_code == 200  # the site is not limited


def test_answers_are_compressed_when_the_client_accepts_it(client, db):
    response = client.get(LIST, headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert b'"results"' in gzip.decompress(response.content)


def test_head_answers_like_get_without_a_body(client, db):
    response = client.head(LIST)
    assert response.status_code == 200 and response.content == b""
    assert response["ETag"]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("lang=xx", "lang"),
        ("age=abc", "age"),
        ("age=99", "age"),
        ("limit=10000", "limit"),
        ("limit=0", "limit"),
        ("offset=-1", "offset"),
        ("topic=no-such-topic", "topic"),
        ("target_group=parents,nonsense", "target_group"),
        ("evidence_min=7", "evidence_min"),
        ("kind=recipe", "kind"),
        ("ordering=random", "ordering"),
        ("updated_since=yesterday", "updated_since"),
        ("q=" + "x" * 300, "q"),
    ],
)
def test_bad_input_is_a_400_that_names_the_parameter_and_what_it_allows(
    client, db, query, parameter
):
    response = client.get(f"/api/v1/methods/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_parameter"
    assert body["parameter"] == parameter
    assert body["allowed"]


@pytest.mark.parametrize(
    "path, parameter",
    [
        ("/api/v1/changes/?since=last-tuesday", "since"),
        ("/api/v1/changes/?since=99999999999999999999999", "since"),
        ("/api/v1/changes/?limit=5000", "limit"),
        ("/api/v1/taxonomies/?lang=de", "lang"),
        ("/api/v1/evidence-levels/?lang=", "lang"),
        ("/api/v1/methods/x/?lang=no", "lang"),
    ],
)
def test_bad_input_on_other_endpoints(client, db, path, parameter):
    response = client.get(path)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_unknown_api_paths_answer_404_without_a_language_redirect(client, db):
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404


def test_renaming_a_method_purges_the_models_that_show_its_title(db, settings, publish_on_commit):
    from tests.factories import ModelFactory

    settings.WAGTAILFRONTENDCACHE = {
        "recorder": {"BACKEND": "tests.api.test_http.RecordingBackend"}
    }
    group = TargetGroupFactory(code="purge-linked")
    method = MethodFactory(title="Linked method", slug="linked-method", target_groups=[group])
    model = ModelFactory(title="Linking model", slug="linking-model", target_groups=[group])
    model.method_links.create(method=method)
    model.save_revision().publish()
    RecordingBackend.purged = []
    method.title = "Renamed method"
    publish_on_commit(lambda: method.save_revision().publish())
    purged = RecordingBackend.purged
    assert f"{settings.API_BASE_URL}/api/v1/methods/{model.translation_key}/?lang=fi" in purged
    RecordingBackend.purged = []
    model.title = "Renamed model"
    publish_on_commit(lambda: model.save_revision().publish())
    purged = RecordingBackend.purged
    assert f"{settings.API_BASE_URL}/api/v1/methods/{method.translation_key}/?lang=fi" in purged
