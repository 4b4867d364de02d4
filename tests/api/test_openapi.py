"""The OpenAPI document describes every answer: schemathesis generates requests (valid and
invalid) for every operation and checks that nothing answers 5xx and everything conforms."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance


@pytest.fixture
def keep_test_connection():
    """Django's WSGI handler closes the database connection after each request, which would end
    the test's transaction on PostgreSQL; Django's own test client does the same as this."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_every_answer_conforms_to_the_openapi_document(db, keep_test_connection):
    # The document is loaded in the test, not at collection: it names the facet codes that exist,
    # which come from the test database.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def conforms(case):
            # Entry ids and preview tokens come from content: a well-formed id that names no
            # entry is a documented 404, so "valid data must be accepted" is not a rule of this
            # API (facet codes and dates are: test_schema_agreement.py). Every other check runs.
            # Compression is tested on its own; the in-process client does not decompress.
            case.call_and_validate(
                headers={"Accept-Encoding": "identity"},
                excluded_checks=[positive_data_acceptance],
            )

        conforms()


def test_the_docs_page_and_the_document(client, db):
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200 and b"openapi.json" in docs.content
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    paths = set(document["paths"])
    assert {
        "/api/v1/methods/",
        "/api/v1/methods/{entry}/",
        "/api/v1/taxonomies/",
        "/api/v1/evidence-levels/",
        "/api/v1/changes/",
    } <= paths
    for operations in document["paths"].values():
        for operation in operations.values():
            assert {"200", "400", "429"} <= set(operation["responses"])
            for parameter in operation.get("parameters", []):
                assert parameter.get("description") or parameter["in"] == "path"


def test_the_document_covers_every_endpoint_with_examples_and_short_operation_ids(client, db):
    import re

    from django.conf import settings as django_settings

    document = client.get("/api/v1/openapi.json").json()
    assert document["servers"] == [
        {"url": django_settings.API_BASE_URL, "description": "This installation of the library."}
    ]
    operations = {
        path: operation["operationId"]
        for path, methods in document["paths"].items()
        for operation in methods.values()
    }
    assert operations == {
        "/api/v1/methods/": "listEntries",
        "/api/v1/methods/{entry}/": "getEntry",
        "/api/v1/preview/": "getPreview",
        "/api/v1/autocomplete/": "autocomplete",
        "/api/v1/taxonomies/": "listTaxonomies",
        "/api/v1/evidence-levels/": "listEvidenceLevels",
        "/api/v1/measures/": "listMeasures",
        "/api/v1/measures/{code}/": "getMeasure",
        "/api/v1/regions/": "listRegions",
        "/api/v1/regions/{code}/": "getRegion",
        "/api/v1/changes/": "listChanges",
    }
    error_fields = document["components"]["schemas"]["Error"]["properties"]
    assert set(error_fields) == {"error", "message", "parameter", "allowed", "languages"}
    assert all(field.get("description") for field in error_fields.values())
    for methods in document["paths"].values():
        for operation in methods.values():
            for status, answer in operation["responses"].items():
                examples = answer["content"]["application/json"]["examples"]
                assert examples, (operation["operationId"], status)
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                if "default" not in schema:
                    continue
                choices = schema.get("anyOf", [schema])
                default = schema["default"]
                assert any(
                    default is None
                    and choice.get("type") == "null"
                    or isinstance(default, str)
                    and choice.get("type") == "string"
                    and re.search(choice.get("pattern", ""), default)
                    and len(default) <= choice.get("maxLength", len(default))
                    and default in choice.get("enum", [default])
                    or isinstance(default, bool)
                    and choice.get("type") == "boolean"
                    or isinstance(default, int)
                    and not isinstance(default, bool)
                    and choice.get("type") == "integer"
                    and choice.get("minimum", default) <= default <= choice.get("maximum", default)
                    for choice in choices
                ), (operation["operationId"], parameter["name"], default)
