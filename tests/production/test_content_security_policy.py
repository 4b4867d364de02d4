"""The Content Security Policy of the production settings lets the site and the Wagtail admin
work: Chromium loads their pages and reports no violation."""

import re

import pytest

from tests.servers import ADMIN_PASSWORD, ADMIN_USERNAME

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


@pytest.fixture
def browser_page(production_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        context = browser.new_context(base_url=production_server.url)
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        page.console_messages_seen = []
        page.on("console", lambda message: page.console_messages_seen.append(message.text))
        yield page
        browser.close()


def violations(page) -> list[str]:
    recorded = page.evaluate("window.__violations")
    console = [m for m in page.console_messages_seen if "Content Security Policy" in m]
    return recorded + console


def visit(page, path: str) -> list[str]:
    response = page.goto(path, wait_until="networkidle")
    assert response.status == 200, path
    return [f"{path}: {v}" for v in violations(page)]


@pytest.mark.browser
def test_the_public_site_runs_under_the_policy(browser_page):
    page = browser_page
    problems = visit(page, "/fi/") + visit(page, "/fi/menetelmat/")
    entry = re.search(r'href="(/fi/menetelmat/[^"/]+/)"', page.content()).group(1)
    problems += visit(page, entry) + visit(page, "/sv/") + visit(page, "/en/")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_the_wagtail_admin_runs_under_the_policy(browser_page):
    page = browser_page
    problems = visit(page, "/admin/login/")
    page.fill("input[name=username]", ADMIN_USERNAME)
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.wait_for_load_state("networkidle")
    problems += [f"/admin/: {v}" for v in violations(page)]
    problems += visit(page, "/admin/pages/")
    explorer = re.findall(r'href="/admin/pages/(\d+)/"', page.content())
    problems += visit(page, f"/admin/pages/{explorer[-1]}/")
    editable = re.findall(r'href="/admin/pages/(\d+)/edit/"', page.content())
    problems += visit(page, f"/admin/pages/{editable[-1]}/edit/")
    # The editor's scripts ran: the rich text editor (Draftail) is on the page.
    assert page.locator(".Draftail-Editor").count() > 0
    for path in ("/admin/images/", "/admin/documents/", "/admin/snippets/", "/admin/users/"):
        problems += visit(page, path)
    assert not problems, "\n".join(problems)
