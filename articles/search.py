"""Search over headlines, bodies, quotes and people (to be written)."""

from django.http import HttpResponse


def search(request):
    return HttpResponse("search: not yet", content_type="text/plain")
