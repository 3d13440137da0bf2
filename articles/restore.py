"""Restore a document written by export_archive (schema newsarchive/2, or the older
newsarchive/1) into the archive.

Everything happens in one transaction: a document that fails a check restores nothing, and the
error names the section and the record. Into an empty archive every row keeps its id, so
export → restore → export gives the same bytes, and the editorial operations and the edit
history, which name rows by id (rows since deleted among them), still point at the right rows:
an operation restored can be undone. (A newsarchive/1 document carries ids for articles, claims
and attributions only; its other rows come back in the document's order, which is the order
the export reads them in.) The one exception is a registry outlet that this archive already
holds under another id: it keeps this archive's id, and the history is pointed at it.

Into an archive that already holds coverage (--into-non-empty), every row gets a new id and
references are remapped through the document; outlets are matched by slug and keep their own
fields; a story, event or person whose slug is taken, or an article whose raw text is already
stored, is refused rather than merged. The editorial operations and the edit history are then
left out, and said to be: they name rows by their ids in the archive they came from, and the
rows deleted there have no new id to be given.

Users are named by username: a user this archive lacks is created inactive and without a
usable password, so that a restore never opens an account.

A restore is not an editorial change: rows are written with bulk_create, so
django-simple-history records nothing for them; the history restored is the document's.
"""

import datetime
import hashlib
import json
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import IntegrityError, connection

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

from . import revision
from .export import (
    CHUNK,
    EDITORIAL_SECTIONS,
    HISTORY_MODELS,
    PUBLIC_SECTIONS,
    SCHEMA,
    history_m2m,
    m2m_link_fields,
    tracked_fields,
)
from .models import Article, Event, Outlet, ReviewItem, ReviewKind, Story, TimelineEntry

OLD_SCHEMA = "newsarchive/1"

# The importer hashes the file's bytes and keeps the decoded text: these are the ways
# parsing.decode() can have decoded it (utf-8-sig for a file that began with a BOM), so one of
# them gives the bytes back. The encoding is not stored, hence the trial.
RAW_ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1")

# Rows that make an archive non-empty; outlets are not among them, since the registry migration
# seeds them into every archive. History left by deleted rows counts too: restored history
# keeps its ids, and would collide with it.
ARCHIVE_MODELS = [
    Article,
    Person,
    Claim,
    Event,
    Story,
    Discrepancy,
    TimelineEntry,
    ReviewItem,
    SamePersonCandidate,
    ClaimEvidence,
    EditorialOperation,
    *(model.history.model for model in HISTORY_MODELS),
]

# Every table a restore writes ids into.
RESTORED_MODELS = [
    *HISTORY_MODELS,
    ReviewItem,
    EditorialOperation,
    *(model.history.model for model in HISTORY_MODELS),
]

OUTLET_FIELDS = ["name", "short_name", "domain", "country", "language", "kind", "note"]
HISTORY_TYPES = ["+", "~", "-"]


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
    return not any(model._default_manager.exists() for model in ARCHIVE_MODELS)


def restore_archive(document, *, into_non_empty=False):
    """Restore document in one transaction. Returns the number of records restored per
    section, and notes for the operator: users created, records left out."""
    schema = document.get("schema") if isinstance(document, dict) else None
    if schema not in (OLD_SCHEMA, SCHEMA):
        raise RestoreError(f"schema: expected {SCHEMA!r} or {OLD_SCHEMA!r}, found {schema!r}")
    # bulk_create sends no signals: the archive revision that readers' pages are cached under
    # is replaced once, as the restore commits, and every stored comparison is outdated.
    with revision.atomic_change():
        revision.outdate_every_comparison()
        into_empty = archive_is_empty()
        if not into_empty and not into_non_empty:
            raise RestoreError(
                "the archive already holds articles, people, claims, events, stories, review "
                "items, editorial operations or edit history; restore into an empty archive, "
                "or pass --into-non-empty"
            )
        restore = Restore(document, into_empty=into_empty)
        counts = restore.run()
        reset_sequences()
    return counts, restore.notes()


def reset_sequences():
    # Rows inserted with their own ids leave PostgreSQL's sequences behind, and the next row
    # saved would take a used id. Nothing to do on SQLite.
    statements = connection.ops.sequence_reset_sql(no_style(), RESTORED_MODELS)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _date(value):
    return datetime.date.fromisoformat(value) if value is not None else None


def _datetime(value, *, nullable=True):
    if value is None:
        if nullable:
            return None
        raise ValueError("a date and time is required")
    moment = datetime.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone")
    return moment


def _id(value):
    if value is None:
        return None
    if type(value) is not int or value < 1:
        raise RestoreError(f"{value!r} is not an id")
    return value


def _choice(value, choices, what):
    if value not in choices:
        raise RestoreError(f"{what} {value!r} is not one of {', '.join(map(str, choices))}")
    return value


class Restore:
    def __init__(self, document, *, into_empty):
        self.document = document
        self.schema = document["schema"]
        self.into_empty = into_empty
        # What the document's references resolve to: slug → row.
        self.outlets, self.stories, self.events, self.people = {}, {}, {}, {}
        # The document's id → row, for every kind of row it carries by id.
        self.rows = {model: {} for model in HISTORY_MODELS}
        self.articles = self.rows[Article]
        self.claims = self.rows[Claim]
        self.attributions = self.rows[Attribution]
        # (model label, id) of the rows the history says were deleted.
        self.deleted = set()
        self.users, self.created_users = {}, []
        self.left_out = defaultdict(int)
        # A newsarchive/2 document without any of the editorial sections is a public export.
        self.editorial = self.schema == SCHEMA and any(
            name in document for name, _ in EDITORIAL_SECTIONS
        )

    def run(self):
        self.restore_outlets()
        self.restore_stories()
        self.restore_events()
        self.restore_articles()
        self.restore_timeline_entries()
        self.restore_people()
        self.restore_claims()
        self.restore_discrepancies()
        sections = PUBLIC_SECTIONS
        if self.editorial:
            self.restore_evidence()
            self.restore_candidates()
            self.restore_operations()
            # Before the review queue, which may point at rows the history says were deleted.
            self.restore_history()
            self.restore_review_items()
            sections = PUBLIC_SECTIONS + EDITORIAL_SECTIONS
        return {name: len(self.document[name]) - self.left_out.get(name, 0) for name, _ in sections}

    def notes(self):
        notes = []
        if self.created_users:
            notes.append(
                f"Created {len(self.created_users)} user(s) the document names, inactive and "
                f"without a password: {', '.join(self.created_users)}."
            )
        if self.schema == SCHEMA and not self.editorial:
            notes.append(
                "The document is a public export: it has no review queue, editorial "
                "operations or edit history to restore."
            )
        if self.left_out:
            counts = ", ".join(
                f"{count} {name.replace('_', ' ')}" for name, count in self.left_out.items()
            )
            notes.append(
                f"Not added to this non-empty archive: {counts}. They name rows by their ids "
                "in the archive they came from, some of them rows deleted there."
            )
        return notes

    # --- Helpers ------------------------------------------------------------------------------

    def each(self, section, build):
        """build(record) for every record of section, in turn, naming the record in any
        error."""
        for number, record in enumerate(self.records(section), start=1):
            try:
                result = build(record)
            except RestoreError as error:
                problem = str(error)
            except KeyError as error:
                problem = f"missing field {error}"
            except (
                TypeError,
                ValueError,
                AttributeError,
                InvalidOperation,
                ValidationError,
            ) as error:
                problem = f"bad value ({error})"
            else:
                yield result
                continue
            raise RestoreError(f"{self.label(section, number, record)}: {problem}")

    def records(self, section):
        records = self.document.get(section)
        if not isinstance(records, list):
            raise RestoreError(f"{section}: missing, or not a list")
        return records

    def label(self, section, number, record):
        key = None
        if isinstance(record, dict):
            key = record.get("slug") or record.get("id")
            if "history_id" in record:
                key = f"{record.get('model')} {record['history_id']}"
        return f"{section} record {number}" + (f" ({key})" if key else "")

    def ref(self, rows, what, key, *, nullable=False):
        if key is None and nullable:
            return None
        if key not in rows:
            raise RestoreError(f"{what} {key!r} is not in the document")
        return rows[key]

    def kept_id(self, record):
        """The id the row is stored under: the document's into an empty archive (a
        newsarchive/1 document has ids for articles, claims and attributions only), a new one
        otherwise."""
        if not self.into_empty:
            return None
        return _id(record["id"] if self.schema == SCHEMA else record.get("id"))

    def remember(self, model, record, row):
        key = record.get("id")
        if key is None:
            return
        if key in self.rows[model]:
            raise RestoreError(f"another {model._meta.verbose_name} has the id {key!r}")
        self.rows[model][key] = row

    def map_id(self, model, key):
        """The id in this archive of the row the document knows as key: the same, but for a
        registry outlet this archive holds under another id."""
        row = self.rows[Outlet].get(key) if model is Outlet else None
        return row.pk if row is not None else key

    def user(self, username):
        if username is None:
            return None
        if not isinstance(username, str) or not 0 < len(username) <= 150:
            raise RestoreError(f"{username!r} is not a user name")
        if username not in self.users:
            User = get_user_model()
            user = User._default_manager.filter(username=username).first()
            if user is None:
                user = User(username=username, is_active=False)
                user.set_unusable_password()
                user.save()
                self.created_users.append(username)
            self.users[username] = user
        return self.users[username]

    def insert(self, section, model, objs):
        try:
            return model.objects.bulk_create(objs)
        except IntegrityError as error:
            raise RestoreError(f"{section}: the database refused a record ({error})") from None

    def insert_in_batches(self, section, objs):
        """Insert rows of any models as they come, CHUNK at a time per model."""
        pending = defaultdict(list)
        for obj in objs:
            batch = pending[type(obj)]
            batch.append(obj)
            if len(batch) == CHUNK:
                self.insert(section, type(obj), batch)
                batch.clear()
        for model, batch in pending.items():
            self.insert(section, model, batch)

    def set_created_at(self, model, rows):
        # created_at is auto_now_add, which bulk_create sets to now: put the document's back.
        for row, created_at in rows:
            row.created_at = created_at
        model.objects.bulk_update([row for row, _ in rows], ["created_at"], batch_size=CHUNK)

    def refuse_taken(self, taken, slug):
        if slug in taken:
            raise RestoreError(f"the slug {slug!r} is already taken in this archive")

    # --- Sections, in the order their references need ----------------------------------------

    def restore_outlets(self):
        existing = {outlet.slug: outlet for outlet in Outlet.objects.all()}
        existing_ids = {outlet.pk for outlet in existing.values()}
        new = []

        def build(record):
            fields = {name: record[name] for name in OUTLET_FIELDS}
            outlet = existing.get(record["slug"])
            if outlet is None:
                # Its own id, unless this archive's registry gave it to another outlet.
                kept = self.kept_id(record)
                outlet = Outlet(
                    id=None if kept in existing_ids else kept, slug=record["slug"], **fields
                )
                new.append(outlet)
            elif self.into_empty:
                # A backup's word on the registry rows wins; in a live archive they are left be.
                Outlet.objects.filter(pk=outlet.pk).update(**fields)
            self.outlets[record["slug"]] = outlet
            self.remember(Outlet, record, outlet)

        for _ in self.each("outlets", build):
            pass
        self.insert("outlets", Outlet, new)

    def restore_stories(self):
        taken = set(Story.objects.values_list("slug", flat=True))

        def build(record):
            self.refuse_taken(taken, record["slug"])
            story = Story(
                id=self.kept_id(record),
                slug=record["slug"],
                title=record["title"],
                summary=record["summary"],
            )
            self.stories[story.slug] = story
            self.remember(Story, record, story)
            return story

        self.insert("stories", Story, self.each("stories", build))

    def restore_events(self):
        taken = set(Event.objects.values_list("slug", flat=True))

        def build(record):
            self.refuse_taken(taken, record["slug"])
            event = Event(
                id=self.kept_id(record),
                slug=record["slug"],
                story=self.ref(self.stories, "story", record["story"], nullable=True),
                title=record["title"],
                date=_date(record["date"]),
                date_precision=record["date_precision"],
                summary=record["summary"],
            )
            self.events[event.slug] = event
            self.remember(Event, record, event)
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
                id=self.kept_id(record),
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
            self.remember(Article, record, article)
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
                id=self.kept_id(record),
                story=self.ref(self.stories, "story", record["story"]),
                date=_date(record["date"]),
                date_precision=record["date_precision"],
                text=record["text"],
                note=record["note"],
            )
            self.remember(TimelineEntry, record, entry)
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
                id=self.kept_id(record),
                slug=record["slug"],
                name=record["name"],
                description=record["description"],
                kind=record["kind"],
                event=self.ref(self.events, "event", record["event"], nullable=True),
            )
            self.people[person.slug] = person
            self.remember(Person, record, person)
            for name in record["aliases"]:
                # newsarchive/1 lists the spellings alone; newsarchive/2 maps each to its id.
                item = {"id": record["aliases"][name]} if self.schema == SCHEMA else {}
                alias = PersonAlias(id=self.kept_id(item), person=person, name=name)
                self.remember(PersonAlias, item, alias)
                aliases.append(alias)
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
                id=self.kept_id(record),
                event=self.ref(self.events, "event", record["event"]),
                speaker=self.ref(self.people, "speaker", record["speaker"], nullable=True),
                text=record["text"],
                kind=record["kind"],
                status=record["status"],
                status_note=record["status_note"],
                figure_value=Decimal(figure) if figure is not None else None,
            )
            self.remember(Claim, record, claim)
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
            id=self.kept_id(item),
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
        self.remember(Attribution, item, attribution)
        return attribution

    def restore_discrepancies(self):
        values = []

        def build(record):
            discrepancy = Discrepancy(
                id=self.kept_id(record),
                event=self.ref(self.events, "event", record["event"]),
                subject=record["subject"],
                kind=record["kind"],
                note=record["note"],
            )
            self.remember(Discrepancy, record, discrepancy)
            for item in record["values"]:
                value = DiscrepancyValue(
                    id=self.kept_id(item),
                    discrepancy=discrepancy,
                    article=self.ref(self.articles, "article", item["article"]),
                    attribution=self.ref(
                        self.attributions, "attribution", item["attribution"], nullable=True
                    ),
                    value=item["value"],
                    words=item["words"],
                )
                self.remember(DiscrepancyValue, item, value)
                values.append(value)
            return discrepancy

        self.insert("discrepancies", Discrepancy, self.each("discrepancies", build))
        self.insert("discrepancies", DiscrepancyValue, values)

    # --- The editorial record (newsarchive/2) ------------------------------------------------

    def restore_evidence(self):
        def build(record):
            link = ClaimEvidence(
                id=self.kept_id(record),
                claim=self.ref(self.claims, "claim", record["claim"]),
                url=record["url"],
                note=record["note"],
            )
            self.remember(ClaimEvidence, record, link)
            return link

        self.insert("claim_evidence", ClaimEvidence, self.each("claim_evidence", build))

    def restore_candidates(self):
        def build(record):
            candidate = SamePersonCandidate(
                id=self.kept_id(record),
                person=self.ref(self.people, "person", record["person"]),
                other=self.ref(self.people, "person", record["other"]),
                reason=record["reason"],
                status=_choice(record["status"], SamePersonCandidate.Status.values, "status"),
            )
            self.remember(SamePersonCandidate, record, candidate)
            return candidate

        section = "same_person_candidates"
        self.insert(section, SamePersonCandidate, self.each(section, build))

    def restore_operations(self):
        section = "editorial_operations"
        if not self.into_empty:
            self.left_out[section] = len(self.records(section))
            return
        created = []

        def build(record):
            for key in ("changes", "deleted", "created"):
                check_named_rows(key, record[key])
            operation = EditorialOperation(
                id=self.kept_id(record),
                kind=_choice(record["kind"], EditorialOperation.Kind.values, "kind"),
                summary=record["summary"],
                user=self.user(record["user"]),
                changes=record["changes"],
                deleted=record["deleted"],
                created=record["created"],
                undone_at=_datetime(record["undone_at"]),
                undone_by=self.user(record["undone_by"]),
            )
            created.append((operation, _datetime(record["created_at"], nullable=False)))
            return operation

        self.insert(section, EditorialOperation, self.each(section, build))
        self.set_created_at(EditorialOperation, created)

    def restore_history(self):
        if not self.into_empty:
            self.note_deleted()
            self.left_out["history"] = len(self.records("history"))
            return
        models = {model._meta.label_lower: model for model in HISTORY_MODELS}

        def build(record):
            model = models.get(record["model"])
            if model is None:
                raise RestoreError(f"model {record['model']!r} keeps no history here")
            history_model = model.history.model
            row = history_model(
                history_id=_id(record["history_id"]),
                history_date=_datetime(record["history_date"], nullable=False),
                history_type=_choice(record["history_type"], HISTORY_TYPES, "history_type"),
                history_change_reason=record["history_change_reason"],
                history_user=self.user(record["history_user"]),
            )
            fields = record["fields"]
            m2m = history_m2m(history_model)
            self.copy_fields(row, fields, tracked_fields(history_model), model, [n for n, _ in m2m])
            if row.history_type == "-":
                self.deleted.add((record["model"], fields["id"]))
            rows = [row]
            for name, link_model in m2m:
                for values in fields[name]:
                    link = link_model(history_id=row.history_id)
                    self.copy_fields(link, values, m2m_link_fields(link_model))
                    rows.append(link)
            return rows

        records = self.each("history", build)
        self.insert_in_batches("history", (row for rows in records for row in rows))

    def note_deleted(self):
        """Only which rows were deleted, for the review queue: the history itself is left
        out."""

        def build(record):
            if record["history_type"] == "-":
                self.deleted.add((record["model"], record["fields"]["id"]))

        for _ in self.each("history", build):
            pass

    def copy_fields(self, row, values, fields, model=None, also=()):
        """Set a historical row's fields from the record's values; foreign keys, and the
        tracked row's own id, through this archive's ids."""
        unknown = set(values) - {field.name for field in fields} - set(also)
        if unknown:
            raise RestoreError(f"unknown field(s) {', '.join(sorted(unknown))}")
        for field in fields:
            value = values[field.name]
            if field.is_relation:
                value = self.map_id(field.related_model, _id(value))
            elif field.name == "id" and model is not None:
                value = self.map_id(model, _id(value))
            else:
                value = field.to_python(value)
            setattr(row, field.attname, value)

    def restore_review_items(self):
        section = "review_items"
        labels = {model._meta.label_lower: model for model in HISTORY_MODELS}
        created = []

        def build(record):
            label, key = record["item"]
            key = _id(key)
            model = labels.get(label)
            if model is None:
                raise RestoreError(f"item {label!r} is not a kind of row the document carries")
            row = self.rows[model].get(key)
            if row is None and (label, key) not in self.deleted:
                raise RestoreError(f"item {label} {key!r} is neither in the document nor deleted")
            if row is None and not self.into_empty:
                self.left_out[section] += 1
                return None
            review = ReviewItem(
                id=self.kept_id(record),
                content_type=ContentType.objects.get_for_model(model),
                # A deleted row keeps its id: an undo brings it back under it.
                object_id=row.pk if row is not None else key,
                kind=_choice(record["kind"], ReviewKind.values, "kind"),
                reason=record["reason"],
                reviewed_at=_datetime(record["reviewed_at"]),
                reviewed_by=self.user(record["reviewed_by"]),
            )
            created.append((review, _datetime(record["created_at"], nullable=False)))
            return review

        reviews = [review for review in self.each(section, build) if review is not None]
        self.insert(section, ReviewItem, reviews)
        self.set_created_at(ReviewItem, created)


def check_named_rows(what, entries):
    """An operation's changes, deleted and created lists name rows by model label and id, which
    undo looks up: check that each names a model of this archive."""
    if not isinstance(entries, list):
        raise RestoreError(f"{what}: not a list")
    for entry in entries:
        try:
            apps.get_model(entry["model"])
            _id(entry["pk"])
        except (LookupError, ValueError, KeyError, TypeError, RestoreError):
            raise RestoreError(
                f"{what}: {json.dumps(entry)[:80]} names no row of this archive"
            ) from None
