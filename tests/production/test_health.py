"""The health endpoints load balancers probe: /health/live (the process) and /health/ready (the
database and the cache too). Their answers under faults are in test_faults.py."""

import json

from django.test import override_settings

from .test_faults import dead_redis_cache


def test_both_endpoints_answer_200_json_when_all_is_well(client, db):
    for path in ("/health/live", "/health/ready"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"] == "application/json"
        assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    checks = json.loads(client.get("/health/ready").content)
    assert set(checks.values()) == {"OK"}
    assert any("Database" in name for name in checks) and any("Cache" in name for name in checks)


def test_with_the_cache_unreachable_ready_fails_and_live_does_not(client, db):
    with override_settings(CACHES=dead_redis_cache()):
        ready = client.get("/health/ready")
        assert ready.status_code == 503
        assert client.get("/health/live").status_code == 200
    failing = {name: state for name, state in json.loads(ready.content).items() if state != "OK"}
    assert list(failing) == [name for name in failing if "Cache" in name] and failing
