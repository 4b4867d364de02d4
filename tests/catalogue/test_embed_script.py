"""The embed script at its stable address, /embed/v1/methods.js: the same across deploys, cached
briefly with an ETag, and the address the example tells partners to copy. (It used to be copied
from the hashed address, which a deploy removes, or the plain static one, cached for a year.)"""

from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "catalogue/static/embed/methods.js"
STABLE = "/embed/v1/methods.js"


def test_the_stable_address_serves_the_script_cached_briefly_with_an_etag(client, db):
    response = client.get(STABLE)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == (
        SCRIPT.read_bytes()
    )
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["ETag"]

    again = client.get(STABLE, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert client.get(STABLE, headers={"If-None-Match": '"older"'}).status_code == 200


def test_the_example_tells_partners_to_copy_the_stable_address(client, db):
    html = client.get("/embed/example/").content.decode()
    assert f'&lt;script src="http://testserver{STABLE}" defer&gt;' in html
    assert "/static/embed/methods" in html  # the pinned file, for those who want one version


def test_only_reading_is_allowed(client, db):
    assert client.post(STABLE).status_code == 405
