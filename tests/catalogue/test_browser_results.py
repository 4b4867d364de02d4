"""The catalogue puts results first, in Chromium: the phone layout, skipping to the results, sorting,
radio buttons that wait for the visitor, and links that follow the filters as they change.

Each journey leaves a screenshot in test-artifacts/.
"""

import pytest

from tests.catalogue.test_browser import (  # noqa: F401 - fixtures
    AXE_SCRIPT,
    axe_violations,
    browser,
    page,
    page_without_js,
    results_heading,
    screenshot,
    wait_for_query,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):  # noqa: F811
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def result_titles(page):  # noqa: F811
    return page.locator(".result h3").all_inner_texts()


def result_levels(page):  # noqa: F811
    texts = page.locator(".result .tag--evidence").all_inner_texts()
    return [int(text.split()[1].split("/")[0]) if "/" in text else 0 for text in texts]


def test_on_a_phone_the_first_result_shows_without_scrolling_past_the_filters(app_server, phone):
    phone.goto(f"{app_server.url}/en/methods/")
    first = phone.locator(".result").first
    box = first.bounding_box()
    assert box["y"] < PHONE["height"] - 100, f"the first result starts {box['y']:.0f} px down"
    filters = phone.locator("#filter-target_group-parents")
    assert not filters.is_visible()
    phone.get_by_text("Filters", exact=False).first.click()
    assert filters.is_visible()
    phone.locator("label[for='filter-target_group-parents']").click()
    wait_for_query(phone, "target_group=parents")
    # the disclosure stays open while the visitor goes on choosing
    assert phone.locator("#filter-target_group-parents").is_visible()
    screenshot(phone, "phone-catalogue")


def test_the_filters_are_open_beside_the_results_on_a_wide_screen(app_server, page):  # noqa: F811
    page.goto(f"{app_server.url}/en/methods/")
    assert page.locator("#filter-target_group-parents").is_visible()
    filters = page.locator("#filter-target_group-parents").bounding_box()
    first = page.locator(".result").first.bounding_box()
    assert filters["x"] < first["x"]


def test_skip_to_results_reaches_the_first_result_in_a_few_key_presses(app_server, page):  # noqa: F811
    page.goto(f"{app_server.url}/en/methods/?q=family")
    for presses in range(1, 6):  # noqa: B007 - counted after the loop
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Skip to results":
            break
    else:
        pytest.fail("no “Skip to results” link among the first key presses")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "results"
    first_link = page.locator(".result h3 a").first.inner_text()
    for after in range(1, 4):  # noqa: B007 - past the sort control
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == first_link:
            break
    else:
        pytest.fail("the first result does not follow the skip link's target")
    assert presses + 1 + after <= 6
    screenshot(page, "skip-to-results")


def test_sort_by_title_evidence_and_recent_with_javascript(app_server, page):  # noqa: F811
    page.goto(f"{app_server.url}/en/methods/")
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Sort by").select_option("-evidence")
    wait_for_query(page, "ordering=-evidence")
    page.wait_for_function("() => !document.querySelector('[aria-busy=true]')")
    levels = result_levels(page)
    assert levels == sorted(levels, reverse=True) and levels[0] == 5
    page.get_by_label("Sort by").select_option("title")
    wait_for_query(page, "ordering=title")
    page.wait_for_function("() => !document.querySelector('[aria-busy=true]')")
    titles = result_titles(page)
    assert titles == sorted(titles, key=str.casefold)
    assert page.evaluate("window.notReloaded") is True
    assert page.get_by_label("Sort by").input_value() == "title"
    screenshot(page, "sorted")


def test_sort_without_javascript(app_server, page_without_js):  # noqa: F811
    visitor = page_without_js
    visitor.goto(f"{app_server.url}/en/methods/?q=family")
    visitor.get_by_label("Sort by").select_option("-evidence")
    visitor.get_by_role("button", name="Sort", exact=True).click()
    visitor.wait_for_url("**ordering=-evidence**")
    levels = result_levels(visitor)
    assert levels == sorted(levels, reverse=True)
    assert "q=family" in visitor.url


def test_arrow_keys_on_the_evidence_rating_do_not_apply_each_level(app_server, page):  # noqa: F811
    page.goto(f"{app_server.url}/en/methods/")
    before = results_heading(page)
    page.locator("#filter-evidence-any").focus()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    page.wait_for_timeout(600)
    assert "evidence_min" not in page.url
    assert results_heading(page) == before
    assert page.locator("#filter-evidence-3").is_checked()
    page.keyboard.press("Space")
    wait_for_query(page, "evidence_min=3")
    page.wait_for_function(
        "text => document.querySelector('#results-heading').textContent.trim() !== text",
        arg=before,
    )
    # leaving the group after moving with the arrows applies the choice too
    page.keyboard.press("ArrowUp")
    page.wait_for_timeout(400)
    assert "evidence_min=4" not in page.url
    page.keyboard.press("Tab")
    wait_for_query(page, "evidence_min=4")


def test_the_language_switcher_follows_the_filters_chosen_with_javascript(app_server, page):  # noqa: F811
    page.goto(f"{app_server.url}/fi/menetelmat/")
    page.locator("label[for='filter-kind-model']").click()
    wait_for_query(page, "kind=model")
    english = page.locator("nav.languages a[lang='en']")
    page.wait_for_function(
        "() => document.querySelector(\"nav.languages a[lang='en']\").href.includes('kind=model')"
    )
    page.get_by_label("Järjestys").select_option("title")
    wait_for_query(page, "ordering=title")
    page.wait_for_function("() => !document.querySelector('[aria-busy=true]')")
    finnish = results_heading(page)
    assert "kind=model" in english.get_attribute("href")
    assert "ordering=title" in english.get_attribute("href")
    english.click()
    page.wait_for_url("**/en/methods/?**kind=model**")
    assert results_heading(page).split()[0] == finnish.split()[0]
    assert page.locator("#filter-kind-model").is_checked()
    screenshot(page, "switcher-after-filtering")


@pytest.mark.parametrize("viewport", ["phone", "wide"])
def test_axe_finds_no_violations_on_the_catalogue(app_server, browser, viewport):  # noqa: F811
    if not AXE_SCRIPT.exists():
        pytest.skip("node_modules/axe-core is missing: run `make node` (npm ci)")
    size = PHONE if viewport == "phone" else {"width": 1200, "height": 900}
    context = browser.new_context(viewport=size)
    visitor = context.new_page()
    found = {}
    for path in (
        "/fi/menetelmat/?ordering=-evidence",
        "/sv/metoder/?q=familj&ordering=title",
        "/en/methods/?kind=model&evidence_min=3",
    ):
        visitor.goto(app_server.url + path)
        if viewport == "phone":
            visitor.locator("summary").first.click()
        violations = axe_violations(visitor)
        if violations:
            found[path] = violations
    context.close()
    assert found == {}
