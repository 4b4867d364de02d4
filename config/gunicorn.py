"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi`.

Workers: WEB_CONCURRENCY, by default 2 × CPU cores + 1 (sync workers; each holds one database
connection). Memory: about 130 MB per worker (peak, `make bench BENCH=load`), so size the
container as WEB_CONCURRENCY × 130 MB + headroom.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A worker silent this long is killed, mid-response. Requests never come near it: every wait for the
# database is bounded far below (config/settings/production.py: connect 3 s, statements 5 s), and
# Redis and the search engine have their own timeouts.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
# On a restart or deploy, a worker finishes the requests it has before it stops.
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
# The reverse proxy in front sets X-Forwarded-*; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# No runtime control socket: its default path is shared by every gunicorn of the same user.
control_socket_disable = True
