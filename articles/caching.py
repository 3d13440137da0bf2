"""Public pages served from a cache that any change to the archive invalidates.

A page is cached under the archive revision (articles/revision.py) and its full address, so a
change anywhere makes every earlier entry unreachable: nothing needs to be deleted, and a web
process whose cache is its own (Django's local-memory cache, the default) is as correct as one
sharing a cache with others. Only readers are served from it: a signed-in editor's request
carries a session cookie and is always rendered, since editors see links readers do not.

Views opt in with `reader_cache`; ReaderCacheMiddleware, near the top of MIDDLEWARE, stores
what they answer with the headers the middleware below it added (CSP, framing, ETag), and
answers a later visit before that middleware and the view run at all.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response

from . import revision


def reader_cache(view):
    """Let ReaderCacheMiddleware keep what view answers readers with."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    cached_view.reader_cache = True
    return cached_view


class ReaderCacheMiddleware:
    """Answer readers' visits to pages marked with reader_cache from the page cache;
    settings.PAGE_CACHE_SECONDS = 0 turns it off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not settings.PAGE_CACHE_SECONDS
            or request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or not _marked(request.path_info)
        ):
            return self.get_response(request)
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        key = f"page:{revision.current()}:{address}"
        if cached := cache.get(key):
            content, headers = cached
            response = HttpResponse(content, headers=headers)
            # ConditionalGetMiddleware, below, does not run for a stored page.
            return get_conditional_response(request, etag=response.get("ETag"), response=response)
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, dict(response.items())), settings.PAGE_CACHE_SECONDS)
        return response


def _marked(path):
    # Other pages (the admin's login, a 404) must not cost the revision's query.
    try:
        return getattr(resolve(path).func, "reader_cache", False)
    except Resolver404:
        return False
