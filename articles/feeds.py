"""The Atom feed of events and the downloadable JSON export (to be written)."""

from django.http import HttpResponse


def events_feed(request):
    return HttpResponse("feed: not yet", content_type="text/plain")


def export_download(request):
    return HttpResponse("export: not yet", content_type="text/plain")
