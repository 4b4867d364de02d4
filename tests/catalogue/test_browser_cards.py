"""<method-card> on a partner's page in Chromium: the cards of a page come from one API request per
language, each card renders from that answer, and an unsupported lang says so instead of showing
another language."""

from pathlib import Path

import pytest

from tests.catalogue.test_browser import (  # noqa: F401 - fixtures
    browser,
    demo_entry,
    entry_url,
    page,
    screenshot,
    second_origin,
)

pytestmark = pytest.mark.browser


def test_a_page_of_cards_makes_one_request_per_language(app_server, second_origin, page):  # noqa: F811
    folder, origin = second_origin
    talk, years, centre = (
        demo_entry(slug) for slug in ("lapset-puheeksi", "ihmeelliset-vuodet", "perhekeskus")
    )
    cards = [(talk, "sv"), (years, "sv"), (centre, "sv"), (talk, "sv"), (years, "fi")]
    Path(folder, "cards.html").write_text(
        f"""<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8"><title>Cards</title>
        <script src="{app_server.url}/static/embed/methods.js" defer></script></head>
        <body><main><h1>Kortit</h1>
        {"".join(f'<method-card method="{e["id"]}" lang="{lang}"></method-card>' for e, lang in cards)}
        <method-card id="german" method="{talk["id"]}" lang="de"></method-card>
        </main></body></html>""",
        encoding="utf-8",
    )
    api_requests, errors = [], []
    page.on(
        "request",
        lambda request: api_requests.append(request.url) if "/api/v1/" in request.url else None,
    )
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(f"{origin}/cards.html")
    page.wait_for_function(
        "() => [...document.querySelectorAll('method-card:not(#german)')]"
        ".every(card => card.shadowRoot && card.shadowRoot.querySelector('a'))"
    )
    titles = page.locator("method-card:not(#german) a").all_inner_texts()
    assert titles == [entry["translations"][lang]["title"] for entry, lang in cards]
    links = [
        page.locator("method-card:not(#german) a").nth(i).get_attribute("href") for i in range(5)
    ]
    assert links[0] == app_server.url + entry_url(talk, "sv")

    assert len(api_requests) == 2, api_requests  # one for the Swedish cards, one for the Finnish
    assert all("/api/v1/methods/?ids=" in url for url in api_requests)

    german = page.locator("#german p").first.inner_text()
    assert 'Unsupported lang="de"' in german
    assert talk["translations"]["fi"]["title"] not in german
    assert any('Unsupported lang="de"' in text for text in errors)
    screenshot(page, "cards-one-request-per-language")
