"""The API's errors are in English unless `lang` or Accept-Language asks for Finnish or Swedish,
and never mix in pydantic's English."""

import pytest


def error(client, path, **headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 400
    return response.json()


@pytest.mark.parametrize(
    "path",
    ["/api/v1/methods/?limit=0", "/api/v1/methods/?target_grup=x", "/api/v1/changes/?since=x"],
)
def test_errors_are_english_by_default_and_name_what_is_allowed(client, db, path):
    body = error(client, path)
    assert body["error"] == "invalid_parameter"
    assert body["message"].startswith(("Invalid value for", "Unknown parameter"))
    assert body["allowed"]


def test_lang_or_accept_language_asks_for_finnish_or_swedish(client, db):
    finnish = error(client, "/api/v1/methods/?lang=fi&limit=0")
    assert finnish["message"] == "Virheellinen arvo parametrille limit."
    assert finnish["allowed"] == "kokonaisluku 1–100"
    swedish = error(client, "/api/v1/methods/?limit=0", **{"Accept-Language": "sv-FI,sv;q=0.9"})
    assert swedish["message"] == "Ogiltigt värde för limit."
    assert swedish["allowed"] == "ett heltal från 1 till 100"
    english = error(client, "/api/v1/methods/?limit=0", **{"Accept-Language": "de, en;q=0.5"})
    assert english["message"] == "Invalid value for limit."
    unknown = error(client, "/api/v1/taxonomies/?lang=sv&kind=method")
    assert unknown["message"] == "Okänd parameter: kind."


def test_no_message_mixes_in_pydantics_english(client, db):
    for path in (
        "/api/v1/methods/?lang=fi&age=abc",
        "/api/v1/methods/?lang=fi&evidence_min=9",
        "/api/v1/methods/?lang=fi&target_group=",
        "/api/v1/changes/?lang=fi&since=yesterday",
    ):
        message = error(client, path)["message"]
        assert "Input should" not in message and "String should" not in message, message
        assert message.startswith("Virheellinen arvo"), message


def test_the_answer_says_which_language_it_varies_by(client, db):
    response = client.get("/api/v1/taxonomies/")
    assert "Accept-Language" in response["Vary"]
    english = client.get("/api/v1/methods/?limit=0").json()["message"]
    swedish = client.get("/api/v1/methods/?limit=0", headers={"Accept-Language": "sv"}).json()
    assert english != swedish["message"]  # not the cached English answer
