"""CDN: publishing a page purges its URL from the frontend cache configured in the environment."""

import http.server
import threading

from django.test import override_settings
from wagtail.contrib.frontend_cache.utils import purge_page_from_cache

from tests.factories import MethodFactory

from .test_deployment import PRODUCTION, run_manage


class PurgeRecorder(http.server.BaseHTTPRequestHandler):
    purged: list[str] = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        PurgeRecorder.purged.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_published_page_is_purged_from_the_cdn(db):
    server = http.server.HTTPServer(("127.0.0.1", 0), PurgeRecorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    cache = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    try:
        entry = MethodFactory(title="Välimuistitesti", slug="valimuistitesti")
        with override_settings(WAGTAILFRONTENDCACHE=cache):
            purge_page_from_cache(entry)
    finally:
        server.shutdown()
    assert "/fi/menetelmat/valimuistitesti/" in PurgeRecorder.purged


def test_the_frontend_cache_comes_from_the_environment():
    code = (
        "from django.conf import settings;"
        "print(settings.WAGTAILFRONTENDCACHE['default']['BACKEND']);"
        "print('wagtail.contrib.frontend_cache' in settings.INSTALLED_APPS)"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        **PRODUCTION,
        FRONTEND_CACHE="cloudflare",
        CLOUDFLARE_BEARER_TOKEN="token",
        CLOUDFLARE_ZONE_ID="zone",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == [
        "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "True",
    ]
    wrong = run_manage("check", **PRODUCTION, FRONTEND_CACHE="varnish")
    assert "FRONTEND_CACHE='varnish'" in wrong.stderr
