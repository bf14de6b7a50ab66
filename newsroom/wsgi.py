import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


class WithoutBodyForHead:
    """A HEAD response carries the GET response's headers and no body (RFC 9110). Django's
    handler renders the body all the same, leaving it to the server to drop; gunicorn drops it
    with a warning in the log for every HEAD request (runserver and the test client drop it
    silently). The body is closed unsent, which also ends the request for Django."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        body = self.app(environ, start_response)
        if environ.get("REQUEST_METHOD") != "HEAD":
            return body
        if hasattr(body, "close"):
            body.close()
        return []


django_application = get_wsgi_application()

# Imported once the apps are loaded (it reaches the models).
from pagecache.wsgi import CachedPages  # noqa: E402

# Fresh cached pages are answered before Django builds a request (see pagecache/wsgi.py).
application = WithoutBodyForHead(CachedPages(django_application))
