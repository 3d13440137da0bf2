"""Public pages served from a cache that any change to the archive invalidates.

A page is cached under the archive revision (articles/revision.py) and its full address, so a
change anywhere makes every earlier entry unreachable: nothing needs to be deleted, and a web
process whose cache is its own (Django's local-memory cache, the default) is as correct as one
sharing a cache with others. Only readers are served from it: a signed-in editor's request
carries a session cookie and is always rendered, since editors see links readers do not.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from . import revision


def reader_cache(view):
    """Serve view from the page cache for readers; settings.PAGE_CACHE_SECONDS = 0 turns it off."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if (
            not settings.PAGE_CACHE_SECONDS
            or request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return view(request, *args, **kwargs)
        token = revision.current()
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        key = f"page:{token}:{address}"
        if cached := cache.get(key):
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            if hasattr(response, "render"):
                response.render()
            cache.set(
                key, (response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS
            )
        # The same revision and address always give the same page: a cheap, exact ETag.
        response["ETag"] = f'"{token[:16]}-{address[:16]}"'
        return response

    return cached_view
