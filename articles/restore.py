"""Restore a document written by export_archive (schema newsarchive/1) into the archive.

Everything happens in one transaction: a document that fails a check restores nothing, and the
error names the section and the record. Into an empty archive, articles, claims and
attributions keep their ids, so export → restore → export gives the same bytes; the other rows
come back in the document's order, which is the order the export reads them in.

Into an archive that already holds coverage (--into-non-empty), every row gets a new id and
references are remapped through the document; outlets are matched by slug and keep their own
fields; a story, event or person whose slug is taken, or an article whose raw text is already
stored, is refused rather than merged.

A restore is not an editorial change: rows are written with bulk_create, so
django-simple-history records nothing for them. The document carries no history to bring back,
and a history row saying "created now, by nobody" would misstate where the row came from.
"""

import datetime
import hashlib
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction

from claims.models import Attribution, Claim, Discrepancy, DiscrepancyValue, Person, PersonAlias

from .export import SCHEMA, SECTIONS
from .models import Article, Event, Outlet, Story, TimelineEntry

# The importer hashes the file's bytes and keeps the decoded text: these are the ways
# parsing.decode() can have decoded it (utf-8-sig for a file that began with a BOM), so one of
# them gives the bytes back. The encoding is not stored, hence the trial.
RAW_ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1")

# Rows that make an archive non-empty; outlets are not among them, since the registry migration
# seeds them into every archive.
ARCHIVE_MODELS = [Article, Person, Claim, Event, Story, Discrepancy, TimelineEntry]

OUTLET_FIELDS = ["name", "short_name", "domain", "country", "language", "kind", "note"]


class RestoreError(Exception):
    """A document that cannot be restored, with where and why."""


def raw_text_matches(raw_text, sha256):
    """Whether raw_text is what was decoded from a file whose bytes hash to sha256."""
    for encoding in RAW_ENCODINGS:
        try:
            data = raw_text.encode(encoding)
        except UnicodeEncodeError:
            continue
        if hashlib.sha256(data).hexdigest() == sha256:
            return True
    return False


def read_document(path):
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise RestoreError(f"cannot read it ({error.strerror})") from None
    except UnicodeDecodeError:
        raise RestoreError("it is not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise RestoreError(f"it is not JSON ({error})") from None


def archive_is_empty():
    return not any(model.objects.exists() for model in ARCHIVE_MODELS)


def restore_archive(document, *, into_non_empty=False):
    """Restore document in one transaction; returns the number of records per section."""
    schema = document.get("schema") if isinstance(document, dict) else None
    if schema != SCHEMA:
        raise RestoreError(f"schema: expected {SCHEMA!r}, found {schema!r}")
    with transaction.atomic():
        into_empty = archive_is_empty()
        if not into_empty and not into_non_empty:
            raise RestoreError(
                "the archive already holds articles, people, claims, events or stories; "
                "restore into an empty archive, or pass --into-non-empty"
            )
        counts = Restore(document, into_empty=into_empty).run()
        reset_sequences()
    return counts


def reset_sequences():
    # Rows inserted with their own ids leave PostgreSQL's sequences behind, and the next row
    # saved would take a used id. Nothing to do on SQLite.
    statements = connection.ops.sequence_reset_sql(no_style(), [Article, Claim, Attribution])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _date(value):
    return datetime.date.fromisoformat(value) if value is not None else None


class Restore:
    def __init__(self, document, *, into_empty):
        self.document = document
        self.into_empty = into_empty
        # What the document's references resolve to: slug (or exported id) → row.
        self.outlets, self.stories, self.events, self.people = {}, {}, {}, {}
        self.articles, self.attributions = {}, {}

    def run(self):
        self.restore_outlets()
        self.restore_stories()
        self.restore_events()
        self.restore_articles()
        self.restore_timeline_entries()
        self.restore_people()
        self.restore_claims()
        self.restore_discrepancies()
        return {name: len(self.document[name]) for name, _, _ in SECTIONS}

    # --- Helpers ------------------------------------------------------------------------------

    def each(self, section, build):
        """build(record) for every record of section, naming the record in any error."""
        records = self.document.get(section)
        if not isinstance(records, list):
            raise RestoreError(f"{section}: missing, or not a list")
        results = []
        for number, record in enumerate(records, start=1):
            try:
                results.append(build(record))
            except RestoreError as error:
                problem = str(error)
            except KeyError as error:
                problem = f"missing field {error}"
            except (TypeError, ValueError, AttributeError, InvalidOperation) as error:
                problem = f"bad value ({error})"
            else:
                continue
            key = (record.get("slug") or record.get("id")) if isinstance(record, dict) else None
            label = f"{section} record {number}" + (f" ({key})" if key else "")
            raise RestoreError(f"{label}: {problem}")
        return results

    def ref(self, rows, what, key, *, nullable=False):
        if key is None and nullable:
            return None
        if key not in rows:
            raise RestoreError(f"{what} {key!r} is not in the document")
        return rows[key]

    def insert(self, section, model, objs):
        try:
            return model.objects.bulk_create(objs)
        except IntegrityError as error:
            raise RestoreError(f"{section}: the database refused a record ({error})") from None

    def refuse_taken(self, taken, slug):
        if slug in taken:
            raise RestoreError(f"the slug {slug!r} is already taken in this archive")

    # --- Sections, in the order their references need ----------------------------------------

    def restore_outlets(self):
        existing = {outlet.slug: outlet for outlet in Outlet.objects.all()}
        new = []

        def build(record):
            fields = {name: record[name] for name in OUTLET_FIELDS}
            outlet = existing.get(record["slug"])
            if outlet is None:
                outlet = Outlet(slug=record["slug"], **fields)
                new.append(outlet)
            elif self.into_empty:
                # A backup's word on the registry rows wins; in a live archive they are left be.
                Outlet.objects.filter(pk=outlet.pk).update(**fields)
            self.outlets[record["slug"]] = outlet

        self.each("outlets", build)
        self.insert("outlets", Outlet, new)

    def restore_stories(self):
        taken = set(Story.objects.values_list("slug", flat=True))

        def build(record):
            self.refuse_taken(taken, record["slug"])
            story = Story(slug=record["slug"], title=record["title"], summary=record["summary"])
            self.stories[story.slug] = story
            return story

        self.insert("stories", Story, self.each("stories", build))

    def restore_events(self):
        taken = set(Event.objects.values_list("slug", flat=True))

        def build(record):
            self.refuse_taken(taken, record["slug"])
            event = Event(
                slug=record["slug"],
                story=self.ref(self.stories, "story", record["story"], nullable=True),
                title=record["title"],
                date=_date(record["date"]),
                date_precision=record["date_precision"],
                summary=record["summary"],
            )
            self.events[event.slug] = event
            return event

        self.insert("events", Event, self.each("events", build))

    def restore_articles(self):
        taken = set(Article.objects.values_list("raw_sha256", flat=True))
        credits = []

        def build(record):
            if not raw_text_matches(record["raw_text"], record["sha256"]):
                raise RestoreError("raw_text does not match its sha256")
            if record["sha256"] in taken:
                raise RestoreError("an article with this raw text is already in the archive")
            if record["id"] in self.articles:
                raise RestoreError("another article has the same id")
            article = Article(
                id=record["id"] if self.into_empty else None,
                outlet=self.ref(self.outlets, "outlet", record["outlet"], nullable=True),
                event=self.ref(self.events, "event", record["event"], nullable=True),
                headline=record["headline"],
                standfirst=record["standfirst"],
                byline=record["byline"],
                published=_date(record["published"]),
                published_precision=record["published_precision"],
                dateline=record["dateline"],
                source_url=record["source_url"],
                source_file=record["source_file"],
                raw_sha256=record["sha256"],
                imported_at=datetime.datetime.fromisoformat(record["imported_at"]),
                needs_review=record["needs_review"],
                review_note=record["review_note"],
                note=record["note"],
                # Documents written before the export carried it have no such field.
                identifies_people=record.get("identifies_people", False),
                body=record["body"],
                raw_text=record["raw_text"],
            )
            self.articles[record["id"]] = article
            for slug in record["credited_outlets"]:
                credits.append((article, self.ref(self.outlets, "credited outlet", slug)))
            return article

        self.insert("articles", Article, self.each("articles", build))

        # Linked once all are stored, since a version may come before the one it replaces.
        def link_previous(record):
            if record["previous_version"] is None:
                return None
            article = self.articles[record["id"]]
            previous = self.ref(self.articles, "previous_version", record["previous_version"])
            article.previous_version = previous
            return article

        linked = [article for article in self.each("articles", link_previous) if article]
        Article.objects.bulk_update(linked, ["previous_version"])
        Through = Article.credited_outlets.through
        self.insert(
            "articles",
            Through,
            [Through(article_id=article.pk, outlet_id=outlet.pk) for article, outlet in credits],
        )

    def restore_timeline_entries(self):
        links = []

        def build(record):
            entry = TimelineEntry(
                story=self.ref(self.stories, "story", record["story"]),
                date=_date(record["date"]),
                date_precision=record["date_precision"],
                text=record["text"],
                note=record["note"],
            )
            for article_id in record["articles"]:
                links.append((entry, self.ref(self.articles, "article", article_id)))
            return entry

        self.insert("timeline_entries", TimelineEntry, self.each("timeline_entries", build))
        Through = TimelineEntry.articles.through
        rows = [Through(timelineentry_id=entry.pk, article_id=a.pk) for entry, a in links]
        self.insert("timeline_entries", Through, rows)

    def restore_people(self):
        taken = set(Person.objects.values_list("slug", flat=True))
        aliases, wrote, named = [], [], []

        def build(record):
            self.refuse_taken(taken, record["slug"])
            person = Person(
                slug=record["slug"],
                name=record["name"],
                description=record["description"],
                kind=record["kind"],
                event=self.ref(self.events, "event", record["event"], nullable=True),
            )
            self.people[person.slug] = person
            aliases.extend(PersonAlias(person=person, name=name) for name in record["aliases"])
            for article_id in record["articles"]:
                wrote.append((person, self.ref(self.articles, "article", article_id)))
            for article_id in record["mentioned_in"]:
                named.append((person, self.ref(self.articles, "article", article_id)))
            return person

        self.insert("people", Person, self.each("people", build))
        self.insert("people", PersonAlias, aliases)
        for Through, pairs in [
            (Person.articles.through, wrote),
            (Person.mentioned_in.through, named),
        ]:
            rows = [Through(person_id=person.pk, article_id=a.pk) for person, a in pairs]
            self.insert("people", Through, rows)

    def restore_claims(self):
        attributions = []

        def build(record):
            figure = record["figure_value"]
            claim = Claim(
                id=record["id"] if self.into_empty else None,
                event=self.ref(self.events, "event", record["event"]),
                speaker=self.ref(self.people, "speaker", record["speaker"], nullable=True),
                text=record["text"],
                kind=record["kind"],
                status=record["status"],
                status_note=record["status_note"],
                figure_value=Decimal(figure) if figure is not None else None,
            )
            for item in record["attributions"]:
                attributions.append(self.attribution(claim, item))
            return claim

        self.insert("claims", Claim, self.each("claims", build))
        self.insert("claims", Attribution, attributions)

    def attribution(self, claim, item):
        article = self.ref(self.articles, "article", item["article"])
        words, start, end = item["words"], item["start"], item["end"]
        # Negative offsets would slice from the end and could still match.
        if not (0 <= start < end <= len(article.body)) or article.body[start:end] != words:
            raise RestoreError(
                f"attribution {item.get('id')}: article {item['article']} has "
                f"{article.body[start:end]!r} at {start}–{end}, not {words!r}"
            )
        attribution = Attribution(
            id=item.get("id") if self.into_empty else None,
            claim=claim,
            article=article,
            words=words,
            start=start,
            end=end,
            phrase=item["phrase"],
            mode=item["mode"],
            speaker_name=item["speaker_name"],
            # Documents written before the export carried it have no such field.
            speaker_named=item.get("speaker_named", True),
        )
        if item.get("id") is not None:
            self.attributions[item["id"]] = attribution
        return attribution

    def restore_discrepancies(self):
        values = []

        def build(record):
            discrepancy = Discrepancy(
                event=self.ref(self.events, "event", record["event"]),
                subject=record["subject"],
                kind=record["kind"],
                note=record["note"],
            )
            for item in record["values"]:
                values.append(
                    DiscrepancyValue(
                        discrepancy=discrepancy,
                        article=self.ref(self.articles, "article", item["article"]),
                        attribution=self.ref(
                            self.attributions, "attribution", item["attribution"], nullable=True
                        ),
                        value=item["value"],
                        words=item["words"],
                    )
                )
            return discrepancy

        self.insert("discrepancies", Discrepancy, self.each("discrepancies", build))
        self.insert("discrepancies", DiscrepancyValue, values)
