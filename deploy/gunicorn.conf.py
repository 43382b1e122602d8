"""gunicorn settings for MộtCửa, read by `make serve` and the systemd unit."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# gthread, even with one thread: a worker waits for a kept-alive connection's next request in its
# poller, not in a blocking read, so a client that keeps one open (hall displays and kiosks do)
# never holds a worker while others queue. The sync worker would. A new connection's first bytes
# are awaited in a thread for up to 5 s (gunicorn 24 and later), which nginx in front
# (deploy/nginx.conf) never makes it do: it connects when it has a request to send.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
timeout = 60
graceful_timeout = 30
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Workers are recycled now and then (a guard against slow leaks) and forked from a master that
# has loaded the application already, so a fresh worker serves at once instead of spending
# about 1.5 s of CPU importing Django and MộtCửa while its share of requests waits. (A code
# update needs a restart of the service, not just a HUP.)
preload_app = True
max_requests = 20000
max_requests_jitter = 2000
