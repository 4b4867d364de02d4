"""Public site: server time of the catalogue and entry pages with 2,000 entries per language
(uncached), the uncached catalogue next to the API list on the same request, the throughput of
cached pages against a constant view, and the compressed size of the embed script.

A child process builds a fresh database (migrate, demo content, then synthetic entries in bulk
from the demo texts) and times requests through Django's test client: p50 / p95 in ms. It runs
on SQLite, then on PostgreSQL when one is reachable (BENCH_SITE_DATABASES: "sqlite",
"postgresql" or both, the default). BENCH_SITE_ENTRIES changes the number of entries per language.
"""

import gzip
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
EMBED_SCRIPT = ROOT / "catalogue/static/embed/methods.js"
EMBED_LIMIT = 15 * 1024
REQUESTS = 30
BUDGET_SECONDS = 10


PG_DATABASE = "bench_site"


def run(out):
    _embed_size(out)
    entries = int(os.environ.get("BENCH_SITE_ENTRIES", "2000"))
    databases = os.environ.get("BENCH_SITE_DATABASES", "sqlite,postgresql").split(",")
    for name in databases:
        with tempfile.TemporaryDirectory() as folder:
            if name == "sqlite":
                url = f"sqlite:///{folder}/bench.sqlite3"
            else:
                url = _fresh_postgres_database()
                if not url:
                    print("\nPostgreSQL not reachable: SQLite only.", file=out, flush=True)
                    continue
            print(f"\n--- {'SQLite' if name == 'sqlite' else 'PostgreSQL'}", file=out, flush=True)
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
                "DATABASE_URL": url,
            }
            subprocess.run(
                [sys.executable, "-m", "bench.bench_site", "child", str(entries)],
                cwd=ROOT,
                env=env,
                check=False,
                stdout=out,
                stderr=subprocess.STDOUT,
            )


def _fresh_postgres_database() -> str:
    """The URL of an empty database on the PostgreSQL the tests use, or "" when none answers."""
    found = subprocess.run(
        [sys.executable, "scripts/postgres_url.py"], cwd=ROOT, capture_output=True, text=True
    )
    if found.returncode != 0:
        return ""
    import psycopg

    base = found.stdout.strip().rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {PG_DATABASE}")
    return f"{base}/{PG_DATABASE}"


def _embed_size(out) -> None:
    source = EMBED_SCRIPT.read_bytes()
    sizes = {"raw": len(source), "gzip -9": len(gzip.compress(source, 9))}
    try:
        import brotli

        sizes["brotli"] = len(brotli.compress(source, quality=11))
    except ImportError:
        pass
    figures = ", ".join(f"{name} {size / 1024:.1f} KB" for name, size in sizes.items())
    verdict = "under" if sizes["gzip -9"] < EMBED_LIMIT else "OVER"
    print(f"embed script /static/embed/methods.js: {figures}", file=out)
    print(f"compressed size {verdict} the 15 KB limit", file=out, flush=True)


# --- In the child process -----------------------------------------------------------------------


def child(entries: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    print(f"database with demo content: {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    _synthesise(entries)
    print(
        f"{entries} synthetic entries per language inserted: {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    started = time.perf_counter()
    _index_for_search()
    print(f"search index built: {time.perf_counter() - started:.1f} s", flush=True)
    _measure()


def _synthesise(count: int) -> None:
    """Entries in every language, inserted row by row without revisions or signals."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page

    from catalogue.models import MethodIndexPage
    from methods.models import EntryPage, MethodPage, ModelPage
    from methods.vocabulary import facet_models

    random.seed(6)
    templates = {
        language: list(EntryPage.objects.filter(locale__language_code=language).order_by("pk"))
        for language in ("fi", "sv", "en")
    }
    facet_ids = {
        facet: list(model.objects.filter(locale__language_code="fi").values_list("pk", flat=True))
        for facet, model in facet_models().items()
    }
    content_types = {
        model: ContentType.objects.get_for_model(model) for model in (MethodPage, ModelPage)
    }
    now = timezone.now()
    with transaction.atomic():
        for language, examples in templates.items():
            index = MethodIndexPage.objects.get(locale__language_code=language)
            last_child = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
            step = max(
                Page._str2int(p[-Page.steplen :]) for p in last_child.values_list("path", flat=True)
            )
            random.seed(6)  # the same facets and kinds for the same entry in every language
            for number in range(count):
                example = examples[number % len(examples)]
                model = ModelPage if number % 7 == 0 else MethodPage
                step += 1
                page = model(
                    title=f"{example.title} {number}",
                    draft_title=f"{example.title} {number}",
                    slug=f"{example.slug}-{number}",
                    url_path=f"{index.url_path}{example.slug}-{number}/",
                    path=Page._get_path(index.path, index.depth + 1, step),
                    depth=index.depth + 1,
                    numchild=0,
                    locale_id=index.locale_id,
                    translation_key=uuid.UUID(int=number + 1),
                    content_type=content_types[model],
                    live=True,
                    first_published_at=now,
                    last_published_at=now,
                    summary=example.summary,
                    alternative_names=example.alternative_names,
                    aims=example.aims,
                    target_group_description=example.target_group_description,
                    delivered_by=example.delivered_by,
                    training=example.training,
                    cost=example.cost,
                    age_min=random.choice([0, 3, 7, 12]),
                    age_max=random.choice([12, 15, 18, 25]),
                    sessions_min=random.choice([None, 1, 8]),
                    evidence_level=random.choice([0, 1, 2, 3, 4, 5]),
                )
                page._save_table(raw=True, cls=Page, force_insert=True, using="default")
                page.page_ptr_id = page.id
                page._save_table(raw=True, cls=EntryPage, force_insert=True, using="default")
                page.entrypage_ptr_id = page.id
                page._save_table(raw=True, cls=model, force_insert=True, using="default")
                for facet, ids in facet_ids.items():
                    getattr(EntryPage, facet).through.objects.bulk_create(
                        getattr(EntryPage, facet).through(
                            entrypage_id=page.id, **{_target(facet): pk}
                        )
                        for pk in random.sample(ids, k=random.randint(1, min(3, len(ids))))
                    )
            MethodIndexPage.objects.filter(pk=index.pk).update(numchild=index.numchild + count)


def _target(facet: str) -> str:
    from methods.vocabulary import facet_models

    return f"{facet_models()[facet]._meta.model_name}_id"


def _index_for_search() -> None:
    """Whatever the search service reads: its own index when it has one, else Wagtail's."""
    try:
        from search.indexing import rebuild
    except ImportError:
        from django.core.management import call_command

        call_command("update_index", stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w"))
    else:
        rebuild()


def _measure() -> None:
    from django.test import Client

    from methods.models import EntryPage

    client = Client()
    catalogue = {"fi": "/fi/menetelmat/", "en": "/en/methods/"}
    words = {"fi": "perhe", "en": "family"}
    print(f"server time in ms (p50 / p95, up to {REQUESTS} requests each):", flush=True)
    for language, base in catalogue.items():
        entries = list(
            EntryPage.objects.live().filter(locale__language_code=language).order_by("?")[:REQUESTS]
        )
        ids = ",".join(entry.entry_id for entry in entries[:4])
        cases = {
            "catalogue": [base],
            "catalogue, filtered": [f"{base}?target_group=parents&evidence_min=3&age=8"],
            "catalogue, page 5": [f"{base}?page=5"],
            # each page once: its result cards are rendered, not yet kept for the version
            "catalogue, pages 10-39": [f"{base}?page={number}" for number in range(10, 40)],
            f"catalogue, q={words[language]}": [f"{base}?q={words[language]}"],
            "catalogue, partial (JS)": [f"{base}?service_area=school&partial=1"],
            "entry page": [entry.url for entry in entries],
            "compare, 4 entries": [f"{base}compare/?ids={ids}"],
        }
        total = EntryPage.objects.live().filter(locale__language_code=language).count()
        print(f"  {language} ({total} public entries)", flush=True)
        for label, urls in cases.items():
            timings = _time(client, urls)
            print(f"    {label:<28}{_summary(timings)}", flush=True)
    _against_the_api(client)
    _cached_throughput(client)


def _p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _against_the_api(client) -> None:
    """The uncached catalogue next to the API's list answering the same request (also uncached):
    what the page adds is its template and Wagtail's page routing."""
    from django.test.utils import override_settings

    requests = {
        "everything": "",
        "filtered": "target_group=parents&evidence_min=3&age=8",
        "q=perhe": "q=perhe",
    }
    print("uncached catalogue against the API list, same request (p50 / p95 ms):", flush=True)
    with override_settings(API_CACHE_TIMEOUT=0, SITE_CACHE_TIMEOUT=0):
        for label, query in requests.items():
            site = _time(client, [f"/fi/menetelmat/?{query}"])
            api = _time(client, [f"/api/v1/methods/?lang=fi&{query}"])
            print(
                f"  {label:<12} site {_summary(site)}   API {_summary(api)}   "
                f"p95 site / API {_p95(site) / _p95(api):.2f}",
                flush=True,
            )


def _rate(client, url: str, seconds: float = 3.0) -> float:
    client.get(url)
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        assert client.get(url).status_code == 200, url
        count += 1
    return count / (time.perf_counter() - started)


def _cached_throughput(client) -> None:
    """Anonymous pages from the page cache against a constant view of the same size, one after
    another in this process (requests per second; aim: at least 0.5 of the constant view)."""
    from django.core.cache import cache
    from django.test.utils import override_settings

    from methods.models import EntryPage

    entry = EntryPage.objects.live().filter(locale__language_code="fi").order_by("pk").first()
    pages = {"catalogue": "/fi/menetelmat/", "entry page": entry.url}
    print("cached pages against a constant view of the same size (req/s):", flush=True)
    # the content version read at most once a second, as in production
    with override_settings(
        SITE_CACHE_TIMEOUT=3600, SEARCH_VERSION_CHECK_SECONDS=1.0, ROOT_URLCONF="bench.urls"
    ):
        cache.clear()
        for label, url in pages.items():
            size = len(client.get(url).content)
            cached = _rate(client, url)
            constant = _rate(client, f"/bench/constant/{size}/")
            print(
                f"  {label:<12} cached {cached:7.1f}   constant {size} B {constant:7.1f}   "
                f"ratio {cached / constant:.2f} (aim >= 0.5)",
                flush=True,
            )


def _time(client, urls: list[str]) -> list[float]:
    response = client.get(urls[0])  # warm-up
    assert response.status_code == 200, (urls[0], response.status_code)
    timings = []
    deadline = time.perf_counter() + BUDGET_SECONDS
    for number in range(REQUESTS):
        url = urls[number % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        if time.perf_counter() > deadline:
            break
    return timings


def _summary(timings: list[float]) -> str:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered):7.1f} / {p95:7.1f}  (n={len(ordered)})"


if __name__ == "__main__":
    if sys.argv[1:2] == ["child"]:
        child(int(sys.argv[2]))
