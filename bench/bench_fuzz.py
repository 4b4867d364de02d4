"""Fuzzing the partner API with schemathesis: a few thousand requests generated from
/api/v1/openapi.json against gunicorn with the production settings; no answer may be a 5xx or
break the documented schema. Bounded to a few minutes."""

import subprocess
import sys
from pathlib import Path

from bench.production_site import ProductionSite, status_of

SCHEMA_PATH = "/api/v1/openapi.json"
EXAMPLES_PER_OPERATION = 500
TIME_LIMIT_SECONDS = 240


def run(out) -> None:
    site = ProductionSite(out)
    if reason := site.unavailable():
        print(f"skipped: PostgreSQL not reachable: {reason}", file=out)
        return
    with site as server:
        schema = server.url + SCHEMA_PATH
        if status_of(schema) != 200:
            print(
                f"skipped: {SCHEMA_PATH} is not there (the partner API is not in this build)",
                file=out,
            )
            return
        command = [
            str(Path(sys.executable).parent / "schemathesis"),
            "run",
            schema,
            "--checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            f"--max-examples={EXAMPLES_PER_OPERATION}",
            "--workers=2",
            "--request-timeout=10",
            "--generation-deterministic",
        ]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=TIME_LIMIT_SECONDS
            )
        except subprocess.TimeoutExpired as stopped:
            print(f"stopped after {TIME_LIMIT_SECONDS} s (bound reached)", file=out)
            print((stopped.stdout or b"")[-3000:], file=out)
            return
        print(result.stdout[-4000:], file=out)
        print(f"schemathesis exit status {result.returncode}", file=out)
