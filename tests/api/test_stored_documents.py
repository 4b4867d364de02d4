"""Every public entry's answers are stored, rendered once when something they show changes: after
each kind of change, what the store serves for every demo entry in every language is exactly a
fresh render, nothing is served for an entry that is not public, and an uncached answer costs a
fixed number of queries."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from api import stored
from api.models import StoredDocument
from methods.evidence import EvidenceLevel, Registry
from methods.implementations import Implementation
from methods.models import (
    EntryPage,
    Measure,
    MethodPage,
    ModelMethod,
    ModelPage,
    RegistryRating,
    Study,
    TargetGroup,
)
from methods.visibility import publicly_visible

Kind = StoredDocument.Kind


def served() -> dict[tuple[int, str], str]:
    return {(row.page_id, row.kind): row.body for row in stored._served()}


def fresh() -> dict[tuple[int, str], str]:
    pages = list(publicly_visible(EntryPage.objects.all()).select_related("locale"))
    return {
        (pk, kind): item[kind] for pk, item in stored.render(pages).items() for kind in Kind.values
    }


def assert_store_is_a_fresh_render(client=None):
    """What the store serves is a fresh render, and only of public entries. Every public entry
    has its documents; after a change that every entry shows (`client` given), once each has
    been asked for."""
    expected = fresh()
    found = served()
    assert set(found) <= set(expected), "a document of an entry that is not public is served"
    assert {key: found[key] for key in found} == {key: expected[key] for key in found}
    if client is not None:
        for page in publicly_visible(EntryPage.objects.all()).select_related("locale"):
            path = f"/api/v1/methods/{page.translation_key}/?lang={page.locale.language_code}"
            assert client.get(path).status_code == 200
        found = served()
    assert set(found) == set(expected), "a public entry without its documents"
    for key, body in expected.items():
        assert found[key] == body, key


def finnish(model=MethodPage):
    return model.objects.filter(locale__language_code="fi").live().order_by("title").first()


def publish(page, **fields):
    page = type(page).objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def linked_method():
    """A demo method that a demo model uses, and that model."""
    link = ModelMethod.objects.filter(
        model_page__locale__language_code="fi", model_page__live=True
    ).first()
    method = MethodPage.objects.get(
        translation_key=link.method.translation_key, locale__language_code="fi"
    )
    return method, ModelPage.objects.get(pk=link.model_page_id)


def change_summary():
    publish(finnish(), summary="A new summary, published.")


def rename_linked_entry():
    method, model = linked_method()
    publish(method, title="Renamed method")

    def shown_by_the_model():
        return "Renamed method" in stored.detail(str(model.translation_key), "fi", "")

    return shown_by_the_model


def relabel_facet():
    value = TargetGroup.objects.filter(locale__language_code="sv").first()
    value.name = "Ny etikett"
    value.save()


def change_evidence_level():
    page = finnish()
    level = EvidenceLevel.SOME_RESEARCH if page.evidence_level != 2 else EvidenceLevel.DESCRIBED
    publish(page, evidence_level=level, evidence_last_reviewed=datetime.date(2026, 12, 1))


def change_registry_rating():
    page = MethodPage.objects.get(pk=finnish().pk)
    page.registry_ratings.add(RegistryRating(registry=Registry.values[0], label="Well supported"))
    page.save_revision().publish()


def rename_region():
    region = Implementation.objects.filter(region__isnull=False).first().region
    region.name_fi, region.name_sv, region.name_en = "Uusi", "Ny", "New"
    region.save()


def rename_measure():
    used = next(
        outcome["measure"]
        for study in Study.objects.all()
        for outcome in study.outcome_values
        if outcome.get("measure")
    )
    measure = Measure.objects.get(code=used, locale__language_code="en")
    measure.name = "A renamed measure"
    measure.save()


def unpublish():
    finnish().unpublish()


def restrict():
    PageViewRestriction.objects.create(page=finnish(), restriction_type="password", password="x")


def delete():
    finnish(ModelPage).delete()


CHANGES = {
    "publish": change_summary,
    "renamed linked entry": rename_linked_entry,
    "changed evidence level": change_evidence_level,
    "registry rating": change_registry_rating,
    "renamed measure": rename_measure,
    "unpublish": unpublish,
    "delete": delete,
}
# Changes every entry may show: their documents are rendered when asked for (with a queue
# backend for tasks, by a task).
SHOWN_BY_EVERY_ENTRY = {
    "relabelled facet": relabel_facet,
    "renamed region": rename_region,
    "restriction": restrict,
}


def test_the_demo_entries_are_stored_as_they_render(db):
    assert_store_is_a_fresh_render()


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_after_each_kind_of_change_the_store_serves_a_fresh_render(
    db, change, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        check = change()
    assert_store_is_a_fresh_render()
    if check:
        assert check()


@pytest.mark.parametrize("change", SHOWN_BY_EVERY_ENTRY.values(), ids=SHOWN_BY_EVERY_ENTRY.keys())
def test_after_a_change_every_entry_shows_the_store_serves_a_fresh_render(
    client, db, change, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change()
    assert_store_is_a_fresh_render(client)


def test_with_a_queue_for_tasks_a_change_every_entry_shows_renders_them_all(
    db, django_capture_on_commit_callbacks, monkeypatch
):
    from django_tasks import task_backends

    monkeypatch.setattr(task_backends["default"], "supports_defer", True)
    with django_capture_on_commit_callbacks(execute=True):
        relabel_facet()
    assert_store_is_a_fresh_render()


def test_a_change_outdates_the_documents_in_its_own_transaction(client, db):
    """Until the documents are rendered again (after the commit), none that the change
    outdated is served: an answer in between is rendered afresh."""
    method, model = linked_method()
    translations = set(
        EntryPage.objects.filter(translation_key=method.translation_key).values_list(
            "pk", flat=True
        )
    )
    publish(method, title="Renamed method")  # the commit's callbacks are not run
    outdated = translations | {model.pk}
    assert not {page_id for page_id, _kind in served()} & outdated
    answer = client.get(f"/api/v1/methods/{model.translation_key}/?lang=fi").json()
    assert "Renamed method" in [link["title"] for link in answer["uses_methods"]]


def test_relabelling_a_facet_serves_no_document_stored_before_it(client, db):
    before = client.get("/api/v1/methods/?lang=sv&limit=100").json()["results"]
    code = before[0]["target_groups"][0]["code"]
    value = TargetGroup.objects.get(locale__language_code="sv", code=code)
    value.name = "Ny etikett"
    value.save()  # the commit's callbacks are not run: nothing is rendered again
    assert served() == {}
    results = client.get("/api/v1/methods/?lang=sv&limit=100").json()["results"]
    assert "Ny etikett" in [label["label"] for label in results[0]["target_groups"]]


def test_a_new_renderer_serves_no_document_the_old_one_stored(client, db, monkeypatch):
    """A deployment that changes the code or translations (an evidence level's label, say)
    serves nothing the previous one stored."""
    page = finnish()
    monkeypatch.setattr(EvidenceLevel(page.evidence_level), "_label_", "Relabelled level")
    monkeypatch.setattr(stored, "renderer", lambda: "a newer deployment")
    assert served() == {}
    detail = client.get(f"/api/v1/methods/{page.translation_key}/?lang=fi").json()
    assert detail["evidence"]["label"] == "Relabelled level"
    assert (page.pk, Kind.DETAIL) in served()


def test_the_rebuild_command_stores_every_public_entry(db):
    StoredDocument.objects.all().delete()
    call_command("rebuild_api_documents", stdout=open("/dev/null", "w"))
    assert_store_is_a_fresh_render()


def test_a_stored_answer_is_the_answer_a_fresh_render_gives(client, db):
    """Over HTTP: the list and the detail answered from the store equal those rendered afresh
    (the store emptied), with the API's own address in every link."""
    paths = [
        "/api/v1/methods/?lang=sv&limit=100",
        "/api/v1/methods/?lang=en&target_group=parents&ordering=-evidence",
        *(
            f"/api/v1/methods/{page.translation_key}/?lang={page.locale.language_code}"
            for page in publicly_visible(EntryPage.objects.all()).select_related("locale")
        ),
    ]
    from_store = [client.get(path).content for path in paths]
    from django.core.cache import cache

    cache.clear()
    StoredDocument.objects.all().delete()
    assert [client.get(path).content for path in paths] == from_store
    assert b"stored.invalid" not in b"".join(from_store)
    assert b"http://testserver/api/v1/methods/" in from_store[0]


def count_queries(client, path: str) -> int:
    """The queries of answering `path` for the first time (not from the cache)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_an_uncached_list_costs_the_same_queries_whatever_its_length(client, db):
    for language in ("fi", "sv", "en"):  # the catalogues and labels in memory
        client.get(f"/api/v1/methods/?lang={language}")
    # the content version (for the cache and the answer, then for the catalogue) and the
    # page's summaries
    assert count_queries(client, "/api/v1/methods/?lang=fi&limit=5") == 3
    assert count_queries(client, "/api/v1/methods/?lang=fi&limit=50") == 3
    assert count_queries(client, "/api/v1/methods/?lang=sv&limit=5&fallback=fi,en") == 3
    assert count_queries(client, "/api/v1/methods/?lang=sv&limit=50&fallback=fi,en") == 3


def test_an_uncached_detail_is_one_read(client, db):
    page = finnish()
    client.get("/api/v1/methods/?lang=fi")
    # the content version (once for the cache and the answer) and the document
    assert count_queries(client, f"/api/v1/methods/{page.translation_key}/?lang=fi") == 2
    assert count_queries(client, f"/api/v1/methods/{page.slug}/?lang=fi") == 2


def test_drafts_and_private_entries_are_never_stored(
    client, db, django_capture_on_commit_callbacks
):
    from tests.factories import MethodFactory

    with django_capture_on_commit_callbacks(execute=True):
        draft = MethodFactory(title="Salainen luonnos", live=False)
        public = MethodFactory(title="Julkinen")
        PageViewRestriction.objects.create(page=public, restriction_type="password", password="x")
    assert not StoredDocument.objects.filter(page=draft.pk).exists()
    assert not StoredDocument.objects.filter(page=public.pk, body__isnull=False).exists()
    assert_store_is_a_fresh_render(client)
