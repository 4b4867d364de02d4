"""The production deployment the load and fuzz benchmarks run against: gunicorn with
config.settings.production on PostgreSQL (database lape_bench_load) and Redis, on loopback.

The database is created and migrated on the first run and kept, so later runs start quickly.
"""

import os
import secrets
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.production.servers import (  # noqa: E402
    ProductionServer,
    admin_connection,
    database_url,
    manage,
    postgres_reachable,
    production_environment,
)

DATABASE = "lape_bench_load"


def ensure_database(name: str) -> None:
    with admin_connection() as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


class ProductionSite:
    """Context manager: prepares the database and static files, runs gunicorn, stops it."""

    def __init__(self, out, folder: Path | None = None, **overrides):
        """With `folder`, that of a site prepared before: the same static files and database."""
        self.out = out
        self.prepare = folder is None
        self.folder = folder or Path(tempfile.mkdtemp(prefix="lape-bench-"))
        self.server = None
        self.overrides = overrides  # environment of gunicorn only, e.g. services behind proxies

    def unavailable(self) -> str:
        return postgres_reachable()

    def __enter__(self) -> ProductionServer:
        ensure_database(DATABASE)
        env = production_environment(
            self.folder,
            database_url(DATABASE),
            CACHE_KEY_PREFIX="lape-bench",
            # The bench is one client at 50 connections: the per-client limit would answer it 429.
            API_RATE_LIMIT=os.environ.get("API_RATE_LIMIT", "0"),
            SECRET_KEY=secrets.token_urlsafe(50),
            WEB_CONCURRENCY=os.environ.get("WEB_CONCURRENCY", str(os.cpu_count() * 2 + 1)),
        )
        if self.prepare:
            started = time.monotonic()
            manage(env, "collectstatic", "--noinput", "--verbosity", "0")
            manage(env, "migrate", "--noinput", "--verbosity", "0")
            manage(env, "load_demo")
            print(f"site prepared in {time.monotonic() - started:.0f} s", file=self.out, flush=True)
        self.server = ProductionServer(self.folder, {**env, **self.overrides}).start()
        return self.server

    def __exit__(self, *exc_info):
        if self.server:
            self.server.stop()


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def worker_pids(master_pid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master_pid:
                pids.append(int(entry.name))
    return pids


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
