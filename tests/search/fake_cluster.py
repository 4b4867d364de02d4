"""A small Elasticsearch 9 or OpenSearch 3 on 127.0.0.1 for tests: http.server in a thread that
keeps documents in memory and answers the requests search/elasticsearch.py makes, with the headers
each product sends, so that the official clients talk to it over real HTTP (or HTTPS).

It records every request (method, path, headers, body) for the tests to read. Matching is plain
substring search on the text fields, enough to tell which documents a query found.
"""

import base64
import json
import ssl
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

TEXT_FIELDS = {"title": 10, "names": 8, "summary": 3, "body": 1}


@dataclass
class Request:
    method: str
    path: str
    query: dict
    headers: dict  # lower-case names
    body: bytes
    status: int = 0  # of the answer


class FakeCluster:
    """`FakeCluster("elasticsearch", api_key="k")` or `FakeCluster("opensearch", user=…, password=…)`;
    with `tls_context`, it speaks HTTPS. Use as a context manager; `url` is its address."""

    def __init__(
        self, product="elasticsearch", *, api_key="", user="", password="", tls_context=None
    ):
        self.product = product
        self.expected_authorization = None
        if api_key:
            self.expected_authorization = f"ApiKey {api_key}"
        elif user:
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            self.expected_authorization = f"Basic {token}"
        self.tls_context = tls_context
        self.indexes: dict[str, dict[str, dict]] = {}
        self.requests: list[Request] = []
        self.trouble: list[
            int | float
        ] = []  # per coming request: an error status, or seconds to stall
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        if tls_context:
            self._server.socket = tls_context.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        scheme = "https" if self.tls_context else "http"
        return f"{scheme}://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> "FakeCluster":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def paths(self, method=None) -> list[str]:
        return [r.path for r in self.requests if method is None or r.method == method]

    # --- the API, as (status, body)

    def answer(self, request: Request) -> tuple[int, dict]:
        if self.expected_authorization and (
            request.headers.get("authorization") != self.expected_authorization
        ):
            return 401, _error(401, "security_exception", "unable to authenticate user")
        if self.product == "opensearch":
            for name in ("content-type", "accept"):
                if "compatible-with" in request.headers.get(name, ""):
                    value = request.headers[name]
                    return 406, {
                        "error": f"Content-Type header [{value}] is not supported",
                        "status": 406,
                    }
        parts = [part for part in request.path.split("/") if part]
        body = request.body
        with self._lock:
            if request.method == "GET" and not parts:
                return 200, {"name": "fake", "version": {"number": "9.0.0"}, "tagline": "test"}
            if parts == ["_bulk"]:
                return self._bulk(body)
            if len(parts) == 1 and request.method == "PUT":
                return self._create(parts[0], json.loads(body or b"{}"))
            if len(parts) == 1 and request.method in ("DELETE", "HEAD"):
                if parts[0] not in self.indexes and not _flag(request, "ignore_unavailable"):
                    return 404, _error(
                        404, "index_not_found_exception", f"no such index [{parts[0]}]"
                    )
                if request.method == "DELETE":
                    self.indexes.pop(parts[0], None)
                return 200, {"acknowledged": True}
            if len(parts) == 2 and parts[1] == "_search":
                return self._search(parts[0], json.loads(body or b"{}"))
            if len(parts) == 2 and parts[1] == "_delete_by_query":
                return self._delete_by_query(parts[0], json.loads(body), request)
        return 400, _error(400, "illegal_argument_exception", f"no handler for {request.path}")

    def _create(self, name, definition):
        if name in self.indexes:
            return 400, _error(400, "resource_already_exists_exception", f"index [{name}] exists")
        if "mappings" not in definition or "settings" not in definition:
            return 400, _error(400, "parse_exception", "settings and mappings expected")
        self.indexes[name] = {}
        return 200, {"acknowledged": True, "shards_acknowledged": True, "index": name}

    def _bulk(self, body):
        lines = [json.loads(line) for line in body.decode().splitlines() if line.strip()]
        items = []
        for action, source in zip(lines[::2], lines[1::2], strict=True):
            target = action["index"]
            documents = self.indexes.setdefault(target["_index"], {})
            documents[str(target["_id"])] = source
            items.append({"index": {**target, "_id": str(target["_id"]), "status": 201}})
        return 200, {"took": 1, "errors": False, "items": items}

    def _search(self, name, query):
        if name not in self.indexes:
            return 404, _error(404, "index_not_found_exception", f"no such index [{name}]")
        text = query["query"]["bool"]["should"][0]["multi_match"]["query"]
        words = text.lower().split()
        hits = []
        for document_id, source in self.indexes[name].items():
            score = sum(
                boost
                for field, boost in TEXT_FIELDS.items()
                for word in words
                if word in str(source.get(field, "")).lower()
                or word in str(source.get(f"{field}_terms", "")).lower()
            )
            if score:
                wanted = {key: source[key] for key in query.get("_source", source)}
                hits.append(
                    {"_index": name, "_id": document_id, "_score": score, "_source": wanted}
                )
        hits.sort(key=lambda hit: -hit["_score"])
        return 200, {
            "took": 1,
            "timed_out": False,
            "hits": {
                "total": {"value": len(hits), "relation": "eq"},
                "hits": hits[: query["size"]],
            },
            "aggregations": {field: {"buckets": []} for field in query.get("aggs", {})},
        }

    def _delete_by_query(self, name, query, request):
        if name not in self.indexes:
            if _flag(request, "ignore_unavailable"):
                return 200, {"took": 0, "deleted": 0, "failures": []}
            return 404, _error(404, "index_not_found_exception", f"no such index [{name}]")
        keys = set(query["query"]["terms"]["translation_key"])
        documents = self.indexes[name]
        doomed = [key for key, source in documents.items() if source["translation_key"] in keys]
        for key in doomed:
            del documents[key]
        return 200, {"took": 1, "deleted": len(doomed), "failures": []}


def _flag(request: Request, name: str) -> bool:
    return request.query.get(name, ["false"])[0] == "true"


def _error(status, kind, reason):
    return {
        "error": {"root_cause": [{"type": kind, "reason": reason}], "type": kind, "reason": reason},
        "status": status,
    }


def _handler_for(cluster: FakeCluster):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real cluster

        def handle_one_request(self):
            try:
                super().handle_one_request()
            except (ConnectionError, ssl.SSLError):
                self.close_connection = True

        def _serve(self):
            length = int(self.headers.get("Content-Length") or 0)
            url = urlsplit(self.path)
            request = Request(
                self.command,
                url.path,
                parse_qs(url.query),
                {name.lower(): value for name, value in self.headers.items()},
                self.rfile.read(length),
            )
            cluster.requests.append(request)
            trouble = cluster.trouble.pop(0) if cluster.trouble else None
            if isinstance(trouble, float):
                time.sleep(trouble)  # the client has given up on this attempt by then
            if isinstance(trouble, int):
                status, body = trouble, _error(trouble, "unavailable", "try again")
            else:
                status, body = cluster.answer(request)
            request.status = status
            payload = json.dumps(body).encode()
            self.send_response(status)
            if cluster.product == "elasticsearch":
                self.send_header("X-Elastic-Product", "Elasticsearch")
                accept = request.headers.get("accept", "")
                self.send_header(
                    "Content-Type",
                    "application/vnd.elasticsearch+json;compatible-with=9"
                    if "compatible-with" in accept
                    else "application/json",
                )
            else:
                self.send_header("Content-Type", "application/json; charset=UTF-8")
            if status == 401:
                self.send_header("WWW-Authenticate", 'Basic realm="security"')
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _serve

        def log_message(self, format, *args):
            pass

    return Handler
