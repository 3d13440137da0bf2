"""The Atom feed of events and the downloadable JSON export."""

import datetime
import tempfile
from collections import defaultdict

from django.contrib.syndication.views import Feed
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import get_text_list
from django.views.decorators.http import require_safe

from .export import write_archive
from .models import Article, Event

FEED_LENGTH = 50
# The export is kept in memory up to this size, then spills to a temporary file.
EXPORT_SPOOL_BYTES = 8 * 1024 * 1024


class EventsFeed(Feed):
    feed_type = Atom1Feed
    title = "News Archive: events"
    subtitle = "The latest events in the archive, and the outlets that reported them."
    link = reverse_lazy("articles:home")

    def items(self):
        # An Atom entry needs a date, so events whose date is unknown stay out of the feed.
        events = list(
            Event.objects.filter(date__isnull=False).order_by("-date", "-pk")[:FEED_LENGTH]
        )
        coverage = (
            Article.objects.current()
            .filter(event__in=events)
            .values("event_id", "outlet__name")
            .annotate(articles=Count("pk"))
            .order_by()
        )
        outlets, counts = defaultdict(list), defaultdict(int)
        for row in coverage:
            outlets[row["event_id"]].append(row["outlet__name"] or "an unidentified outlet")
            counts[row["event_id"]] += row["articles"]
        for event in events:
            event.outlet_names = sorted(outlets[event.pk])
            event.article_count = counts[event.pk]
        return events

    def item_title(self, event):
        return event.title

    def item_description(self, event):
        # Atom's summary is declared as HTML, so the text is escaped for feed readers.
        return escape(event.summary or coverage_sentence(event.outlet_names, event.article_count))

    def item_pubdate(self, event):
        return datetime.datetime.combine(event.date, datetime.time())

    def item_updateddate(self, event):
        # Atom requires an updated date on every entry; events are not revised in place.
        return self.item_pubdate(event)


def coverage_sentence(outlet_names, article_count):
    if not article_count:
        return "No article in the archive reports it yet."
    articles = "1 article" if article_count == 1 else f"{article_count} articles"
    return f"Reported by {get_text_list(outlet_names, 'and')} in {articles}."


events_feed = EventsFeed()


@require_safe
def export_download(request):
    """The document `manage.py export_archive` writes, as a download.

    It is written whole before the first byte is sent, so that a failure gives an error page
    rather than a truncated file that looks like a complete export."""
    buffer = tempfile.SpooledTemporaryFile(max_size=EXPORT_SPOOL_BYTES)
    try:
        # One snapshot, as in the command: rows saved meanwhile do not tear it.
        with transaction.atomic():
            write_archive(lambda text: buffer.write(text.encode("utf-8")))
        buffer.seek(0)
    except BaseException:
        buffer.close()
        raise
    return FileResponse(
        buffer, as_attachment=True, filename="news-archive.json", content_type="application/json"
    )
