"""The whole archive as one JSON document: the export, and the backup format restores read.

Records are written one at a time, so memory stays flat however large the archive; each record
sits on a line of its own so two exports can be compared with diff.

Every record carries its row's id: editorial operations and the edit history refer to rows by
id (rows since deleted included), so a restore keeps them. References between records use the
article, claim and attribution ids and the slugs of everything else, as schema 1 did; users are
named by username only.

The backup adds the editorial record (evidence links, the review queue, possible same people,
editorial operations, the edit history and the users they name). The public download
(/export.json) leaves it out: it names editors and keeps what they deleted.
"""

import json
from datetime import date

from claims.models import (
    Attribution,
    Claim,
    ClaimEvidence,
    Discrepancy,
    DiscrepancyValue,
    EditorialOperation,
    Person,
    PersonAlias,
    SamePersonCandidate,
)

from .models import Article, Event, Outlet, ReviewItem, Story, TimelineEntry

SCHEMA = "newsarchive/2"
CHUNK = 2000

# Every model django-simple-history keeps the history of, in the order the history section
# lists them (tests/test_export.py checks that none is missing).
HISTORY_MODELS = [
    Outlet,
    Story,
    Event,
    TimelineEntry,
    Article,
    Person,
    PersonAlias,
    Claim,
    Attribution,
    SamePersonCandidate,
    Discrepancy,
    DiscrepancyValue,
    ClaimEvidence,
]
HISTORY_FIELDS = {
    "history_id",
    "history_date",
    "history_type",
    "history_change_reason",
    "history_user",
}


def _date(value):
    return value.isoformat() if value else None


def _username(user):
    return user.username if user else None


def outlet_record(outlet):
    return {
        "id": outlet.pk,
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
    return {"id": story.pk, "slug": story.slug, "title": story.title, "summary": story.summary}


def event_record(event):
    return {
        "id": event.pk,
        "slug": event.slug,
        "story": event.story.slug if event.story else None,
        "title": event.title,
        "date": _date(event.date),
        "date_precision": event.date_precision,
        "summary": event.summary,
    }


def timeline_entry_record(entry):
    return {
        "id": entry.pk,
        "story": entry.story.slug,
        "date": _date(entry.date),
        "date_precision": entry.date_precision,
        "text": entry.text,
        "note": entry.note,
        "articles": sorted(article.pk for article in entry.articles.all()),
    }


def discrepancy_record(discrepancy):
    return {
        "id": discrepancy.pk,
        "event": discrepancy.event.slug,
        "subject": discrepancy.subject,
        "kind": discrepancy.kind,
        "note": discrepancy.note,
        "values": [
            {
                "id": value.pk,
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
        "id": person.pk,
        "slug": person.slug,
        "name": person.name,
        "description": person.description,
        "kind": person.kind,
        "event": person.event.slug if person.event else None,
        "articles": sorted(article.pk for article in person.articles.all()),
        "mentioned_in": sorted(article.pk for article in person.mentioned_in.all()),
        # Each spelling with its row's id (a person has each spelling once).
        "aliases": {alias.name: alias.pk for alias in person.aliases.all()},
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


# --- The editorial record --------------------------------------------------------------------


def evidence_record(link):
    return {"id": link.pk, "claim": link.claim_id, "url": link.url, "note": link.note}


def candidate_record(candidate):
    return {
        "id": candidate.pk,
        "person": candidate.person.slug,
        "other": candidate.other.slug,
        "reason": candidate.reason,
        "status": candidate.status,
    }


def review_item_record(review):
    # The flagged row as (model label, id): the row may be gone (a merge deletes it), and its
    # id is then what an undo brings it back under.
    content_type = review.content_type
    return {
        "id": review.pk,
        "item": [f"{content_type.app_label}.{content_type.model}", review.object_id],
        "kind": review.kind,
        "reason": review.reason,
        "created_at": review.created_at.isoformat(),
        "reviewed_at": _date(review.reviewed_at),
        "reviewed_by": _username(review.reviewed_by),
    }


def operation_record(operation):
    # changes, deleted and created are what undo reads, kept as they are: they name rows by
    # model and id, which a restore keeps.
    return {
        "id": operation.pk,
        "kind": operation.kind,
        "summary": operation.summary,
        "user": _username(operation.user),
        "created_at": operation.created_at.isoformat(),
        "changes": operation.changes,
        "deleted": operation.deleted,
        "created": operation.created,
        "undone_at": _date(operation.undone_at),
        "undone_by": _username(operation.undone_by),
    }


def json_value(value):
    """A field's value as the document holds it: dates as ISO text, decimals as text."""
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)


def tracked_fields(history_model):
    """The fields of a historical model that copy the tracked row (foreign keys as ids)."""
    return [f for f in history_model._meta.concrete_fields if f.name not in HISTORY_FIELDS]


def history_m2m(history_model):
    """(field name, model of its historical links) for each many-to-many the history keeps."""
    return [
        (field.name, getattr(history_model, field.name).model)
        for field in history_model._history_m2m_fields
    ]


def m2m_link_fields(link_model):
    return [
        f for f in link_model._meta.concrete_fields if f.name not in ("history", "m2m_history_id")
    ]


def history_record(model, row, m2m):
    fields = {f.name: json_value(f.value_from_object(row)) for f in tracked_fields(type(row))}
    for name, link_model in m2m:
        accessor = link_model._meta.get_field("history").remote_field.get_accessor_name()
        links = sorted(getattr(row, accessor).all(), key=lambda link: link.pk)
        fields[name] = [
            {f.name: f.value_from_object(link) for f in m2m_link_fields(link_model)}
            for link in links
        ]
    return {
        "model": model._meta.label_lower,
        "history_id": row.history_id,
        "history_date": row.history_date.isoformat(),
        "history_type": row.history_type,
        "history_change_reason": row.history_change_reason,
        "history_user": _username(row.history_user),
        "fields": fields,
    }


def history_records():
    for model in HISTORY_MODELS:
        history_model = model.history.model
        m2m = history_m2m(history_model)
        rows = model.history.select_related("history_user").order_by("history_id")
        for _, link_model in m2m:
            accessor = link_model._meta.get_field("history").remote_field.get_accessor_name()
            rows = rows.prefetch_related(accessor)
        for row in rows.iterator(chunk_size=CHUNK):
            yield history_record(model, row, m2m)


def _each(queryset, record):
    for obj in queryset.iterator(chunk_size=CHUNK):
        yield record(obj)


# (name, records): records() yields the section's records in order.
PUBLIC_SECTIONS = [
    ("outlets", lambda: _each(Outlet.objects.order_by("pk"), outlet_record)),
    ("stories", lambda: _each(Story.objects.order_by("pk"), story_record)),
    (
        "events",
        lambda: _each(Event.objects.select_related("story").order_by("pk"), event_record),
    ),
    (
        "timeline_entries",
        lambda: _each(
            TimelineEntry.objects.select_related("story")
            .prefetch_related("articles")
            .order_by("pk"),
            timeline_entry_record,
        ),
    ),
    (
        "people",
        lambda: _each(
            Person.objects.select_related("event")
            .prefetch_related("aliases", "articles", "mentioned_in")
            .order_by("pk"),
            person_record,
        ),
    ),
    (
        "articles",
        lambda: _each(
            Article.objects.select_related("outlet", "event")
            .prefetch_related("credited_outlets")
            .order_by("pk"),
            article_record,
        ),
    ),
    (
        "claims",
        lambda: _each(
            Claim.objects.select_related("event", "speaker")
            .prefetch_related("attributions")
            .order_by("pk"),
            claim_record,
        ),
    ),
    (
        "discrepancies",
        lambda: _each(
            Discrepancy.objects.select_related("event").prefetch_related("values").order_by("pk"),
            discrepancy_record,
        ),
    ),
]

EDITORIAL_SECTIONS = [
    ("claim_evidence", lambda: _each(ClaimEvidence.objects.order_by("pk"), evidence_record)),
    (
        "same_person_candidates",
        lambda: _each(
            SamePersonCandidate.objects.select_related("person", "other").order_by("pk"),
            candidate_record,
        ),
    ),
    (
        "review_items",
        lambda: _each(
            ReviewItem.objects.select_related("content_type", "reviewed_by").order_by("pk"),
            review_item_record,
        ),
    ),
    (
        "editorial_operations",
        lambda: _each(
            EditorialOperation.objects.select_related("user", "undone_by").order_by("pk"),
            operation_record,
        ),
    ),
    ("history", history_records),
]

SECTIONS = PUBLIC_SECTIONS + EDITORIAL_SECTIONS


def write_archive(write, *, backup=False):
    """Write the archive through write(text); returns the number of records per section.

    Without backup, the public document: the editorial record is left out."""
    sections = SECTIONS if backup else PUBLIC_SECTIONS
    counts = {}
    write("{\n" + f'"schema": {json.dumps(SCHEMA)}')
    for name, records in sections:
        write(f',\n"{name}": [')
        counts[name] = 0
        for record in records():
            separator = "\n" if counts[name] == 0 else ",\n"
            write(separator + json.dumps(record, ensure_ascii=False, sort_keys=True))
            counts[name] += 1
        write("\n]" if counts[name] else "]")
    write("\n}\n")
    return counts
