"""Links the API hands out open the entries on the configured site (SITE_URL), over real HTTP."""

import html
import json
import urllib.request


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read().decode()


def test_a_link_taken_from_a_list_answer_serves_the_entry(app_server):
    for language in ("fi", "sv", "en"):
        _status, body = get(f"{app_server.url}/api/v1/methods/?lang={language}&limit=3")
        entries = json.loads(body)["results"]
        assert entries
        for entry in entries:
            assert entry["url"].startswith(f"{app_server.url}/{language}/")
            status, page = get(entry["url"])
            assert status == 200 and html.escape(entry["title"]) in page
            status, detail = get(entry["api_url"])
            assert status == 200 and json.loads(detail)["id"] == entry["id"]
            for other in entry["translations"]:
                status, page = get(other["url"])
                assert status == 200 and html.escape(other["title"]) in page
