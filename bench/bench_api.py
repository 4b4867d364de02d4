"""Partner API speed: v1 list and detail (uncached and cached) against stock Wagtail API v2 and a
constant view of the same size, on one worker, with 2,000 entries in each of three languages.

Builds the data in its own SQLite file (kept in bench-results/ for the next run), serves it with gunicorn (one sync worker) and measures
with wrk when it is installed, else with a small threaded client. Prints req/s, p95 and ratios.
"""

import hashlib
import inspect
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRIES_PER_LANGUAGE = int(os.environ.get("BENCH_ENTRIES", 2000))
SECONDS = 8
CONNECTIONS = 4


# --- Data ---------------------------------------------------------------------------------------


def build() -> None:
    """Run in a subprocess with Django set up: demo content, then clones up to 2,000 per language."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from catalogue.models import MethodIndexPage
    from methods.models import MethodPage
    from methods.vocabulary import facet_models

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    templates = list(MethodPage.objects.filter(locale__language_code="fi").live())
    now = timezone.now()
    copied = [
        "summary", "alternative_names", "aims", "target_group_description", "age_min", "age_max",
        "sessions_min", "sessions_max", "session_length_minutes", "duration_weeks_min",
        "duration_weeks_max", "delivery_description", "delivered_by", "training",
        "training_available_in_finland", "material_languages", "cost", "licence",
        "owner_organisation", "owner_website", "contact_email", "evidence_level",
        "evidence_no_effect", "evidence_harmful", "evidence_rationale", "evidence_last_reviewed",
        "body",
    ]  # fmt: skip
    keys = {}
    for language in ("fi", "sv", "en"):
        index = MethodIndexPage.objects.get(locale__language_code=language)
        source_by_key = {
            page.translation_key: page
            for page in MethodPage.objects.filter(locale__language_code=language)
        }
        existing = len(source_by_key)
        with transaction.atomic():
            for number in range(ENTRIES_PER_LANGUAGE - existing):
                template = templates[number % len(templates)]
                source = source_by_key.get(template.translation_key, template)
                page = MethodPage(
                    title=f"{source.title} {number}",
                    slug=f"{source.slug}-{number}",
                    locale=index.locale,
                    live=True,
                    first_published_at=now,
                    last_published_at=now,
                    **{name: getattr(source, name) for name in copied},
                )
                if (language, number) in keys:
                    page.translation_key = keys[(language, number)]
                for facet in facet_models():
                    setattr(page, facet, list(getattr(template, facet).all()))
                # add_child() without its full_clean(): the copies are valid by construction
                page.depth = index.depth + 1
                page.path = MethodIndexPage._get_path(index.path, page.depth, index.numchild + 1)
                page.numchild = 0
                page.save(clean=False)
                index.numchild += 1
                if language == "fi":  # the Swedish and English copies are its translations
                    keys[("sv", number)] = keys[("en", number)] = page.translation_key
            MethodIndexPage.objects.filter(pk=index.pk).update(numchild=index.numchild)
        print(language, MethodPage.objects.filter(locale__language_code=language).count())
    call_command("rebuild_api_documents")  # as `make setup` leaves them


# --- Load ---------------------------------------------------------------------------------------

WRK_SCRIPT = """
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%d\\n", summary.requests, summary.duration,
                         latency:percentile(95)))
end
"""


def measure(base: str, paths: list[str], folder: Path) -> tuple[float, float]:
    """(requests per second, p95 in ms) over SECONDS with CONNECTIONS concurrent clients."""
    if shutil.which("wrk"):
        script = folder / "paths.lua"
        script.write_text(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
        output = subprocess.run(
            ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "-s", str(script), base],
            capture_output=True,
            text=True,
            timeout=SECONDS + 60,
        ).stdout
        line = next(line for line in output.splitlines() if line.startswith("RESULT"))
        requests, duration_us, p95_us = map(int, line.split()[1:])
        return requests / (duration_us / 1e6), p95_us / 1000
    return _measure_with_threads(base, paths)


def _measure_with_threads(base: str, paths: list[str]) -> tuple[float, float]:
    latencies: list[float] = []
    deadline = time.monotonic() + SECONDS
    lock = threading.Lock()

    def client(offset):
        number = offset
        while time.monotonic() < deadline:
            started = time.monotonic()
            urllib.request.urlopen(base + paths[number % len(paths)], timeout=30).read()
            with lock:
                latencies.append(time.monotonic() - started)
            number += CONNECTIONS

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CONNECTIONS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return len(latencies) / (time.monotonic() - started), latencies[
        int(len(latencies) * 0.95)
    ] * 1000


def _data_file() -> Path:
    digest = hashlib.sha256(str(ENTRIES_PER_LANGUAGE).encode())
    for path in sorted(ROOT.glob("*/migrations/0*.py")) + [ROOT / "methods/demo/demo_methods.json"]:
        digest.update(path.read_bytes())
    digest.update(inspect.getsource(build).encode())
    return ROOT / "bench-results" / f"api-data-{digest.hexdigest()[:12]}.sqlite3"


def fetch(url: str) -> bytes:
    return urllib.request.urlopen(url, timeout=60).read()


def run(out) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-api-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "PYTHONPATH": str(ROOT),
    }
    started = time.monotonic()
    data = _data_file()
    if not data.exists():  # built once, then reused while the schema and demo stay the same
        subprocess.run(
            [sys.executable, "-m", "bench.bench_api", "build"], cwd=ROOT, env=env, check=True
        )
        data.parent.mkdir(exist_ok=True)
        shutil.copy(folder / "db.sqlite3", data)
    else:
        shutil.copy(data, folder / "db.sqlite3")
        # documents stored by other code than this are not served: render them as setup would
        subprocess.run(
            [sys.executable, "manage.py", "rebuild_api_documents", "--outdated"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        shutil.copy(folder / "db.sqlite3", data)
    print(
        f"data: {ENTRIES_PER_LANGUAGE} entries x 3 languages ({data.name}) "
        f"ready in {time.monotonic() - started:.0f} s",
        file=out,
    )
    port = 18000 + random.randrange(1000)
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )  # fmt: skip
    try:
        _wait(base)
        _run_measurements(base, folder, out)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def _wait(base):
    for _ in range(100):
        try:
            fetch(base + "/api/v1/evidence-levels/")
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the bench server did not start")


def _run_measurements(base: str, folder: Path, out) -> None:
    listing = json.loads(fetch(base + "/api/v1/methods/?lang=fi&limit=100"))
    total = listing["count"]
    ids = []
    for language in ("fi", "sv", "en"):
        for offset in range(0, 2000, 100):
            page = json.loads(
                fetch(
                    f"{base}/api/v1/methods/?lang={language}&limit=100&offset={offset}&ordering=title"
                )
            )
            ids += [(item["id"], language) for item in page["results"]]
            ids += [(item["slug"], language) for item in page["results"]]
    v2_ids = []
    for offset in range(0, 600, 20):
        page = json.loads(
            fetch(f"{base}/api/v2/pages/?type=methods.MethodPage&limit=20&offset={offset}")
        )
        v2_ids += [item["id"] for item in page["items"]]
    random.seed(1)
    random.shuffle(ids)
    # every request a different one, so that none is answered from the cache
    list_paths = [
        f"/api/v1/methods/?lang={language}&limit=20&offset={offset}&ordering={ordering}"
        for language in ("fi", "sv", "en")
        for ordering in ("title", "-updated_at", "-evidence", "relevance")
        for offset in range(0, total - 20)
    ]
    random.shuffle(list_paths)
    detail_paths = [f"/api/v1/methods/{entry}/?lang={lang}" for entry, lang in ids]
    v2_list = [
        f"/api/v2/pages/?type=methods.MethodPage&fields=*&limit=20&offset={o}"
        for o in range(0, 2000)
    ]
    v2_detail = [f"/api/v2/pages/{pk}/" for pk in v2_ids]
    list_size = len(fetch(base + list_paths[0]))
    detail_size = len(fetch(base + detail_paths[0]))
    cached_list = ["/api/v1/methods/?lang=fi&limit=20"]
    cached_detail = [detail_paths[0]]
    for path in cached_list + cached_detail:
        fetch(base + path)
    plan = [
        ("v1 list, uncached", list_paths),
        ("v1 list, cached", cached_list),
        ("v2 list (stock)", v2_list),
        (f"constant {list_size} B", [f"/bench/constant/{list_size}/"]),
        ("v1 detail, uncached", detail_paths),
        ("v1 detail, cached", cached_detail),
        ("v2 detail (stock)", v2_detail),
        (f"constant {detail_size} B", [f"/bench/constant/{detail_size}/"]),
    ]
    results = {}
    print(f"{'':24} {'req/s':>8} {'p95 ms':>8}", file=out)
    for name, paths in plan:
        rate, p95 = measure(base, paths, folder)
        results[name] = rate
        repeated = "uncached" in name and rate * SECONDS > len(paths)
        note = "  (more requests than paths: some answered from the cache)" if repeated else ""
        print(f"{name:24} {rate:8.1f} {p95:8.1f}{note}", file=out, flush=True)
    constant_list = results[f"constant {list_size} B"]
    constant_detail = results[f"constant {detail_size} B"]
    print("ratios (aim):", file=out)
    rows = [
        ("v1 list uncached / v2 list", results["v1 list, uncached"] / results["v2 list (stock)"], "≥ 15"),
        ("v1 detail uncached / v2 detail", results["v1 detail, uncached"] / results["v2 detail (stock)"], "≥ 5"),
        ("v1 list cached / constant", results["v1 list, cached"] / constant_list, "≥ 0.9"),
        ("v1 detail cached / constant", results["v1 detail, cached"] / constant_detail, "≥ 0.9"),
    ]  # fmt: skip
    for name, ratio, aim in rows:
        print(f"  {name:32} {ratio:6.2f}  ({aim})", file=out)


if __name__ == "__main__" and sys.argv[1:] == ["build"]:
    build()
