"""Clients generated from the OpenAPI document work unchanged against a running server: one in
Python (openapi-python-client) and one in TypeScript (@hey-api/openapi-ts, compiled and run in
node). Each lists, fetches an entry, the taxonomies, the evidence scale and the change feed with
its default arguments and in every language."""

import importlib
import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.servers import ROOT

LANGUAGES = ("fi", "sv", "en")
PACKAGE = "lape_client"  # the generated package, imported by name from a temporary folder


@pytest.fixture(scope="module")
def document(app_server, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("openapi") / "openapi.json"
    with urllib.request.urlopen(f"{app_server.url}/api/v1/openapi.json", timeout=60) as answer:
        path.write_bytes(answer.read())
    return path


def test_a_python_client_generated_by_openapi_python_client_works_unchanged(
    app_server, document, tmp_path
):
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(document),
            "--output-path",
            str(tmp_path / PACKAGE),
            "--meta",
            "none",
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"},
    )
    sys.path.insert(0, str(tmp_path))
    try:
        client_module = importlib.import_module(PACKAGE)
        api = importlib.import_module(f"{PACKAGE}.api.v1")
        for name in ("list_entries", "get_entry", "list_taxonomies", "list_evidence_levels"):
            importlib.import_module(f"{PACKAGE}.api.v1.{name}")
        importlib.import_module(f"{PACKAGE}.api.v1.list_changes")
        models = importlib.import_module(f"{PACKAGE}.models")
        client = client_module.Client(base_url=app_server.url, raise_on_unexpected_status=True)

        default = api.list_entries.sync(client=client)  # every argument left at its default
        assert isinstance(default, models.EntryList) and default.count == 12
        assert {entry.lang for entry in default.results} == {"fi"}
        changes = api.list_changes.sync(client=client)
        assert isinstance(changes, models.ChangeFeed) and len(changes.events) == 36
        for language in LANGUAGES:
            listed = api.list_entries.sync(
                client=client, lang=models.ListEntriesLang(language), limit=5
            )
            assert isinstance(listed, models.EntryList) and len(listed.results) == 5
            first = listed.results[0]
            assert first.lang.value == language and first.url.startswith(app_server.url)
            entry = api.get_entry.sync(first.id, client=client, lang=models.GetEntryLang(language))
            assert isinstance(entry, models.EntryDetail) and entry.title == first.title
            taxonomies = api.list_taxonomies.sync(
                client=client, lang=models.ListTaxonomiesLang(language)
            )
            assert isinstance(taxonomies, models.Taxonomies) and taxonomies.facets
            levels = api.list_evidence_levels.sync(
                client=client, lang=models.ListEvidenceLevelsLang(language)
            )
            assert isinstance(levels, models.EvidenceLevels) and len(levels.levels) == 6
            feed = api.list_changes.sync(
                client=client, lang=models.ListChangesLangType0(language), limit=1000
            )
            assert {event.lang.value for event in feed.events} == {language}
        missing = api.get_entry.sync_detailed("no-such-entry", client=client)
        assert missing.status_code == 404 and isinstance(missing.parsed, models.Error)
        assert missing.parsed.error == "not_found"
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
            del sys.modules[name]


def test_a_typescript_client_generated_by_hey_api_works_unchanged(app_server, document, tmp_path):
    tools = ROOT / "node_modules" / ".bin"
    if not (tools / "openapi-ts").exists() or not shutil.which("node"):
        pytest.fail("The TypeScript generator is missing: run `make node` (npm ci).")
    for name in ("main.ts", "tsconfig.json"):
        shutil.copy(Path(__file__).parent / "clients" / name, tmp_path / name)

    def run(*command):
        result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    run(str(tools / "openapi-ts"), "-i", str(document), "-o", str(tmp_path / "client"))
    run(str(tools / "tsc"), "-p", "tsconfig.json")  # the calls type-check against the document
    found = json.loads(run("node", "out/main.js", app_server.url))

    assert found["default"]["count"] == 12 and set(found["default"]["languages"]) == {"fi"}
    assert found["changes"] == 36
    for language in LANGUAGES:
        assert found[language]["results"] == 5 and found[language]["lang"] == language
        assert found[language]["url"].startswith(app_server.url)
        assert found[language]["sameTitle"] and found[language]["facets"] >= 4
        assert found[language]["levels"] == 6
        assert found[language]["feedLanguages"] == [language]
    assert found["missing"] == {"status": 404, "error": "not_found"}
