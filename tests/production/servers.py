"""The app as it runs in production, for tests: gunicorn with config.settings.production on its own
PostgreSQL database, and a TCP proxy in front of PostgreSQL that a test can cut to cause an outage."""

import os
import secrets
import select
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
from environ import Env
from psycopg import sql

from scripts.postgres_url import candidate_url
from tests.servers import ADMIN_PASSWORD, ADMIN_USERNAME, ROOT, free_port

GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def closed_port() -> int:
    """A loopback port with nothing listening on it."""
    return free_port()


def postgres_server() -> dict:
    """Connection details of the PostgreSQL server the suite may create databases on."""
    config = Env.db_url_config(candidate_url())
    return {
        "host": config.get("HOST") or "127.0.0.1",
        "port": int(config.get("PORT") or 5432),
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or "",
    }


def postgres_reachable() -> str:
    """'' when PostgreSQL answers, else the reason it does not."""
    try:
        admin_connection().close()
    except psycopg.Error as error:
        return str(error).strip()
    return ""


def admin_connection():
    server = postgres_server()
    return psycopg.connect(
        host=server["host"],
        port=server["port"],
        user=server["user"],
        password=server["password"] or None,
        dbname="postgres",
        autocommit=True,
        connect_timeout=3,
    )


def database_url(name: str, *, port: int | None = None) -> str:
    server = postgres_server()
    credentials = server["user"] + (f":{server['password']}" if server["password"] else "")
    return f"postgres://{credentials}@{server['host']}:{port or server['port']}/{name}"


def create_database(name: str) -> None:
    drop_database(name)
    with admin_connection() as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(name: str) -> None:
    with admin_connection() as connection:
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def production_environment(folder: Path, database: str, **overrides) -> dict:
    """The environment of a production deployment on loopback (no TLS proxy, hence HTTPS=false)."""
    return {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "PYTEST_CURRENT_TEST"}},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database,
        "CACHE_URL": "redis://127.0.0.1:6379/0",
        "CACHE_KEY_PREFIX": f"lape-test-{os.getpid()}",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "HTTPS": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1:8000",
        "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
        "WEB_CONCURRENCY": "2",
        "GUNICORN_ACCESS_LOG": "",
        **overrides,
    }


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def prepare_site(env: dict) -> None:
    """Static files, schema, demo content and the admin account, as a deployment would."""
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_demo")
    manage(
        env,
        "createsuperuser",
        "--noinput",
        "--username",
        ADMIN_USERNAME,
        "--email",
        "admin@example.org",
    )


class ProductionServer:
    """gunicorn with config/gunicorn.py on a free loopback port; its log is kept for assertions."""

    def __init__(self, folder: Path, env: dict):
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.log_path = folder / f"gunicorn-{self.port}.log"
        self.process = None

    def start(self) -> "ProductionServer":
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [GUNICORN, "-c", "config/gunicorn.py", "config.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        # Ready when a worker answers the liveness check (the port opens before workers boot,
        # which takes a while on a busy machine).
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if self.get("/health/live", timeout=5)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start:\n{self.log_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.log.close()

    def log_text(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""

    def get(self, path: str, headers: dict | None = None, timeout: float = 20):
        """(status, headers, body text) without raising on error statuses."""
        request = urllib.request.Request(self.url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.headers, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode(errors="replace")


class TcpProxy:
    """Forwards a loopback port to PostgreSQL. `stop()` closes the port and cuts every open
    connection, which is what a refused database looks like to the app; `hang()` keeps the port
    open but answers nothing, neither on the open connections nor on new ones, which is what a
    hung database (or a network that drops packets) looks like; `start()` brings it back."""

    def __init__(self, target_port: int, target_host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self.port = free_port()
        self.listener = None
        self.connections: list[socket.socket] = []
        self.lock = threading.Lock()
        self.hung = threading.Event()

    def start(self) -> "TcpProxy":
        if self.hung.is_set():
            self._cut_connections()  # what was held while hung is gone, as after a restart
            self.hung.clear()
        if self.listener:
            return self
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(64)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()
        return self

    def hang(self) -> None:
        self.hung.set()

    def stop(self) -> None:
        self.hung.clear()
        listener, self.listener = self.listener, None
        if listener:
            try:
                listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
            except OSError:
                pass
            listener.close()
        self._cut_connections()

    def _cut_connections(self) -> None:
        with self.lock:
            for connection in self.connections:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                connection.close()
            self.connections.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            if self.hung.is_set():
                with self.lock:
                    self.connections.append(client)  # accepted, never answered
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            for end in (client, upstream):  # forward each write at once, as a direct link would
                end.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self.lock:
                self.connections += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, source: socket.socket, destination: socket.socket) -> None:
        try:
            while True:
                if self.hung.is_set():  # leave what arrives unread, as a hung server would
                    time.sleep(0.1)
                    continue
                if not select.select([source], [], [], 0.1)[0]:
                    continue
                data = source.recv(65536)
                if not data:
                    break
                destination.sendall(data)
        except (OSError, ValueError):  # ValueError: select() on a socket closed meanwhile
            pass
        finally:
            for end in (source, destination):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
