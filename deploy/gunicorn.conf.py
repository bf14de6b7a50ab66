"""gunicorn settings for the newsroom: `gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi`.

Sync workers behind nginx, which buffers requests and responses, so a slow client never holds a
worker. Environment: GUNICORN_BIND (127.0.0.1:8000), GUNICORN_WORKERS (2 per CPU + 1),
GUNICORN_TIMEOUT (30 s), GUNICORN_ACCESS_LOG (`-`: standard output; empty: none).
"""

import gc
import multiprocessing
import os

wsgi_app = "newsroom.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "sync"
# Pages wait on PostgreSQL and Redis a little: two workers a core keep the cores busy.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
# Longer than any page renders (a sitemap page takes under a second); a stuck worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycles workers now and then (jittered, so not all at once) to bound any slow memory growth.
max_requests = 5000
max_requests_jitter = 500
# Workers are forked from a master that has loaded the project once (Django, the URLconf,
# WhiteNoise's index of static files, the word segmenter: about a second of CPU): a recycled
# worker starts in milliseconds, where booting each took a worker out for seconds every few
# thousand requests. A new release therefore needs a restart (or USR2), not a HUP.
preload_app = True


def pre_fork(server, worker):
    from django.db import connections

    connections.close_all()  # nothing the master opened may be shared with a worker
    # The loaded project is never collected: keeping it out of the collector's reach spares
    # the workers its scans and the copy-on-write of every page it would touch.
    gc.freeze()


# nginx on this machine sets X-Forwarded-Proto; Django trusts it (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = "127.0.0.1"
# Request line, status, size, time in milliseconds, and whether the page cache answered.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = (
    '%(h)s "%(r)s" %(s)s %(B)s %(M)sms cache=%({x-cache}o)s "%(f)s" "%(a)s" %({x-forwarded-for}i)s'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
