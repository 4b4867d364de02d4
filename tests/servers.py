"""Helpers that run the app, or a second origin, as real HTTP servers on loopback for tests."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin-password"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except Exception as error:  # noqa: BLE001 - any failure means "not up yet"
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not come up within {timeout} s: {error}") from None
            time.sleep(0.2)


def shell(server, code: str) -> str:
    """The last line that `code` prints, run by `manage.py shell` against the server's database."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=server.env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout.strip().splitlines()[-1]


class AppServer:
    """migrate + load_demo on a fresh SQLite file, then `runserver` on a free port."""

    def __init__(self, folder: Path, extra_env: dict | None = None):
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            # The test settings put DEBUG=false in this process's environment; the dev server
            # needs DEBUG on to serve the admin's static files.
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "MEDIA_ROOT": str(folder / "media"),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": self.url,
            "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
            **(extra_env or {}),
        }
        self.process = None

    def manage(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            timeout=600,
        )

    def start(self) -> None:
        self.manage("migrate", "--noinput")
        self.manage("load_demo")
        self.manage(
            "createsuperuser",
            "--noinput",
            "--username",
            ADMIN_USERNAME,
            "--email",
            "admin@example.org",
        )
        self.log = open(self.folder / "server.log", "w")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for(f"{self.url}/fi/")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.log.close()
