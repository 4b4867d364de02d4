"""Load: gunicorn with the production settings on PostgreSQL, 50 concurrent connections for 30 s
on each of the catalogue page, an entry page, the API list and the API search (wrk).

Prints requests per second, p50/p95/p99 latency, errors (must be zero) and the peak memory of the
workers. Needs wrk (`make bench-tools`) and PostgreSQL and Redis on loopback.
"""

import json
import re
import shutil
import subprocess
import threading
from pathlib import Path

from bench.production_site import ProductionSite, rss_kib, status_of, worker_pids

CONNECTIONS = 50
SECONDS = 30
WARM_UP_SECONDS = 5
LUA = Path(__file__).with_name("wrk_report.lua")

TARGETS = [
    ("catalogue", "/fi/menetelmat/"),
    ("entry page", None),  # the first entry linked from the catalogue
    ("API list", "/api/v1/methods/?lang=fi"),
    ("API search", "/api/v1/methods/?lang=fi&q=vanhemmat"),
]


def run(out) -> None:
    if not shutil.which("wrk"):
        print("skipped: wrk is not installed (run `make bench-tools`)", file=out)
        return
    site = ProductionSite(out)
    if reason := site.unavailable():
        print(f"skipped: PostgreSQL not reachable: {reason}", file=out)
        return
    with site as server:
        print(
            f"gunicorn, {server.env['WEB_CONCURRENCY']} sync workers, production settings, "
            f"PostgreSQL + Redis; wrk {CONNECTIONS} connections × {SECONDS} s per URL",
            file=out,
        )
        print(
            f"{'page':<12} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
            f"{'errors':>7} {'peak RSS/worker MB':>19}",
            file=out,
            flush=True,
        )
        total_errors = 0
        for label, path in TARGETS:
            if path is None:
                status, _headers, html = server.get("/fi/menetelmat/")
                path = re.search(r'href="(/fi/menetelmat/[^"/]+/)"', html).group(1)
            status = status_of(server.url + path)
            if status != 200:
                print(f"{label:<12} skipped: {path} answers {status} (not in this build)", file=out)
                continue
            figures, peak = measure(server, path)
            errors = sum(figures[k] for k in ("connect", "read", "write", "status", "timeout"))
            total_errors += errors
            seconds = figures["duration_us"] / 1e6
            print(
                f"{label:<12} {figures['requests'] / seconds:>8.1f} {figures['p50'] / 1000:>8.1f} "
                f"{figures['p95'] / 1000:>8.1f} {figures['p99'] / 1000:>8.1f} {errors:>7} "
                f"{peak / 1024:>19.0f}",
                file=out,
                flush=True,
            )
        print(f"errors in total: {total_errors}", file=out)


def measure(server, path: str) -> tuple[dict, int]:
    """wrk's figures for one URL, and the highest RSS (KiB) any worker reached meanwhile.

    A short run first warms every worker up (imports, templates, connections); it is not counted.
    """
    wrk(server.url + path, seconds=WARM_UP_SECONDS)
    peak = 0
    finished = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not finished.wait(0.25):
            for pid in worker_pids(server.process.pid):
                peak = max(peak, rss_kib(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        figures = wrk(server.url + path, seconds=SECONDS)
    finally:
        finished.set()
        sampler.join()
    return figures, peak


def wrk(url: str, *, seconds: int) -> dict:
    result = subprocess.run(
        [
            "wrk",
            "--threads=2",
            f"--connections={CONNECTIONS}",
            f"--duration={seconds}s",
            "--timeout=60s",
            f"--script={LUA}",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    report = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not report:
        raise RuntimeError(f"wrk gave no report:\n{result.stdout}\n{result.stderr}")
    return json.loads(report[-1])
