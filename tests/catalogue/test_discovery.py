"""Discovery: sitemap.xml, robots.txt, canonical and hreflang links, meta descriptions and JSON-LD,
read as a crawler reads them, and never naming a draft, unpublished or private page."""

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from methods.models import EntryPage, MethodPage
from methods.visibility import publicly_visible
from tests.factories import MethodFactory, ModelFactory, index_page, translate

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
# the Wagtail Site is set from SITE_URL (home.tree), and every public address is on it
ROOT = settings.SITE_URL.rstrip("/")


class Head(HTMLParser):
    """The <link>, <meta> and JSON-LD elements of a page."""

    def __init__(self, html):
        super().__init__()
        self.links, self.meta, self.json_ld = [], {}, []
        self._in_json_ld = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.append(attrs)
        elif tag == "meta" and "name" in attrs:
            self.meta[attrs["name"]] = attrs.get("content")
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data

    def canonical(self):
        return [link["href"] for link in self.links if link.get("rel") == "canonical"]

    def hreflang(self):
        return {
            link["hreflang"]: link["href"]
            for link in self.links
            if link.get("rel") == "alternate" and "hreflang" in link
        }

    def data(self):
        assert len(self.json_ld) == 1, self.json_ld
        return json.loads(self.json_ld[0])


def head_of(client, url) -> Head:
    response = client.get(url)
    assert response.status_code == 200, url
    return Head(response.content.decode())


def sitemap(client) -> dict[str, dict]:
    """{location: {"lastmod": ..., "alternates": {lang: href}}} of /sitemap.xml, parsed as XML."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    urls = {}
    for url in root.findall("s:url", NS):
        location = url.findtext("s:loc", namespaces=NS)
        assert location not in urls, f"{location} listed twice"
        urls[location] = {
            "lastmod": url.findtext("s:lastmod", namespaces=NS),
            "alternates": {
                link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
            },
        }
    return urls


def restrict(page):
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")


@pytest.fixture
def hidden(db):
    """A draft, an entry published and then unpublished, a private entry, a public entry with a
    private Swedish translation, and every entry of the English catalogue behind a restriction."""
    draft = MethodFactory(title="Luonnos", slug="luonnos-sm", live=False)
    unpublished = MethodFactory(title="Poistunut", slug="poistunut-sm")
    unpublished.unpublish()
    private = MethodFactory(title="Yksityinen", slug="yksityinen-sm")
    restrict(private)
    public = MethodFactory(title="Julkinen", slug="julkinen-sm", summary="Julkinen tiivistelmä.")
    private_sv = translate(public, "sv", title="Hemlig", slug="hemlig-sm")
    restrict(private_sv)
    public_en = translate(public, "en", title="Public", slug="public-sm")
    return {
        "draft": draft,
        "unpublished": unpublished,
        "private": private,
        "public": public,
        "private_sv": private_sv,
        "public_en": public_en,
    }


def test_the_sitemap_lists_every_public_page_in_every_language_with_alternates(client, hidden):
    urls = sitemap(client)
    public = publicly_visible(Page.objects.filter(depth__gte=2))
    expected = {page.full_url for page in public}
    open_data = {f"{ROOT}/open-data/{code}/" for code in ("fi", "sv", "en")}
    assert set(urls) == expected | open_data
    for url in open_data:
        assert urls[url]["alternates"]["x-default"] == f"{ROOT}/open-data/"
        assert set(urls[url]["alternates"]) == {"fi", "sv", "en", "x-default"}
    assert len(expected) > 30
    for language, home, catalogue in (
        ("fi", "/fi/", "/fi/menetelmat/"),
        ("sv", "/sv/", "/sv/metoder/"),
        ("en", "/en/", "/en/methods/"),
    ):
        assert ROOT + home in urls and ROOT + catalogue in urls
        assert urls[ROOT + home]["alternates"]["x-default"] == ROOT + "/"
        assert urls[ROOT + catalogue]["alternates"][language] == ROOT + catalogue
    for entry in publicly_visible(EntryPage.objects.all()):
        url = urls[entry.full_url]
        # the date in the site's time zone (Helsinki), as Django's sitemap writes it
        assert url["lastmod"] == timezone.localdate(entry.last_published_at).isoformat()
        translations = publicly_visible(
            EntryPage.objects.filter(translation_key=entry.translation_key)
        )
        assert url["alternates"] == {
            **{t.locale.language_code: t.full_url for t in translations},
            "x-default": EntryPage.objects.get(
                translation_key=entry.translation_key, locale__language_code="fi"
            ).full_url,
        }


def test_the_sitemap_names_no_draft_unpublished_or_private_page(client, hidden):
    body = client.get("/sitemap.xml").content.decode()
    for slug in ("luonnos-sm", "poistunut-sm", "yksityinen-sm", "hemlig-sm"):
        assert slug not in body
    urls = sitemap(client)
    public = urls[hidden["public"].full_url]
    assert set(public["alternates"]) == {"fi", "en", "x-default"}


def test_entries_below_a_restricted_catalogue_leave_the_sitemap(client, hidden):
    restrict(index_page("en"))
    urls = sitemap(client)
    assert [url for url in urls if url.startswith(ROOT + "/en/")] == [ROOT + "/en/"]
    assert not [
        href
        for url in urls.values()
        for href in url["alternates"].values()
        if href.startswith(ROOT + "/en/") and href != ROOT + "/en/"
    ]
    assert ROOT + "/fi/menetelmat/" in urls


def test_the_sitemap_follows_publishing_at_once(client, db):
    before = sitemap(client)
    page = MethodFactory(title="Uusi", slug="uusi-sm")
    after = sitemap(client)
    assert page.full_url in after and page.full_url not in before
    page.unpublish()
    assert page.full_url not in sitemap(client)


def test_the_sitemap_is_answered_again_with_304(client, db):
    first = client.get("/sitemap.xml")
    again = client.get("/sitemap.xml", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_robots_txt_points_at_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {ROOT}/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert not [line for line in lines if line.strip() == "Disallow: /"]


@pytest.mark.parametrize(
    "url, canonical",
    [
        ("/fi/", "/fi/"),
        ("/sv/", "/sv/"),
        ("/en/methods/", "/en/methods/"),
        ("/fi/menetelmat/?q=perhe&target_group=parents", "/fi/menetelmat/"),
    ],
)
def test_every_page_has_a_canonical_address_and_its_languages(client, db, url, canonical):
    head = head_of(client, url)
    assert head.canonical() == [ROOT + canonical]
    alternates = head.hreflang()
    assert set(alternates) == {"fi", "sv", "en", "x-default"}
    assert ROOT + canonical in alternates.values()


def test_compare_keeps_its_ids_in_every_language(client, db):
    ids = ",".join(
        entry.entry_id
        for entry in publicly_visible(EntryPage.objects.filter(locale__language_code="fi"))[:2]
    )
    head = head_of(client, f"/fi/menetelmat/compare/?ids={ids}")
    query = "?ids=" + ids.replace(",", "%2C")
    assert head.canonical() == [f"{ROOT}/fi/menetelmat/compare/{query}"]
    assert head.hreflang()["sv"] == f"{ROOT}/sv/metoder/compare/{query}"


def test_an_entry_page_has_its_summary_translations_and_json_ld(client, db):
    method = MethodFactory(
        title="Perheklubi",
        slug="perheklubi",
        summary="Vanhempien ryhmä, jossa harjoitellaan arjen taitoja.",
        references=["Virtanen, A. (2020). Perheklubin arviointi."],
    )
    swedish = translate(method, "sv", title="Familjeklubben", slug="familjeklubben")
    head = head_of(client, swedish.url)
    assert head.meta["description"] == swedish.summary
    assert head.canonical() == [swedish.full_url]
    assert head.hreflang() == {
        "fi": method.full_url,
        "sv": swedish.full_url,
        "x-default": method.full_url,
    }
    data = head.data()
    assert data["@context"] == "https://schema.org"
    assert "PsychologicalTreatment" in data["@type"] and "CreativeWork" in data["@type"]
    assert data["name"] == "Familjeklubben"
    assert data["description"] == swedish.summary
    assert data["inLanguage"] == "sv"
    assert data["url"] == swedish.full_url
    assert data["identifier"] == method.entry_id
    assert [(t["inLanguage"], t["name"], t["url"]) for t in data["workTranslation"]] == [
        ("fi", "Perheklubi", method.full_url)
    ]
    assert data["translationOfWork"] == {"@id": method.full_url}
    assert data["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "Virtanen, A. (2020). Perheklubin arviointi.",
            "datePublished": "2020",
        }
    ]


def test_a_service_model_is_a_service(client, db):
    model = ModelFactory(title="Perhekeskusmalli", slug="perhekeskusmalli-sm")
    data = head_of(client, model.url).data()
    assert "Service" in data["@type"]
    assert data["name"] == "Perhekeskusmalli"
    assert data["inLanguage"] == "fi"
    assert "workTranslation" not in data


def test_json_ld_of_the_demo_entries_parses(client, db):
    for entry in publicly_visible(EntryPage.objects.all()):
        data = head_of(client, entry.url).data()
        assert data["name"] == entry.title
        assert data["inLanguage"] == entry.locale.language_code
        assert len(data.get("workTranslation", [])) == (
            publicly_visible(EntryPage.objects.filter(translation_key=entry.translation_key))
            .exclude(pk=entry.pk)
            .count()
        )


def test_a_private_translation_is_named_nowhere_in_the_head(client, hidden):
    html = client.get(hidden["public"].url).content.decode()
    assert "hemlig-sm" not in html and "Hemlig" not in html
    head = Head(html)
    assert set(head.hreflang()) == {"fi", "en", "x-default"}
    assert [t["inLanguage"] for t in head.data()["workTranslation"]] == ["en"]


def test_json_ld_cannot_be_closed_by_the_content(client, db):
    method = MethodFactory(
        title="</script><script>alert(1)</script>", slug="skripti", summary="a < b & c > d"
    )
    html = client.get(method.url).content.decode()
    assert "<script>alert(1)" not in html
    data = Head(html).data()
    assert data["name"] == "</script><script>alert(1)</script>"
    assert data["description"] == "a < b & c > d"


def test_unpublished_changes_stay_out_of_the_head(client, db):
    method = MethodFactory(title="Julkaistu", slug="julkaistu-sm", summary="Julkaistu kuvaus.")
    draft = MethodPage.objects.get(pk=method.pk)
    draft.summary = "Luonnoksen kuvaus."
    draft.title = "Luonnoksen nimi"
    draft.save_revision()
    html = client.get(method.url).content.decode()
    assert "Luonnoksen" not in html
    assert Head(html).meta["description"] == "Julkaistu kuvaus."


def test_the_head_costs_the_same_queries_however_many_translations(db, rf):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalogue.discovery import head

    alone = MethodFactory(title="Yksin", slug="yksin", references=["A (2020).", "B (2021)."])
    translated = MethodFactory(title="Käännetty", slug="kaannetty", references=["C (2022)."])
    translate(translated, "sv", title="Översatt", slug="oversatt")
    translate(translated, "en", title="Translated", slug="translated")
    counts = []
    for page in (alone, translated):
        page = MethodPage.objects.get(pk=page.pk)
        head(page, rf.get(page.url))  # the site's root paths and labels are kept after this
        with CaptureQueriesContext(connection) as queries:
            found = head(page, rf.get(page.url))
        assert found["json_ld"]
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 10
