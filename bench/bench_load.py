"""Load and faults: gunicorn with the production settings on PostgreSQL and Redis, wrk at 50
connections.

First the load: 30 s on each of the API list (one cached query, then a random `q` on every
request), an API entry, the site catalogue and the site search (random `q`), printing requests
per second, p50/p99 latency, errors and the peak memory of the workers.

Then the faults, with PostgreSQL and Redis reached through TCP proxies on loopback that the bench
cuts: for each of PostgreSQL refused, PostgreSQL hung (accepts, never answers) and Redis down,
wrk runs 25 s on the API list with random `q` and on the site search; the fault starts at 5 s and
ends at 15 s. Printed: the answers by kind (200, 503, other 5xx), dropped connections (wrk's
connect, read, write and timeout errors) and the recovery time: from the end of the fault to the
first 200 of a probe that asks every 0.1 s. Wanted: no 500, no dropped connection, recovery
within 5 s.

Needs wrk (`make bench-tools`) and PostgreSQL and Redis on loopback. Traffic goes to 127.0.0.1
only. BENCH_LOAD_SECONDS shortens the load runs.
"""

import json
import os
import re
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.production_site import DATABASE, ProductionSite, rss_kib, status_of, worker_pids
from tests.production.servers import TcpProxy, postgres_server

CONNECTIONS = 50
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", 30))
WARM_UP_SECONDS = 5
FAULT_SECONDS = 25
FAULT_START, FAULT_END = 5, 15
LUA = Path(__file__).with_name("wrk_report.lua")
# Words of the demo content and others that match nothing: random pairs defeat every cache.
# Percent-encoded as a browser sends them: gunicorn refuses raw UTF-8 in the request line (400).
WORDS = (
    "vanhemmat,perhe,koulu,nuoret,vauva,kiusaaminen,masennus,vuorovaikutus,ryhmä,"
    "päihteet,lastensuojelu,terapia,kuntoutus,neuvola,isät,sijaishuolto,kriisi,xyzzy,talo"
)
WORDS = ",".join(urllib.parse.quote(word) for word in WORDS.split(","))

LOAD_TARGETS = [
    ("API list, cached", "/api/v1/methods/?lang=fi", None),
    ("API list, random q", "/api/v1/methods/?lang=fi&q={q}", WORDS),
    ("API entry", "detail", None),
    ("site catalogue", "/fi/menetelmat/", None),
    ("site search", "/fi/menetelmat/?q={q}", WORDS),
]
FAULT_TARGETS = [
    ("API list, random q", "/api/v1/methods/?lang=fi&q={q}", "/api/v1/methods/?lang=fi&q=perhe"),
    ("site search", "/fi/menetelmat/?q={q}", "/fi/menetelmat/?q=perhe"),
]


def run(out) -> None:
    if not shutil.which("wrk"):
        print("skipped: wrk is not installed (run `make bench-tools`)", file=out)
        return
    site = ProductionSite(out)
    if reason := site.unavailable():
        print(f"skipped: PostgreSQL not reachable: {reason}", file=out)
        return
    total = load(out, site)
    total += faults(out, site.folder)
    print(f"errors in total (dropped connections and 5xx other than 503): {total}", file=out)


def load(out, site) -> int:
    with site as server:
        print(
            f"gunicorn, {server.env['WEB_CONCURRENCY']} sync workers, production settings, "
            f"PostgreSQL + Redis; wrk {CONNECTIONS} connections × {SECONDS} s per URL",
            file=out,
        )
        print(
            f"{'URL':<20} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} "
            f"{'dropped':>8} {'peak RSS/worker MB':>19}",
            file=out,
            flush=True,
        )
        errors = 0
        for label, path, words in LOAD_TARGETS:
            if path == "detail":
                body = server.get("/api/v1/methods/?lang=fi&limit=1")[2]
                path = f"/api/v1/methods/{json.loads(body)['results'][0]['id']}/?lang=fi"
            if status_of(server.url + path.replace("{q}", "perhe")) != 200:
                print(f"{label:<20} skipped: {path} does not answer 200", file=out)
                continue
            wrk(server.url, path, words, seconds=WARM_UP_SECONDS)
            figures, peak = with_peak_memory(server, wrk, server.url, path, words)
            dropped = sum(figures[k] for k in ("connect", "read", "write", "timeout"))
            errors += dropped + figures["status"]
            print(
                f"{label:<20} {figures['requests'] / (figures['duration_us'] / 1e6):>8.1f} "
                f"{figures['p50'] / 1000:>8.1f} {figures['p99'] / 1000:>8.1f} "
                f"{figures['status']:>8} {dropped:>8} {peak / 1024:>19.0f}",
                file=out,
                flush=True,
            )
        return errors


def faults(out, folder) -> int:
    postgres = postgres_server()
    database_proxy = TcpProxy(postgres["port"], postgres["host"]).start()
    redis_proxy = TcpProxy(6379).start()
    credentials = postgres["user"] + (f":{postgres['password']}" if postgres["password"] else "")
    site = ProductionSite(
        out,
        folder,  # the load runs prepared the database and static files
        DATABASE_URL=f"postgres://{credentials}@127.0.0.1:{database_proxy.port}/{DATABASE}",
        CACHE_URL=f"redis://127.0.0.1:{redis_proxy.port}/0",
    )
    scenarios = [
        ("PostgreSQL refused", database_proxy.stop, database_proxy.start),
        ("PostgreSQL hung", database_proxy.hang, database_proxy.start),
        ("Redis down", redis_proxy.stop, redis_proxy.start),
    ]
    errors = 0
    try:
        with site as server:
            print(
                f"\nfaults: wrk {CONNECTIONS} connections × {FAULT_SECONDS} s, the fault from "
                f"{FAULT_START} s to {FAULT_END} s; PostgreSQL and Redis behind TCP proxies",
                file=out,
            )
            print(
                f"{'fault':<19} {'URL':<20} {'200':>6} {'503':>6} {'5xx':>5} {'4xx':>5} "
                f"{'dropped':>8} {'p99 ms':>8} {'recovery s':>11}",
                file=out,
                flush=True,
            )
            for fault, cause, repair in scenarios:
                for label, path, probe_path in FAULT_TARGETS:
                    figures, recovery = under_fault(server, path, probe_path, cause, repair)
                    dropped = sum(figures[k] for k in ("connect", "read", "write", "timeout"))
                    errors += dropped + figures["server_error"]
                    print(
                        f"{fault:<19} {label:<20} {figures['ok']:>6} {figures['unavailable']:>6} "
                        f"{figures['server_error']:>5} {figures['client_error']:>5} "
                        f"{dropped:>8} {figures['p99'] / 1000:>8.0f} "
                        f"{recovery if recovery is None else round(recovery, 1)!s:>11}",
                        file=out,
                        flush=True,
                    )
            killed = server.log_text().count("WORKER TIMEOUT")
            print(f"gunicorn workers killed for a timeout: {killed}", file=out)
            errors += killed
    finally:
        database_proxy.stop()
        redis_proxy.stop()
    return errors


def under_fault(server, path, probe_path, cause, repair) -> tuple[dict, float | None]:
    """wrk's figures for a run with the fault from FAULT_START to FAULT_END, and the seconds from
    the repair to the first 200 of the probe (None: not within the run)."""
    repaired_at = None
    recovered_at = None
    stop = threading.Event()

    def timeline() -> None:
        nonlocal repaired_at
        if stop.wait(FAULT_START):
            return
        cause()
        if stop.wait(FAULT_END - FAULT_START):
            repair()
            return
        repair()
        repaired_at = time.monotonic()

    def probe() -> None:
        nonlocal recovered_at
        while not stop.wait(0.1):
            if repaired_at is None:
                continue
            sent = time.monotonic()
            status = probe_status(server.url + probe_path)
            answers.append(
                f"{status} at +{sent - repaired_at:.1f} s in {time.monotonic() - sent:.1f} s"
            )
            if status == 200:
                recovered_at = time.monotonic()
                return

    answers = []  # the probe's answers after the repair, shown when none was a 200

    threads = [threading.Thread(target=timeline), threading.Thread(target=probe)]
    for thread in threads:
        thread.start()
    try:
        figures = wrk(server.url, path, WORDS, seconds=FAULT_SECONDS)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    recovery = recovered_at - repaired_at if repaired_at and recovered_at else None
    if recovery is None:
        print(f"  no 200 after the repair; the probe's answers: {', '.join(answers) or 'none'}")
    return figures, recovery


def probe_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def with_peak_memory(server, measure, *args) -> tuple[dict, int]:
    """What `measure(*args)` returns, and the highest RSS (KiB) any worker reached meanwhile."""
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
        figures = measure(*args)
    finally:
        finished.set()
        sampler.join()
    return figures, peak


def wrk(base_url: str, path: str, words: str | None, *, seconds: int = SECONDS) -> dict:
    environment = {**os.environ}
    if words:
        environment.update(WRK_PATH=path, WRK_WORDS=words)
    else:
        environment.pop("WRK_PATH", None)
    url = base_url + (path if not words else re.sub(r"\?.*", "", path))
    result = subprocess.run(
        [
            "wrk",
            "--threads=2",
            f"--connections={CONNECTIONS}",
            f"--duration={seconds}s",
            "--timeout=30s",
            f"--script={LUA}",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        env=environment,
    )
    report = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not report:
        raise RuntimeError(f"wrk gave no report:\n{result.stdout}\n{result.stderr}")
    return json.loads(report[-1])
