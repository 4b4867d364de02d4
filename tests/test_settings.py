"""Settings come from the environment; production refuses to start without a secret key."""

import os
import subprocess
import sys


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "SITE_URL"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=60
    )


CHECK = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def test_without_debug_a_missing_secret_key_stops_the_app():
    result = run_python(CHECK, DJANGO_SETTINGS_MODULE="config.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_without_the_site_url_stops_the_app():
    result = run_python(
        CHECK, DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY="x" * 50
    )
    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr


def test_the_site_url_defaults_to_the_development_server():
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    )
    result = run_python(code, DJANGO_SETTINGS_MODULE="config.settings.dev")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://127.0.0.1:8000"


def test_with_a_secret_key_and_the_site_url_the_app_starts():
    result = run_python(
        CHECK,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 50,
        SITE_URL="https://menetelmat.example.fi",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_database_and_cache_come_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE']); print(settings.CACHES['default']['BACKEND'])"
    )
    result = run_python(
        code,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 50,
        SITE_URL="https://menetelmat.example.fi",
        DATABASE_URL="postgres://u@127.0.0.1:5432/lape",
        CACHE_URL="dummycache://",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "operations.postgresql",  # Django's PostgreSQL backend with bounded waits
        "django.core.cache.backends.dummy.DummyCache",
    ]


def test_web_requests_get_a_short_statement_timeout_and_commands_a_long_one():
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "options = settings.DATABASES['default']['OPTIONS'];"
        "print(options['options'], options['answer_timeout'], options['keepalives'])"
    )
    environment = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 50,
        "SITE_URL": "https://menetelmat.example.fi",
        "DATABASE_URL": "postgres://u@127.0.0.1:5432/lape",
        "PGOPTIONS": "-c lock_timeout=5s",
    }
    web = run_python(code, **environment)
    command = run_python(code, DJANGO_PROCESS="command", **environment)
    assert web.returncode == 0 and command.returncode == 0, web.stderr + command.stderr
    options, answer_timeout, keepalives = web.stdout.rsplit(maxsplit=2)
    assert options == "-c lock_timeout=5s -c statement_timeout=5000"  # PGOPTIONS kept
    assert float(answer_timeout) == 6 and keepalives == "1"
    assert "-c statement_timeout=600000" in command.stdout


def test_development_defaults_to_sqlite_in_the_checkout():
    result = run_python(
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.DATABASES['default']['NAME'])",
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("db.sqlite3")
