"""The whole archive as one JSON document: the export, and the backup format restores read.

Records are written one at a time, so memory stays flat however large the archive; each record
sits on a line of its own so two exports can be compared with diff.
"""

import json

from claims.models import Claim, Discrepancy, Person

from .models import Article, Event, Outlet, Story, TimelineEntry

SCHEMA = "newsarchive/1"
CHUNK = 2000


def _date(value):
    return value.isoformat() if value else None


def outlet_record(outlet):
    return {
        "slug": outlet.slug,
        "name": outlet.name,
        "short_name": outlet.short_name,
        "domain": outlet.domain,
        "country": outlet.country,
        "language": outlet.language,
        "kind": outlet.kind,
        "note": outlet.note,
    }


def story_record(story):
    return {"slug": story.slug, "title": story.title, "summary": story.summary}


def event_record(event):
    return {
        "slug": event.slug,
        "story": event.story.slug if event.story else None,
        "title": event.title,
        "date": _date(event.date),
        "date_precision": event.date_precision,
        "summary": event.summary,
    }


def timeline_entry_record(entry):
    return {
        "story": entry.story.slug,
        "date": _date(entry.date),
        "date_precision": entry.date_precision,
        "text": entry.text,
        "note": entry.note,
        "articles": sorted(article.pk for article in entry.articles.all()),
    }


def discrepancy_record(discrepancy):
    return {
        "event": discrepancy.event.slug,
        "subject": discrepancy.subject,
        "kind": discrepancy.kind,
        "note": discrepancy.note,
        "values": [
            {
                "article": value.article_id,
                "value": value.value,
                "words": value.words,
                "attribution": value.attribution_id,
            }
            for value in sorted(discrepancy.values.all(), key=lambda v: v.pk)
        ],
    }


def person_record(person):
    return {
        "slug": person.slug,
        "name": person.name,
        "description": person.description,
        "kind": person.kind,
        "event": person.event.slug if person.event else None,
        "articles": sorted(article.pk for article in person.articles.all()),
        "mentioned_in": sorted(article.pk for article in person.mentioned_in.all()),
        "aliases": sorted(alias.name for alias in person.aliases.all()),
    }


def article_record(article):
    return {
        "id": article.pk,
        "outlet": article.outlet.slug if article.outlet else None,
        "credited_outlets": sorted(outlet.slug for outlet in article.credited_outlets.all()),
        "event": article.event.slug if article.event else None,
        "headline": article.headline,
        "standfirst": article.standfirst,
        "byline": article.byline,
        "published": _date(article.published),
        "published_precision": article.published_precision,
        "dateline": article.dateline,
        "source_url": article.source_url,
        "source_file": article.source_file,
        "sha256": article.raw_sha256,
        "imported_at": article.imported_at.isoformat(),
        "previous_version": article.previous_version_id,
        "needs_review": article.needs_review,
        "identifies_people": article.identifies_people,
        "review_note": article.review_note,
        "note": article.note,
        "page_url": article.get_absolute_url(),
        "body": article.body,
        "raw_text": article.raw_text,
    }


def claim_record(claim):
    return {
        "id": claim.pk,
        "event": claim.event.slug,
        "speaker": claim.speaker.slug if claim.speaker else None,
        "text": claim.text,
        "kind": claim.kind,
        "status": claim.status,
        "status_note": claim.status_note,
        "figure_value": str(claim.figure_value) if claim.figure_value is not None else None,
        "attributions": [
            {
                "id": attribution.pk,
                "article": attribution.article_id,
                "words": attribution.words,
                "start": attribution.start,
                "end": attribution.end,
                "phrase": attribution.phrase,
                "mode": attribution.mode,
                "speaker_name": attribution.speaker_name,
                "speaker_named": attribution.speaker_named,
            }
            for attribution in sorted(claim.attributions.all(), key=lambda a: a.pk)
        ],
    }


SECTIONS = [
    ("outlets", lambda: Outlet.objects.order_by("pk"), outlet_record),
    ("stories", lambda: Story.objects.order_by("pk"), story_record),
    ("events", lambda: Event.objects.select_related("story").order_by("pk"), event_record),
    (
        "timeline_entries",
        lambda: (
            TimelineEntry.objects.select_related("story")
            .prefetch_related("articles")
            .order_by("pk")
        ),
        timeline_entry_record,
    ),
    (
        "people",
        lambda: (
            Person.objects.select_related("event")
            .prefetch_related("aliases", "articles", "mentioned_in")
            .order_by("pk")
        ),
        person_record,
    ),
    (
        "articles",
        lambda: (
            Article.objects.select_related("outlet", "event")
            .prefetch_related("credited_outlets")
            .order_by("pk")
        ),
        article_record,
    ),
    (
        "claims",
        lambda: (
            Claim.objects.select_related("event", "speaker")
            .prefetch_related("attributions")
            .order_by("pk")
        ),
        claim_record,
    ),
    (
        "discrepancies",
        lambda: (
            Discrepancy.objects.select_related("event").prefetch_related("values").order_by("pk")
        ),
        discrepancy_record,
    ),
]


def write_archive(write):
    """Write the archive through write(text); returns the number of records per section."""
    counts = {}
    write("{\n" + f'"schema": {json.dumps(SCHEMA)}')
    for name, queryset, record in SECTIONS:
        write(f',\n"{name}": [')
        counts[name] = 0
        for obj in queryset().iterator(chunk_size=CHUNK):
            separator = "\n" if counts[name] == 0 else ",\n"
            write(separator + json.dumps(record(obj), ensure_ascii=False, sort_keys=True))
            counts[name] += 1
        write("\n]" if counts[name] else "]")
    write("\n}\n")
    return counts
