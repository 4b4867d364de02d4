"""Atom feeds per language and per entry, read as a feed reader reads them: valid Atom (RFC 4287's
required elements), linked from the pages, public content only, links to hidden pages as plain
text."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction

from methods.evidence import EvidenceLevel
from methods.models import EntryPage, MethodPage
from methods.visibility import publicly_visible
from tests.catalogue.test_discovery import ROOT, Head
from tests.factories import MethodFactory, translate

ATOM = "{http://www.w3.org/2005/Atom}"


def _time(text: str) -> datetime.datetime:
    value = datetime.datetime.fromisoformat(text)
    assert value.tzinfo is not None, f"{text} has no time zone"
    return value


def atom(client, url) -> ET.Element:
    """The feed at `url`, checked against what RFC 4287 requires of a feed and its entries."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{required}")) == 1, required
    assert feed.findtext(f"{ATOM}id").startswith("http://")
    _time(feed.findtext(f"{ATOM}updated"))
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    self_links = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert [link.get("href") for link in self_links] == [ROOT + url]
    ids = []
    for entry in feed.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{required}")) == 1, required
        assert entry.findtext(f"{ATOM}title").strip()
        _time(entry.findtext(f"{ATOM}updated"))
        links = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"]
        assert len(links) == 1 and links[0].get("href").startswith(ROOT + "/")
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids)), "entry ids are unique"
    updated = [_time(e.findtext(f"{ATOM}updated")) for e in feed.findall(f"{ATOM}entry")]
    assert updated == sorted(updated, reverse=True)
    if updated:
        assert _time(feed.findtext(f"{ATOM}updated")) == max(updated)
    return feed


def entries(feed) -> list[dict]:
    return [
        {
            "id": entry.findtext(f"{ATOM}id"),
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
            "categories": [c.get("term") for c in entry.findall(f"{ATOM}category")],
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def change_and_publish(page, **fields):
    page = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_each_language_has_a_valid_feed_of_its_public_entries(client, db, language):
    feed = atom(client, f"/feeds/{language}.atom")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    links = {item["link"] for item in entries(feed)}
    public = {
        page.full_url
        for page in publicly_visible(EntryPage.objects.filter(locale__language_code=language))
    }
    assert links == public


def test_a_new_entry_and_an_update_appear_first(client, db):
    page = MethodFactory(title="Uutuus", slug="uutuus", summary="Uusi menetelmä.")
    first = entries(atom(client, "/feeds/fi.atom"))[0]
    assert (first["title"], first["link"], first["id"]) == ("Uutuus", page.full_url, page.full_url)
    assert "Uusi menetelmä." in first["summary"]
    older = publicly_visible(EntryPage.objects.filter(locale__language_code="fi")).exclude(
        pk=page.pk
    )[0]
    change_and_publish(older.specific, summary="Päivitetty tiivistelmä.")
    first = entries(atom(client, "/feeds/fi.atom"))[0]
    assert first["link"] == older.full_url
    assert "Päivitetty tiivistelmä." in first["summary"]


def test_a_rating_change_is_an_item_of_the_language_and_entry_feeds(client, db):
    page = MethodFactory(
        title="Arvioitu", slug="arvioitu", evidence_level=EvidenceLevel.SOME_RESEARCH
    )
    hidden = MethodFactory(title="Salainen kohde", slug="salainen-kohde", live=False)
    page = change_and_publish(
        page,
        evidence_level=EvidenceLevel.SOME_EVIDENCE,
        evidence_rationale=(
            f'<p>Uusi tutkimus, ks. <a linktype="page" id="{hidden.pk}">salainen</a>.</p>'
        ),
    )
    for url in ("/feeds/fi.atom", f"/feeds/fi/{page.entry_id}.atom"):
        body = client.get(url).content.decode()
        items = [item for item in entries(atom(client, url)) if "#rating-change-" in item["id"]]
        assert len(items) == 1, url
        item = items[0]
        assert item["link"] == page.full_url + "#evidence"
        assert "Arvioitu" in item["title"]
        assert "2 (" in item["summary"] and "3 (" in item["summary"]
        assert "Uusi tutkimus" in item["summary"]
        assert "salainen-kohde" not in body and f'id="{hidden.pk}"' not in body
        assert "&lt;a&gt;salainen&lt;/a&gt;" in body  # the link reads as plain text


def test_an_entry_feed_lists_its_publications(client, db):
    page = MethodFactory(title="Seurattava", slug="seurattava", summary="Ensimmäinen.")
    change_and_publish(page, summary="Toinen versio.")
    feed = atom(client, f"/feeds/fi/{page.entry_id}.atom")
    assert feed.findtext(f"{ATOM}title").endswith("Seurattava")
    items = entries(feed)
    assert len(items) == 2
    assert all(item["link"] == page.full_url for item in items)
    assert "Toinen versio." in items[0]["summary"]
    assert "Ensimmäinen." not in " ".join(item["summary"] for item in items)


def test_no_feed_for_a_draft_an_unpublished_or_a_private_entry(client, db):
    draft = MethodFactory(title="Luonnos", slug="luonnos-feed", live=False)
    unpublished = MethodFactory(title="Vedetty", slug="vedetty-feed")
    unpublished.unpublish()
    private = MethodFactory(title="Yksityinen", slug="yksityinen-feed")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    public = MethodFactory(title="Julkinen", slug="julkinen-feed")
    for page in (draft, unpublished, private):
        assert client.get(f"/feeds/fi/{page.entry_id}.atom").status_code == 404
    body = client.get("/feeds/fi.atom").content.decode()
    for slug in ("luonnos-feed", "vedetty-feed", "yksityinen-feed"):
        assert slug not in body
    assert "julkinen-feed" in body
    # Not translated into Swedish: no Swedish feed of it either.
    assert client.get(f"/feeds/sv/{public.entry_id}.atom").status_code == 404
    assert client.get("/feeds/de.atom").status_code == 404


def test_unpublished_changes_never_reach_a_feed(client, db):
    page = MethodFactory(title="Julkaistu nimi", slug="julkaistu-feed")
    draft = MethodPage.objects.get(pk=page.pk)
    draft.title = "Luonnoksen nimi"
    draft.save_revision()
    for url in ("/feeds/fi.atom", f"/feeds/fi/{page.entry_id}.atom"):
        assert "Luonnoksen nimi" not in client.get(url).content.decode()


def test_pages_link_to_their_feeds(client, db):
    page = MethodFactory(title="Linkitetty", slug="linkitetty")
    swedish = translate(page, "sv", title="Länkad", slug="lankad")
    html = client.get(swedish.url).content.decode()
    feeds = [
        link["href"]
        for link in Head(html).links
        if link.get("rel") == "alternate" and link.get("type") == "application/atom+xml"
    ]
    assert feeds == [f"{ROOT}/feeds/sv.atom", f"{ROOT}/feeds/sv/{page.entry_id}.atom"]
    assert f'href="{ROOT}/feeds/sv/{page.entry_id}.atom"' in html.split("<footer")[1]
    for url in ("/en/", "/en/methods/"):
        head = Head(client.get(url).content.decode())
        assert [
            link["href"] for link in head.links if link.get("type") == "application/atom+xml"
        ] == [f"{ROOT}/feeds/en.atom"]
    for url in feeds:
        assert client.get(url.removeprefix(ROOT)).status_code == 200


def test_a_feed_is_answered_again_with_304(client, db):
    first = client.get("/feeds/en.atom")
    assert client.get("/feeds/en.atom", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
