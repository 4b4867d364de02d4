"""Search: relevance on the judged query set and speed at scale, next to stock Wagtail search.

For each available database (SQLite always; PostgreSQL when reachable) a child process builds a
fresh database with the demo content and measures:
- MRR@10 and recall@10 per language, on the general judged set and on the professionals' set
  (synonyms, several names, conditions, evidence text), for our search and for stock Wagtail
  search (the database backend with default settings: `EntryPage.objects.search()` after
  `update_index`);
- with BENCH_SEARCH_ENTRIES synthetic entries per language (default 10,000, made by bulk inserts
  from the demo texts): our full rebuild against stock `update_index`, and p50/p95 latency of a
  search with facet counts and of autocomplete, against stock search and autocomplete and against
  the raw full-text query on our index as the floor (SQLite: FTS5 MATCH ordered by bm25, top 20;
  PostgreSQL: `@@` on the GIN-indexed tsvector ordered by ts_rank, top 20), with the ratios.
Stock search is slow at this size, so its loops stop after a time budget; the number of queries
measured is printed. BENCH_SEARCH_PROFILE=1 also prints where our search spends its time.

Building the large database takes minutes. With BENCH_SEARCH_KEEP=1 it is kept (SQLite: a file in
bench-results/, PostgreSQL: a database named after the entry count) and reused by the next run with
the same entry count; our index is rebuilt on it when the indexing code or the search migrations
changed since. Relevance is always measured on a fresh database with only the demo content.
"""

import hashlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BENCH_DATABASE = "lape_bench_search"
KEPT_FOLDER = ROOT / "bench-results"
# what our index is built by: when one of these changes, a kept database is re-indexed
INDEX_SOURCES = (
    "search/indexing.py",
    "search/analysis.py",
    "search/models.py",
    "search/postings.py",
    "search/migrations",
)
STOCK_BUDGET_SECONDS = float(os.environ.get("BENCH_SEARCH_STOCK_BUDGET", "30"))
OUR_ROUNDS = 3


def run(out):
    entries = int(os.environ.get("BENCH_SEARCH_ENTRIES", "10000"))
    # BENCH_SEARCH_DATABASES: "sqlite", "postgresql" or both (the default)
    databases = os.environ.get("BENCH_SEARCH_DATABASES", "sqlite,postgresql").split(",")
    targets = [("SQLite", None)] if "sqlite" in databases else []
    pg_url = _postgres_url() if "postgresql" in databases else ""
    if pg_url:
        targets.append(("PostgreSQL", pg_url))
    elif "postgresql" in databases:
        print("PostgreSQL not reachable: measuring SQLite only.", file=out, flush=True)
    keep = os.environ.get("BENCH_SEARCH_KEEP") == "1"
    for name, url in targets:
        print(f"\n--- {name}, {entries} synthetic entries per language", file=out, flush=True)
        with tempfile.TemporaryDirectory() as folder:
            # relevance on the demo content only, speed with the synthetic entries added
            for purpose, count in [("relevance", 0), ("speed", entries)][: 2 if entries else 1]:
                if keep:
                    KEPT_FOLDER.mkdir(exist_ok=True)
                    database = f"{PG_BENCH_DATABASE}_{count or 'demo'}"
                    sqlite_path = KEPT_FOLDER / f"search-{count or 'demo'}.sqlite3"
                else:
                    database = PG_BENCH_DATABASE
                    sqlite_path = Path(folder) / f"{purpose}.sqlite3"
                database_url = (
                    f"{url.rsplit('/', 1)[0]}/{database}" if url else f"sqlite:///{sqlite_path}"
                )
                _child(database_url, [purpose, database, str(count), str(int(keep))], out)


def _child(database_url: str, arguments: list[str], out) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
    }
    subprocess.run(
        [sys.executable, "-m", "bench.bench_search", *arguments],
        cwd=ROOT,
        env=env,
        check=False,
        stdout=out,
        stderr=subprocess.STDOUT,
    )


def _postgres_url() -> str:
    result = subprocess.run(
        [sys.executable, "scripts/postgres_url.py"], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        return ""
    base = result.stdout.strip().rsplit("/", 1)[0]
    return f"{base}/{PG_BENCH_DATABASE}"


# --- In the child process -----------------------------------------------------------------------


def child(purpose: str, database: str, entries: int, keep: bool) -> None:
    import django

    ready = keep and _kept_database_ready(database, entries)
    if not ready:
        _fresh_database(database)
    django.setup()
    from django.core.management import call_command

    if ready:
        call_command("migrate", verbosity=0)
        if ready != _index_fingerprint():
            print("the indexing code changed since this database was kept: ", end="", flush=True)
            _rebuild_ours()
            _mark_ready(entries)
        print("the kept database is reused", flush=True)
    else:
        started = time.perf_counter()
        _demo_database()
        print(f"database with demo content: {time.perf_counter() - started:.1f} s", flush=True)
        if entries:
            _speed_data(entries)
        if keep:
            _mark_ready(entries)
    if purpose == "relevance":
        _relevance()
    else:
        _latencies()


def _demo_database() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    call_command("update_index", stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w"))


def _index_fingerprint() -> str:
    digest = hashlib.sha256()
    for source in INDEX_SOURCES:
        path = ROOT / source
        for file in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            digest.update(file.name.encode() + file.read_bytes())
    return digest.hexdigest()[:16]


def _kept_database_ready(database: str, entries: int) -> str:
    """The index fingerprint a complete kept database was built with, or ""."""
    url = os.environ["DATABASE_URL"]
    query = f"SELECT fingerprint FROM bench_search_ready WHERE entries = {int(entries)}"
    if url.startswith("postgres"):
        import psycopg

        try:
            with psycopg.connect(url) as connection:
                row = connection.execute(query).fetchone()
        except psycopg.Error:
            return ""
    else:
        import sqlite3

        path = url.removeprefix("sqlite:///")
        if not Path(path).exists():
            return ""
        try:
            with sqlite3.connect(path) as connection:
                row = connection.execute(query).fetchone()
        except sqlite3.Error:
            return ""
    return row[0] if row else ""


def _mark_ready(entries: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_search_ready")
        cursor.execute("CREATE TABLE bench_search_ready (entries integer, fingerprint text)")
        cursor.execute(
            "INSERT INTO bench_search_ready VALUES (%s, %s)", [entries, _index_fingerprint()]
        )


def _fresh_database(database: str) -> None:
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    import psycopg

    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {database}")


def _stock_pages(language: str):
    from wagtail.models import Locale

    from methods.models import EntryPage

    return EntryPage.objects.live().filter(locale=Locale.objects.get(language_code=language))


def _stock_ranking(query: str, language: str) -> list[str]:
    return [page.entry_id for page in _stock_pages(language).search(query)[:10]]


def _relevance() -> None:
    from search.evaluation import evaluate, service_ranking
    from tests.search.judgements import JUDGEMENTS
    from tests.search.professional_judgements import PROFESSIONAL_JUDGEMENTS

    for title, judgements in (
        ("the judged set", JUDGEMENTS),
        ("the professionals' set", PROFESSIONAL_JUDGEMENTS),
    ):
        ours = evaluate(judgements, service_ranking)
        stock = evaluate(judgements, _stock_ranking)
        print(f"relevance on {title} (MRR@10 / recall@10):", flush=True)
        print(f"  {'language':<9}{'queries':>8}{'ours':>18}{'stock Wagtail':>22}")
        for language in ("fi", "sv", "en"):
            a, b = ours[language], stock[language]
            print(
                f"  {language:<9}{a.queries:>8}{a.mrr:>10.3f} / {a.recall:.3f}"
                f"{b.mrr:>14.3f} / {b.recall:.3f}",
                flush=True,
            )


def _speed_data(entries: int) -> None:
    from django.core.management import call_command

    started = time.perf_counter()
    _synthesise(entries)
    print(f"synthetic entries inserted: {time.perf_counter() - started:.1f} s", flush=True)
    ours, documents = _rebuild_ours()
    started = time.perf_counter()
    call_command("update_index", stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w"))
    stock = time.perf_counter() - started
    print(
        f"full rebuild ({documents} documents): ours {ours:.1f} s, "
        f"stock update_index {stock:.1f} s",
        flush=True,
    )


def _rebuild_ours() -> tuple[float, int]:
    from search.indexing import rebuild

    started = time.perf_counter()
    documents = rebuild()
    seconds = time.perf_counter() - started
    from django.db import connection

    if connection.vendor == "postgresql":
        # a rebuild leaves every old row dead: vacuum as autovacuum soon would, so that the
        # timings do not read through them
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE methods_search_vectors")
            cursor.execute("VACUUM ANALYZE methods_search_searchdocument")
    print(f"our index rebuilt ({documents} documents) in {seconds:.1f} s", flush=True)
    return seconds, documents


def _latencies() -> None:
    from django.conf import settings

    # as in production (the test settings read the content version on every keystroke)
    settings.SEARCH_VERSION_CHECK_SECONDS = 1.0
    from search.service import SearchRequest, search_entries
    from search.suggestions import suggestions
    from tests.search.judgements import JUDGEMENTS
    from tests.search.professional_judgements import PROFESSIONAL_JUDGEMENTS

    queries = [
        (language, query) for language, query, _relevant in JUDGEMENTS + PROFESSIONAL_JUDGEMENTS
    ]
    # every prefix a person types on the way to the query, from two letters on
    prefixes = [
        (language, query[:length])
        for language, query in queries
        for length in range(2, len(query) + 1)
    ]

    def ours_search(language, query):
        search_entries(SearchRequest(language=language, query=query))

    def stock_search(language, query):
        list(_stock_pages(language).search(query)[:20])

    def ours_autocomplete(language, text):
        suggestions(text, language)

    def stock_autocomplete(language, text):
        list(_stock_pages(language).autocomplete(text)[:8])

    def raw_full_text(language, query):
        _raw_full_text(language, query)

    # warm up: the in-memory catalogue and lexicon are built once per content version
    started = time.perf_counter()
    for language in ("fi", "sv", "en"):
        ours_search(language, "perhe")
        ours_autocomplete(language, "pe")
    print(
        f"in-memory catalogue and lexicon, three languages: {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    if os.environ.get("BENCH_SEARCH_PROFILE"):
        _profile(ours_search, queries, "search with facet counts")
        _profile(ours_autocomplete, prefixes[::7], "autocomplete")

    print(
        "latency in ms (p50 / p95, n = queries timed); ratios of p95: ours / stock, ours / raw:",
        flush=True,
    )
    for label, ours, stock, raw, inputs in (
        ("search with facet counts", ours_search, stock_search, raw_full_text, queries),
        ("autocomplete", ours_autocomplete, stock_autocomplete, None, prefixes),
    ):
        a = _timings(ours, inputs * OUR_ROUNDS, budget=120)
        b = _timings(stock, inputs, budget=STOCK_BUDGET_SECONDS)
        c = _timings(raw, inputs * OUR_ROUNDS, budget=60) if raw else []
        ratios = f"{_p95(a) / _p95(b):.2f} x stock" if b else ""
        if c:
            ratios += f", {_p95(a) / _p95(c):.2f} x raw"
        print(
            f"  {label:<26} ours {_summary(a):<26} stock Wagtail {_summary(b):<26}"
            + (f" raw full text {_summary(c):<26}" if raw else "")
            + f" {ratios}",
            flush=True,
        )
    print(
        "  (stock search without facet counts; raw full text: top 20 ids only; autocomplete reads"
        " the content version at most once a second, as in production)",
        flush=True,
    )


def _raw_full_text(language: str, query: str) -> list[int]:
    """The floor: one full-text query on our index, every word's terms OR-ed, top 20 by rank."""
    from django.db import connection

    from search.analysis import analyser

    terms = sorted(set(analyser(language).terms(query)))
    if not terms:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT page_id FROM methods_search_vectors, to_tsquery('simple', %s) q "
                "WHERE language = %s AND vector @@ q ORDER BY ts_rank(vector, q) DESC LIMIT 20",
                [" | ".join(f"'{term}'" for term in terms), language],
            )
        else:
            table = f"methods_search_fts_{language}"  # one FTS5 table per language
            cursor.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH %s ORDER BY bm25({table}) LIMIT 20",
                [" OR ".join(f'"{term}"' for term in terms)],
            )
        return [row[0] for row in cursor.fetchall()]


def _profile(function, inputs, label: str) -> None:
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for language, text in inputs:
        function(language, text)
    profiler.disable()
    report = io.StringIO()
    pstats.Stats(profiler, stream=report).sort_stats("cumulative").print_stats(25)
    print(f"profile of {label} ({len(inputs)} calls), by cumulative time:", flush=True)
    print(report.getvalue(), flush=True)


def _p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _timings(function, inputs, budget: float) -> list[float]:
    inputs = list(inputs)
    random.Random(4).shuffle(inputs)
    timings = []
    deadline = time.perf_counter() + budget
    for language, text in inputs:
        started = time.perf_counter()
        function(language, text)
        timings.append((time.perf_counter() - started) * 1000)
        if time.perf_counter() > deadline:
            break
    return timings


def _summary(timings: list[float]) -> str:
    if not timings:
        return "-"
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"{statistics.median(ordered):.1f} / {p95:.1f} (n={len(ordered)})"


def _synthesise(entries: int) -> None:
    """Bulk-insert `entries` published entries per language, varied copies of the demo entries."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page

    from catalogue.models import MethodIndexPage
    from methods.models import EntryPage, MethodPage
    from methods.vocabulary import facet_models

    demo = list(EntryPage.objects.live().select_related("locale").prefetch_related(*facet_models()))
    by_language: dict[str, list[EntryPage]] = {}
    for page in demo:
        by_language.setdefault(page.locale.language_code, []).append(page)
    vocabulary = {
        language: sorted({word for page in pages for word in page.summary.split() if len(word) > 4})
        for language, pages in by_language.items()
    }
    content_type = ContentType.objects.get_for_model(MethodPage)
    now = timezone.now()
    rng = random.Random(1)
    keys = [uuid.uuid4() for _ in range(entries)]
    entry_fields = [field for field in EntryPage._meta.local_concrete_fields]
    method_fields = [field for field in MethodPage._meta.local_concrete_fields]
    with transaction.atomic():
        for language, pages in by_language.items():
            pages.sort(key=lambda page: page.translation_key)
            index = MethodIndexPage.objects.get(locale__language_code=language)
            last = index.get_children().order_by("-path").first()
            next_step = int(last.path[-4:], 36) + 1 if last else 1
            base_pages, entry_pages = [], []
            for number in range(entries):
                model = pages[number % len(pages)]
                extra = " ".join(rng.sample(vocabulary[language], 3))
                title = f"{model.title} {extra.split()[0]} {number}"
                slug = f"{model.slug}-{number}"
                path = index.path + _base36(next_step + number).rjust(4, "0")
                page = Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    path=path,
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    content_type=content_type,
                    locale_id=model.locale_id,
                    translation_key=keys[number],
                )
                base_pages.append(page)
                entry = EntryPage(**{f.attname: getattr(model, f.attname) for f in entry_fields})
                entry.summary = f"{model.summary} {extra}"
                entry.alternative_names = f"{model.alternative_names}\n{extra.title()} {number}"
                entry_pages.append((entry, model))
            Page.objects.bulk_create(base_pages, batch_size=500)
            created = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
            ids = dict(created.values_list("path", "pk"))
            rows = []
            for page, (entry, _model) in zip(base_pages, entry_pages, strict=True):
                entry.page_ptr_id = ids[page.path]
                rows.append(entry)
            methods = [MethodPage(entrypage_ptr_id=row.page_ptr_id) for row in rows]
            for start in range(0, len(rows), 20):  # one row is ~50 SQL parameters
                EntryPage.objects._insert(
                    rows[start : start + 20], fields=entry_fields, using=connection.alias
                )
            for start in range(0, len(methods), 500):
                MethodPage.objects._insert(
                    methods[start : start + 500], fields=method_fields, using=connection.alias
                )
            for facet in facet_models():
                through = getattr(EntryPage, facet).through
                column = f"{facet_models()[facet]._meta.model_name}_id"
                links = [
                    through(entrypage_id=entry.page_ptr_id, **{column: value.pk})
                    for entry, model in entry_pages
                    for value in getattr(model, facet).all()
                ]
                through.objects.bulk_create(links, batch_size=2000)
            Page.objects.filter(pk=index.pk).update(numchild=index.numchild + entries)


def _base36(number: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = ""
    while number:
        number, remainder = divmod(number, 36)
        text = digits[remainder] + text
    return text or "0"


if __name__ == "__main__" and sys.argv[1:2] in (["relevance"], ["speed"]):
    child(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1")
