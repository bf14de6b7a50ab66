"""Whole-page caching for the public site: the views' side.

`pagecache.middleware` serves and stores the pages; the keys of what each page shows are in
`page_keys`, their invalidation in `signals`. A view marked `public_page` is one the middleware
may store; whoever the middleware does not serve from the cache (staff, with a session cookie)
gets a private copy.
"""

from functools import wraps

from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .models import Article


def public_page(view):
    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.is_public_page = True
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if not getattr(request, "is_shared_page", False) and "Cache-Control" not in response:
            patch_cache_control(response, private=True, max_age=0)
        return response

    return wrapper


def next_go_live():
    """A scheduled article going live changes pages without a save."""
    return Article.objects.scheduled().values_list("published_at", flat=True).first()
