"""A refused request is an answer, not an error: one log line, never a traceback."""

import logging

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.urls import get_resolver
from django.utils.log import log_response

logger = logging.getLogger("newsroom.refusals")


class RefusalMiddleware:
    """Answers PermissionDenied (a forged or stale workflow POST, a writer's delete…) with the
    site's 403 page and logs who was refused what, in one line at WARNING. Django's own handler
    would log the same refusal with its whole traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PermissionDenied):
            return None
        handler = get_resolver().resolve_error_handler(403)
        response = handler(request, exception=exception)
        user = getattr(request, "user", None)
        log_response(
            "Refused %s %s for %s: %s",
            request.method,
            request.path,
            getattr(user, "username", None) or "anonymous",
            str(exception) or "permission denied",
            response=response,
            request=request,
            logger=logger,
            level="warning",
        )
        return response


# What Django answers with 400 or 403 and still logs with its traceback: a forged or unknown Host
# (DisallowedHost), a form over DATA_UPLOAD_MAX_MEMORY_SIZE or with too many fields, a bad request.
REFUSALS = (SuspiciousOperation, BadRequest, PermissionDenied)


class OneLineRefusals(logging.Filter):
    """The log handler's filter: a record about a refused request keeps its one-line message, at
    WARNING at most, without the traceback. An operator learns who was refused what; a
    traceback there would only hide the errors that need one."""

    def filter(self, record):
        refused = record.exc_info[1] if record.exc_info else None
        if isinstance(refused, REFUSALS):
            record.exc_info = record.exc_text = None
            if record.levelno > logging.WARNING:
                record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
