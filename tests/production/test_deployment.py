"""The production settings: a clean deployment check, static files, headers and HTTPS."""

import re
import secrets
import subprocess
import sys

from tests.servers import ROOT

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DATABASE_URL": "postgres://lape@127.0.0.1:5432/lape",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
    "ELASTICSEARCH_URL": "http://127.0.0.1:9200",
    "SITE_URL": "https://menetelmat.example.fi",
}


def run_manage(*args, **env):
    environment = {"PATH": "/usr/bin:/bin", "SECRET_KEY": secrets.token_urlsafe(50), **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deployment_check_of_the_production_settings_is_clean():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_without_https_the_deployment_check_says_so():
    # serve-prod on loopback turns HTTPS off; the check must not stay silent about it.
    result = run_manage("check", "--deploy", HTTPS="false", **PRODUCTION)
    assert "security.W008" in result.stderr  # SECURE_SSL_REDIRECT


def test_secrets_come_only_from_the_environment():
    settings_text = "\n".join(
        path.read_text() for path in (ROOT / "config" / "settings").glob("*.py")
    )
    production = (ROOT / "config" / "settings" / "production.py").read_text()
    # The only literal keys are the development and test ones, never read by production.
    literal_keys = re.findall(r"SECRET_KEY[\"']?\s*[,=]\s*[\"']([^\"']+)", settings_text)
    assert set(literal_keys) <= {"dev-only-not-secret", "test-only-not-secret"}
    assert "SECRET_KEY" not in production
    result = run_manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_static_files_are_compressed_and_cached_for_a_year(production_server):
    status, _headers, html = production_server.get("/admin/login/")
    assert status == 200
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', html).group(1)
    status, headers, _body = production_server.get(stylesheet, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    max_age = int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1))
    assert max_age >= 365 * 24 * 3600


def test_the_embed_script_has_a_stable_address_and_a_pinned_one(production_server):
    """Partners copy /embed/v1/methods.js: cached for minutes, revalidated by ETag. The hashed
    address the example page offers for pinning is immutable; the plain static address is no
    longer cached for a year."""
    status, headers, script = production_server.get("/embed/v1/methods.js")
    assert status == 200 and "customElements.define" in script
    assert headers["Cache-Control"] == "public, max-age=300"
    status, _headers, _body = production_server.get(
        "/embed/v1/methods.js", {"If-None-Match": headers["ETag"]}
    )
    assert status == 304

    html = production_server.get("/embed/example/")[2]
    assert "/embed/v1/methods.js" in html
    pinned = re.search(r"(/static/embed/methods\.[0-9a-f]{12}\.js)", html).group(1)
    status, headers, body = production_server.get(pinned)
    assert status == 200 and body == script
    assert "immutable" in headers["Cache-Control"]

    status, headers, _body = production_server.get("/static/embed/methods.js")
    assert status == 200
    assert int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1)) <= 300


def test_pages_carry_strict_security_headers(production_server):
    status, headers, _html = production_server.get("/fi/")
    assert status == 200
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'self'" in policy
    assert "object-src 'none'" in policy
    assert headers["X-Frame-Options"] == "DENY"
    admin_policy = production_server.get("/admin/login/")[1]["Content-Security-Policy"]
    assert "'unsafe-inline'" in admin_policy.split("script-src")[1].split(";")[0]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


HTTPS_CHECK = """
import django; django.setup()
from django.test import Client
client = Client()
plain = client.get("/fi/")
print("plain", plain.status_code, plain.get("Location", ""))
secure = client.get("/fi/", headers={"x-forwarded-proto": "https"})
print("secure", secure.status_code, secure.get("Strict-Transport-Security", ""))
login = client.get("/admin/login/", headers={"x-forwarded-proto": "https"})
print("cookie", login.cookies["csrftoken"]["secure"])
"""


def test_behind_tls_http_is_redirected_and_https_gets_hsts(production_env):
    environment = {**production_env, "HTTPS": "true", "ALLOWED_HOSTS": "testserver"}
    result = subprocess.run(
        [sys.executable, "-c", HTTPS_CHECK],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.strip().splitlines())
    assert lines["plain"] == "301 https://testserver/fi/"
    status, hsts = lines["secure"].split(" ", 1)
    assert status == "200"
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    assert lines["cookie"] == "True"
