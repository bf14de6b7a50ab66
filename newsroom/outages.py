"""When the database or the cache server is down: readers get a 503 page that says to come back,
and the log says so once, then a line a minute while it lasts, not a traceback per request."""

import logging
import sys
import threading
import time

from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.views import defaults

DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
LOG_INTERVAL_SECONDS = 60

logger = logging.getLogger("newsroom.outages")


def unavailable(request):
    """The 503 page, in the site's design; its template reads nothing from the database."""
    response = render(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """A view that cannot reach the database answers 503 with `Retry-After`, not 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_DOWN):
            return None
        logger.error(
            "Database unavailable: %s %s answered 503",
            request.method,
            request.path,
            exc_info=exception,
        )
        return unavailable(request)


def server_error(request):
    """handler500: what fails outside a view (a middleware reading the session) the same way."""
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        return unavailable(request)
    return defaults.server_error(request)


def outage_kind(record):
    """Which outage a log record is about: "database", "cache" or None."""
    error = record.exc_info[1] if record.exc_info else None
    if isinstance(error, DATABASE_DOWN) or getattr(record, "status_code", None) == 503:
        return "database"
    if error is not None and type(error).__module__.startswith("redis"):
        return "cache"
    return None


class OutageLogFilter(logging.Filter):
    """The log handler's filter: the first record about an outage is kept whole (with its
    traceback); after it, one line a minute at most, saying how many were held back. A cache
    server that is down is otherwise a traceback per request (1,110 in 47 seconds)."""

    def __init__(self, interval=LOG_INTERVAL_SECONDS, clock=time.monotonic):
        super().__init__()
        self.interval = interval
        self.clock = clock
        self.lock = threading.Lock()
        self.outages = {}  # kind -> [time of the last line, records held back since]

    def filter(self, record):
        kind = outage_kind(record)
        if kind is None:
            return True
        now = self.clock()
        with self.lock:
            last = self.outages.get(kind)
            if last is not None and now - last[0] < self.interval:
                last[1] += 1
                return False
            held_back = last[1] if last is not None else 0
            self.outages[kind] = [now, 0]
        if last is not None and now - last[0] < 2 * self.interval:
            # Still the same outage: one line, no traceback.
            record.exc_info = record.exc_text = None
            record.msg = (
                f"{record.getMessage()} (still failing: {held_back} more like it held back)"
            )
            record.args = ()
        return True
