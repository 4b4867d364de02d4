"""The Elasticsearch/OpenSearch client: how the settings build it, and indexing and search going
through it over HTTP to a fake cluster on 127.0.0.1 (tests/search/fake_cluster.py), including a
cluster that refuses the client, one behind TLS and one that is not there at all.
"""

import io
import logging
import os
import ssl
import subprocess
import sys

import elastic_transport
import opensearchpy
import pytest
import trustme
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from methods.models import EntryPage
from search import elasticsearch, fallback
from search.models import SearchDocument
from search.service import SearchRequest, search_entries
from tests.search.fake_cluster import FakeCluster
from tests.servers import ROOT, free_port

PREFIX = "lape_test_"


@pytest.fixture(autouse=True)
def no_remembered_outage():
    fallback.reset()
    yield
    fallback.reset()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the after-commit index tasks of whatever happens inside the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def use_cluster(settings, url, **engine_settings):
    """Point the settings at a cluster; engine_settings are ELASTICSEARCH_* without the prefix."""
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_INDEX_PREFIX = PREFIX
    for name, value in engine_settings.items():
        setattr(settings, f"ELASTICSEARCH_{name.upper()}", value)


def search(query, language="fi"):
    return search_entries(SearchRequest(language=language, query=query), with_facets=False)


def outage_warnings(caplog):
    return [r for r in caplog.records if "Search engine unreachable" in r.getMessage()]


# --- construction, as data


@pytest.fixture
def ca_bundle(tmp_path):
    """A CA certificate file (PEM), and the authority that made it."""
    authority = trustme.CA()
    path = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(path))
    return str(path), authority


def test_elasticsearch_gets_the_api_key_ca_bundle_timeout_and_retries(settings, ca_bundle):
    bundle, _authority = ca_bundle
    use_cluster(
        settings,
        "https://search.example.org:9243",
        api_key="a2V5OnNlY3JldA==",
        ca_certs=bundle,
        timeout=3.0,
        max_retries=4,
    )
    assert elasticsearch.client_options() == {
        "hosts": ["https://search.example.org:9243"],
        "api_key": "a2V5OnNlY3JldA==",
        "ca_certs": bundle,
        "request_timeout": 3.0,
        "max_retries": 4,
        "retry_on_timeout": True,
        "retry_on_status": (429, 502, 503, 504),
    }
    node = elasticsearch.client().transport.node_pool.all()[0].config
    assert (node.scheme, node.host, node.port) == ("https", "search.example.org", 9243)
    assert node.verify_certs is True
    assert node.ca_certs == bundle


def test_user_and_password_are_basic_auth_in_either_flavour(settings, ca_bundle):
    bundle, _authority = ca_bundle
    use_cluster(settings, "https://search.example.org", user="lape", password="s3cret")
    assert elasticsearch.client_options()["basic_auth"] == ("lape", "s3cret")

    settings.ELASTICSEARCH_FLAVOUR = "opensearch"
    settings.ELASTICSEARCH_CA_CERTS = bundle
    options = elasticsearch.client_options()
    assert options["http_auth"] == ("lape", "s3cret")
    assert options["timeout"] == 5.0  # opensearch-py's name for the request timeout
    engine = elasticsearch.client()
    assert isinstance(engine, opensearchpy.OpenSearch)
    connection = engine.transport.connection_pool.connections[0]
    assert connection.use_ssl is True
    assert connection.pool.ca_certs == bundle
    assert engine.transport.max_retries == 2
    assert engine.transport.retry_on_timeout is True


@pytest.mark.parametrize(
    "engine_settings, message",
    [
        ({"flavour": "solr"}, "ELASTICSEARCH_FLAVOUR: 'solr' is neither"),
        ({"api_key": "k", "user": "u", "password": "p"}, "not both"),
        ({"user": "lape"}, "ELASTICSEARCH_USER and ELASTICSEARCH_PASSWORD go together"),
        ({"flavour": "opensearch", "api_key": "k"}, "ELASTICSEARCH_API_KEY is for Elasticsearch"),
        ({"ca_certs": "/nonexistent/ca.pem"}, "ELASTICSEARCH_CA_CERTS: /nonexistent/ca.pem is"),
    ],
)
def test_a_bad_combination_of_settings_is_named(settings, engine_settings, message):
    use_cluster(settings, "https://search.example.org", **engine_settings)
    with pytest.raises(ImproperlyConfigured, match=message):
        elasticsearch.client()


def test_one_client_per_process_made_again_after_a_fork_or_a_settings_change(settings):
    use_cluster(settings, "http://127.0.0.1:9200")
    engine = elasticsearch.client()
    assert elasticsearch.client() is engine  # its connection pool is reused

    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # a gunicorn worker after the fork
        os.write(writing, b"new" if elasticsearch.client() is not engine else b"same")
        os._exit(0)
    os.waitpid(child, 0)
    assert os.read(reading, 10) == b"new"
    os.close(reading)
    os.close(writing)

    settings.ELASTICSEARCH_API_KEY = "rotated"
    assert elasticsearch.client() is not engine


# --- over HTTP


def test_rebuild_search_and_unpublish_go_to_elasticsearch_with_the_api_key(
    db, settings, committed, caplog
):
    with FakeCluster("elasticsearch", api_key="a2V5") as cluster:
        use_cluster(settings, cluster.url, api_key="a2V5")
        call_command("rebuild_search", stdout=io.StringIO(), stderr=io.StringIO())
        assert set(cluster.indexes) == {f"{PREFIX}search_{code}" for code in ("fi", "sv", "en")}
        finnish = cluster.indexes[f"{PREFIX}search_fi"]
        assert len(finnish) == SearchDocument.objects.filter(language="fi").count() > 0

        results = search("vanhemmat")
        assert cluster.paths("POST")[-1] == f"/{PREFIX}search_fi/_search"
        found = [entry.pk for entry in results.entries]
        assert found
        assert set(found) <= {int(page_id) for page_id in finnish}

        page = EntryPage.objects.get(pk=found[0])
        with committed():
            page.unpublish()
        assert str(page.pk) not in finnish
        assert page.pk not in [entry.pk for entry in search("vanhemmat").entries]

    assert "/_bulk" in cluster.paths() and f"/{PREFIX}search_fi/_delete_by_query" in cluster.paths()
    assert {r.headers.get("authorization") for r in cluster.requests} == {"ApiKey a2V5"}
    assert all("compatible-with=9" in r.headers["accept"] for r in cluster.requests)
    assert not outage_warnings(caplog)


def test_opensearch_is_reached_through_opensearch_py_with_basic_auth(db, settings, caplog):
    with FakeCluster("opensearch", user="lape", password="s3cret") as cluster:
        use_cluster(settings, cluster.url, flavour="opensearch", user="lape", password="s3cret")
        call_command("rebuild_search", stdout=io.StringIO(), stderr=io.StringIO())
        results = search("vanhemmat")
    assert results.entries
    assert cluster.paths("POST")[-1] == f"/{PREFIX}search_fi/_search"
    assert {r.status for r in cluster.requests} == {200}
    assert not any("compatible-with" in str(r.headers) for r in cluster.requests)
    assert not outage_warnings(caplog)


def test_the_elasticsearch_client_on_opensearch_falls_back_to_the_database(db, settings, caplog):
    expected = [entry.title for entry in search("vanhemmat").entries]
    with FakeCluster("opensearch") as cluster:
        use_cluster(settings, cluster.url)  # ELASTICSEARCH_FLAVOUR left at "elasticsearch"
        with caplog.at_level(logging.WARNING):
            assert [entry.title for entry in search("vanhemmat").entries] == expected
    assert [r.status for r in cluster.requests] == [406]
    (warning,) = outage_warnings(caplog)
    assert "is not supported" in warning.getMessage()


def test_a_rejected_api_key_falls_back_to_the_database(db, settings, caplog):
    expected = [entry.title for entry in search("vanhemmat").entries]
    with FakeCluster("elasticsearch", api_key="current") as cluster:
        use_cluster(settings, cluster.url, api_key="revoked")
        with caplog.at_level(logging.WARNING):
            assert [entry.title for entry in search("vanhemmat").entries] == expected
            assert [entry.title for entry in search("vanhemmat").entries] == expected
    assert [r.status for r in cluster.requests] == [401]  # one attempt, then the pause
    assert len(outage_warnings(caplog)) == 1


def test_tls_is_verified_against_the_ca_bundle_setting(db, settings, ca_bundle, caplog):
    bundle, authority = ca_bundle
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    expected = [entry.title for entry in search("vanhemmat").entries]

    with FakeCluster("elasticsearch", tls_context=server_context) as cluster:
        # the client's default bundle does not know our authority
        use_cluster(settings, cluster.url)
        with caplog.at_level(logging.WARNING):
            assert [entry.title for entry in search("vanhemmat").entries] == expected
        (warning,) = outage_warnings(caplog)
        assert isinstance(warning.args[0], elastic_transport.TlsError)
        assert "CERTIFICATE_VERIFY_FAILED" in warning.getMessage()

        fallback.reset()
        settings.ELASTICSEARCH_CA_CERTS = bundle
        call_command("rebuild_search", stdout=io.StringIO(), stderr=io.StringIO())
        assert search("vanhemmat").entries
        assert cluster.paths("POST")[-1] == f"/{PREFIX}search_fi/_search"
    assert len(outage_warnings(caplog)) == 1


@pytest.mark.parametrize(
    "flavour, connection_error",
    [
        ("elasticsearch", elastic_transport.ConnectionError),
        ("opensearch", opensearchpy.ConnectionError),
    ],
)
def test_with_the_cluster_down_search_and_indexing_use_the_database_with_one_warning(
    db, settings, committed, caplog, flavour, connection_error
):
    expected = [entry.title for entry in search("vanhemmat").entries]
    nothing_listens = f"http://127.0.0.1:{free_port()}"
    use_cluster(settings, nothing_listens, flavour=flavour, max_retries=2)
    with caplog.at_level(logging.WARNING):
        assert [entry.title for entry in search("vanhemmat").entries] == expected
        from tests.factories import MethodFactory

        with committed():
            MethodFactory(title="Kirahvikoulutus", slug="kirahvi")
        assert SearchDocument.objects.filter(title="Kirahvikoulutus").exists()
        assert [entry.title for entry in search("kirahvikoulutus").entries] == ["Kirahvikoulutus"]
    # the one line in the log: neither the client's retries nor later requests add any
    (warning,) = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "Search engine unreachable" in warning.getMessage()
    assert isinstance(warning.args[0], connection_error)


@pytest.mark.parametrize("flavour", ["elasticsearch", "opensearch"])
def test_a_busy_cluster_is_asked_again_up_to_the_retry_limit(db, settings, caplog, flavour):
    with FakeCluster(flavour) as cluster:
        use_cluster(settings, cluster.url, flavour=flavour, max_retries=2)
        call_command("rebuild_search", stdout=io.StringIO(), stderr=io.StringIO())
        cluster.requests.clear()
        cluster.trouble = [429, 503]  # two retries are enough
        assert search("vanhemmat").entries
        assert [r.status for r in cluster.requests] == [429, 503, 200]
        assert not outage_warnings(caplog)

        cluster.requests.clear()
        cluster.trouble = [503, 503, 503]  # three are not: the database answers
        with caplog.at_level(logging.WARNING):
            assert search("vanhemmat").entries
        assert [r.status for r in cluster.requests] == [503, 503, 503]
        assert len(outage_warnings(caplog)) == 1


@pytest.mark.parametrize(
    "flavour, timeout_error",
    [
        ("elasticsearch", elastic_transport.ConnectionTimeout),
        ("opensearch", opensearchpy.ConnectionTimeout),
    ],
)
def test_a_request_that_times_out_is_tried_again_then_given_up(
    db, settings, caplog, flavour, timeout_error
):
    expected = [entry.title for entry in search("vanhemmat").entries]
    with FakeCluster(flavour) as cluster:
        use_cluster(settings, cluster.url, flavour=flavour, timeout=0.2, max_retries=1)
        cluster.trouble = [1.0, 1.0]
        with caplog.at_level(logging.WARNING):
            assert [entry.title for entry in search("vanhemmat").entries] == expected
    assert cluster.paths() == [f"/{PREFIX}search_fi/_search"] * 2
    (warning,) = outage_warnings(caplog)
    assert isinstance(warning.args[0], timeout_error)


# --- the settings from the environment


@pytest.mark.parametrize(
    "flavour, credentials, backend",
    [
        ("elasticsearch", {"api_key": "a2V5"}, "Elasticsearch9SearchBackend"),
        ("opensearch", {"user": "lape", "password": "s3cret"}, "OpenSearch3SearchBackend"),
    ],
)
def test_wagtail_admin_search_and_ours_reach_the_cluster_with_the_same_credentials(
    flavour, credentials, backend
):
    engine_env = {f"ELASTICSEARCH_{name.upper()}": value for name, value in credentials.items()}
    with FakeCluster(flavour, **credentials) as cluster:
        script = (
            "from wagtail.search.backends import get_search_backend\n"
            "from search import elasticsearch\n"
            "wagtail_backend = get_search_backend()\n"
            "print(type(wagtail_backend).__name__)\n"
            "wagtail_backend.es.indices.exists(index='wagtail_probe')\n"
            "elasticsearch.client().indices.exists(index='our_probe')\n"
        )
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
            cwd=ROOT,
            env={
                "PATH": os.environ["PATH"],
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
                "ELASTICSEARCH_URL": cluster.url,
                "ELASTICSEARCH_FLAVOUR": flavour,
                **engine_env,
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [backend]
    assert cluster.paths("HEAD") == ["/wagtail_probe", "/our_probe"]
    assert {r.status for r in cluster.requests} == {404}  # authenticated, and no such index
    assert len({r.headers["authorization"] for r in cluster.requests}) == 1
