"""Translation status: the bulk function against asking Wagtail page by page, on 12 + 200 entries."""

import time


def _setup():
    import django

    django.setup()
    from django.db import connection

    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    from django.core.management import call_command

    call_command("load_demo", stdout=open("/dev/null", "w"))


def _add_entries(count: int) -> None:
    from tests.factories import MethodFactory, translate

    for number in range(count):
        entry = MethodFactory(title=f"Bench entry {number}", slug=f"bench-entry-{number}")
        translate(entry, "sv")
        if number % 2:
            translate(entry, "en")


def _page_by_page(entries):
    """What a view would do with stock Wagtail: each entry's translations, one entry at a time."""
    from wagtail_localize.models import TranslationSource

    result = {}
    for entry in entries:
        translations = {
            page.locale.language_code: page
            for page in entry.get_translations().select_related("locale")
        }
        source = TranslationSource.objects.get_for_instance_or_none(entry)
        result[entry.pk] = (translations, source)
    return result


def _measure(function, entries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        function(entries)
        elapsed = time.perf_counter() - started
    return len(queries), elapsed


def run(out):
    _setup()
    from methods.translation_status import source_entries, translation_statuses

    for extra in (0, 200):
        if extra:
            _add_entries(extra)
        entries = list(source_entries())
        bulk_queries, bulk_time = _measure(translation_statuses, entries)
        naive_queries, naive_time = _measure(_page_by_page, entries)
        out.write(
            f"{len(entries):4d} entries: translation_statuses {bulk_queries} queries "
            f"{bulk_time * 1000:.0f} ms; page by page {naive_queries} queries "
            f"{naive_time * 1000:.0f} ms\n"
        )
