"""generate_corpus: a synthetic archive for benchmarks and tests.

    python manage.py generate_corpus --articles N --files DIR [--seed S] [--start K]
    python manage.py generate_corpus --articles N --rows [--seed S] [--start K] [--batch-size B]

--files writes raw article files and their sources.toml into DIR, for import_seeds, so that the
real importer and extraction run on them. --rows inserts the rows directly with bulk_create,
batch by batch, appending to the archive: for the largest sizes. What is generated, and how
each mode numbers, names and appends, is described in articles/corpus.py.
"""

import json
import sys
import threading
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from queue import Full, Queue

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max
from django.utils import timezone
from tqdm import tqdm

from articles import corpus, revision
from articles.importing import MANIFEST_NAME
from articles.models import Article, Event, Outlet, Story, TimelineEntry
from claims.models import (
    Attribution,
    Claim,
    ClaimKind,
    ClaimStatus,
    Discrepancy,
    DiscrepancyValue,
    Person,
    PersonAlias,
)

MAX_BATCH = 5000


class Command(BaseCommand):
    help = (
        "Generate a synthetic archive, the same for the same --seed: outlets of every kind, "
        "stories and events over five years, several outlets to an event, articles of 400 to "
        "1,200 words whose statements each outlet words its own way (quotes, reported speech, "
        "a name spelled differently, a figure that differs), with page furniture. "
        "--files DIR writes N raw .txt files and a sources.toml manifest into DIR (new or "
        "empty): import them with `import_seeds DIR`, which runs the real importer and "
        "extraction. --rows inserts the rows directly (articles, events, stories, people, "
        "claims, attributions, discrepancies, timeline entries; no edit history) in batches of "
        "--batch-size articles, each in its own transaction: for the largest sizes. --rows "
        "appends: its articles are numbered from --start, by default one past the largest "
        "article id, so each run adds new articles, events and anonymous sources and reuses "
        "the outlets and named people already there; articles already in the archive (same "
        "seed and numbers) are refused."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, required=True, metavar="N", help="How many articles."
        )
        parser.add_argument("--seed", type=int, default=1, help="Default: 1.")
        parser.add_argument(
            "--files", metavar="DIR", help="Write raw files and sources.toml into DIR."
        )
        parser.add_argument("--rows", action="store_true", help="Insert rows directly.")
        parser.add_argument(
            "--start",
            type=int,
            metavar="K",
            help="Number of the first article (default: 1 with --files; one past the largest "
            "article id with --rows).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=1000,
            metavar="B",
            help="Articles written per transaction with --rows (default: 1000).",
        )

    def handle(self, *args, articles, seed, files, rows, start, batch_size, **options):
        if articles < 1:
            raise CommandError(f"--articles must be at least 1, got {articles}.")
        if bool(files) == bool(rows):
            raise CommandError(
                "Give exactly one of --files DIR (raw files for import_seeds) or --rows "
                "(rows inserted directly)."
            )
        if start is not None and start < 1:
            raise CommandError(f"--start must be at least 1, got {start}.")
        if not 1 <= batch_size <= MAX_BATCH:
            raise CommandError(f"--batch-size must be from 1 to {MAX_BATCH}, got {batch_size}.")
        began = time.monotonic()
        progress = tqdm(
            total=articles,
            unit="article",
            disable=not sys.stderr.isatty(),
            file=sys.stderr,
            leave=False,
        )
        with progress:
            if files:
                counts = write_files(Path(files), seed, start or 1, articles, progress)
                mode, people = f"files in {files}", "people quoted"
            else:
                if start is None:
                    start = (Article.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
                writer = RowWriter(seed)
                counts = writer.write(start, articles, batch_size, progress)
                mode, people = "rows", "new people"
        seconds = time.monotonic() - began
        start = start or 1
        self.stdout.write(
            f"Generated {counts['articles']:,} articles in {counts['events']:,} events, "
            f"{counts['stories']:,} stories, {counts['people']:,} {people}: "
            f"{counts['claims']:,} claims, {counts['attributions']:,} attributions "
            f"({mode}, seed {seed}, articles {start:,} to {start + articles - 1:,}) "
            f"in {seconds:.1f} s."
        )
        if files:
            self.stdout.write(
                f"Import them with: python manage.py import_seeds {files} (the claims and "
                "attributions are those written into the text; the extraction finds its own)."
            )


# --- Files -------------------------------------------------------------------------------------


def write_files(folder, seed, start, count, progress):
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise CommandError(f"{folder} exists and is not an empty folder: give a new or empty one.")
    folder.mkdir(parents=True, exist_ok=True)
    counts = dict.fromkeys(("articles", "events", "claims", "attributions"), 0)
    stories, people = set(), set()
    with (folder / MANIFEST_NAME).open("w", encoding="utf-8") as manifest:
        manifest.write(
            f"# What is known of each file from outside its text: generate_corpus, seed {seed}.\n"
        )
        for event in corpus.events(seed, start, count):
            counts["events"] += 1
            stories.add(event.story.key)
            claims = set()
            for article in event.articles:
                (folder / article.filename).write_bytes(article.raw_text.encode("utf-8"))
                manifest.write(manifest_entry(article))
                counts["articles"] += 1
                counts["attributions"] += len(article.appearances)
                claims.update(a.claim for a in article.appearances)
                people.update(a.speaker.key for a in article.appearances if a.speaker)
                progress.update()
            counts["claims"] += len(claims)
    return {**counts, "stories": len(stories), "people": len(people)}


def manifest_entry(article):
    # JSON strings are valid TOML basic strings.
    lines = [f"\n[{json.dumps(article.filename)}]"]
    for key, value in article.manifest.items():
        lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


# --- Rows --------------------------------------------------------------------------------------


def unique_slugs(model, slugs):
    """Each slug, or slug-2, slug-3... where a row of model has it: one query a round, not a row."""
    result = {slug: slug for slug in slugs}
    pending, n = set(slugs), 1
    while pending:
        asked = {result[slug] for slug in pending}
        taken = set(model.objects.filter(slug__in=asked).values_list("slug", flat=True))
        pending = {slug for slug in pending if result[slug] in taken}
        n += 1
        for slug in pending:
            result[slug] = f"{slug}-{n}"
    return result


def batches(seed, start, count, size):
    """Lists of whole events holding about `size` articles each."""
    batch, articles = [], 0
    for event in corpus.events(seed, start, count):
        batch.append(event)
        articles += len(event.articles)
        if articles >= size:
            yield batch
            batch, articles = [], 0
    if batch:
        yield batch


def generated_in_background(items, ahead=2):
    """The items of a generator, made in a thread up to `ahead` items in advance.

    Generating is pure Python; writing mostly waits for the database server, which releases
    the interpreter: done side by side they take little more than the slower of the two. The
    database work stays in the calling thread (and its connection and transaction).
    """
    queue, stop = Queue(maxsize=ahead), threading.Event()

    def offer(message):
        """Put a message in the queue unless the caller has stopped listening."""
        while not stop.is_set():
            try:
                queue.put(message, timeout=0.1)
                return True
            except Full:
                continue
        return False

    def produce():
        try:
            for item in items:
                if not offer(("item", item)):
                    return
            offer(("end", None))
        except BaseException as error:  # handed to the caller, which raises it
            offer(("error", error))

    thread = threading.Thread(target=produce, name="generate_corpus", daemon=True)
    thread.start()
    try:
        while True:
            kind, item = queue.get()
            if kind == "end":
                return
            if kind == "error":
                raise item
            yield item
    finally:
        stop.set()  # the caller may have stopped early (an error): let the thread end
        thread.join()


class RowWriter:
    """Inserts generated events with bulk_create, a batch of articles per transaction.

    Keeps only ids of what the world shares (outlets, stories, named people) between batches.
    """

    def __init__(self, seed):
        self.seed = seed
        self.outlets = {}  # domain -> Outlet id
        self.stories = {}  # story key -> Story id
        # Person key -> Person id: the world's people, and the anonymous sources and residents
        # of the events written so far (a few bytes each, so kept rather than sorted out).
        self.people = {}
        self.counts = dict.fromkeys(("articles", "events", "people", "claims", "attributions"), 0)
        self.stories_seen = set()

    def write(self, start, count, batch_size, progress):
        with revision.atomic_change():
            self.ensure_outlets()
        for batch in generated_in_background(batches(self.seed, start, count, batch_size)):
            self.write_batch(batch)
            progress.update(sum(len(event.articles) for event in batch))
        return {**self.counts, "stories": len(self.stories_seen)}

    def ensure_outlets(self):
        """The generated world's outlets: the registry rows of migration 0003 (or an outlet an
        import made with the same domain or name), else new rows."""
        for spec in corpus.OUTLETS:
            outlet = (
                Outlet.objects.filter(domain=spec.domain).first()
                or Outlet.objects.filter(name__iexact=spec.name).order_by("pk").first()
            )
            if outlet is None:
                slug = corpus.slugify(spec.name)
                outlet = Outlet.objects.create(
                    name=spec.name,
                    short_name=spec.short_name,
                    domain=spec.domain,
                    kind=spec.kind,
                    country=spec.country,
                    language=spec.language,
                    slug=unique_slugs(Outlet, [slug])[slug],
                )
            self.outlets[spec.domain] = outlet.pk

    def write_batch(self, events):
        now = timezone.now()
        articles = [a for e in events for a in e.articles]
        # bulk_create sends no signals: the archive revision that readers' pages are cached
        # under is replaced once per batch, when it commits.
        with revision.atomic_change():
            shas = [a.sha256 for a in articles]
            if Article.objects.filter(raw_sha256__in=shas).exists():
                raise CommandError(
                    f"Articles {articles[0].number:,} to {articles[-1].number:,} of seed "
                    f"{self.seed} are in the archive already: give another --start or --seed."
                )
            self.ensure_stories(events)
            # People of the world first; those of one event (anonymous sources, residents)
            # once the events have ids.
            of_events = {p.key for e in events for p in (*e.anonymous, *e.locals)}
            self.ensure_people(
                {
                    p.key: p
                    for a in articles
                    for p in [*a.authors, *(x.speaker for x in a.appearances if x.speaker)]
                    if p.key not in of_events
                }
            )
            event_rows = self.create_events(events)
            self.create_event_people(events, event_rows)
            article_rows = self.create_articles(events, event_rows, now)
            self.create_claims(events, event_rows, article_rows)
            self.create_timeline(events, article_rows)
        self.counts["articles"] += len(articles)
        self.counts["events"] += len(events)

    def ensure_stories(self, events):
        specs = {e.story.key: e.story for e in events}
        self.stories_seen.update(specs)
        missing = [key for key in specs if key not in self.stories]
        self.stories.update(Story.objects.filter(slug__in=missing).values_list("slug", "pk"))
        new = [
            Story(slug=key, title=specs[key].title, summary=specs[key].summary)
            for key in missing
            if key not in self.stories
        ]
        for story in Story.objects.bulk_create(new):
            self.stories[story.slug] = story.pk

    def ensure_people(self, specs):
        """The world's people (named, institutions, journalists) used in a batch: found by slug,
        made once."""
        missing = [key for key in specs if key not in self.people]
        self.people.update(Person.objects.filter(slug__in=missing).values_list("slug", "pk"))
        new = [specs[key] for key in missing if key not in self.people]
        self.create_people(new, {})

    def create_people(self, specs, events_of):
        """Person rows and their aliases; events_of gives an anonymous source's event id."""
        rows = Person.objects.bulk_create(
            [
                Person(
                    slug=spec.key,
                    name=spec.name,
                    description=spec.description,
                    kind=spec.kind,
                    event_id=events_of.get(spec.key),
                )
                for spec in specs
            ]
        )
        for spec, row in zip(specs, rows, strict=True):
            self.people[spec.key] = row.pk
        PersonAlias.objects.bulk_create(
            [
                PersonAlias(person_id=row.pk, name=alias)
                for spec, row in zip(specs, rows, strict=True)
                if spec.kind != "anonymous"
                for alias in spec.aliases
            ]
        )
        self.counts["people"] += len(rows)

    def create_events(self, events):
        # Numbered by their first article, so unique among generated events.
        wanted = {e.number: f"{corpus.slugify(e.title)[:80]}-{e.number}" for e in events}
        slugs = unique_slugs(Event, wanted.values())
        rows = Event.objects.bulk_create(
            [
                Event(
                    slug=slugs[wanted[e.number]],
                    story_id=self.stories[e.story.key],
                    title=e.title,
                    date=e.date,
                    date_precision="day",
                    summary=e.summary,
                )
                for e in events
            ]
        )
        return {e.number: row.pk for e, row in zip(events, rows, strict=True)}

    def create_event_people(self, events, event_rows):
        """Anonymous sources (one per role and event) and the residents quoted at one event.
        Their keys end in the event's number; a key taken already gets a suffix."""
        specs = [p for e in events for p in (*e.anonymous, *e.locals)]
        slugs = unique_slugs(Person, [p.key for p in specs])
        renamed = [replace(p, key=slugs[p.key]) for p in specs]
        events_of = {slugs[p.key]: event_rows[e.number] for e in events for p in e.anonymous}
        self.create_people(renamed, events_of)
        # The rest of the batch asks for them by their generated key.
        for spec in specs:
            self.people[spec.key] = self.people[slugs[spec.key]]

    def create_articles(self, events, event_rows, now):
        articles = [(a, event_rows[e.number]) for e in events for a in e.articles]
        rows = Article.objects.bulk_create(
            [
                Article(
                    outlet_id=self.outlets[a.outlet.domain],
                    event_id=event_id,
                    headline=a.headline,
                    standfirst=a.standfirst,
                    byline=a.byline,
                    published=a.published,
                    published_precision=a.precision,
                    dateline=a.dateline,
                    source_url=a.url,
                    body=a.body,
                    raw_text=a.raw_text,
                    raw_sha256=a.sha256,
                    source_file=a.filename,
                    imported_at=now,
                    extracted_at=now,
                )
                for a, event_id in articles
            ]
        )
        articles = [a for a, _ in articles]
        ids = {a.number: row.pk for a, row in zip(articles, rows, strict=True)}
        credited = Article.credited_outlets.through
        credited.objects.bulk_create(
            [
                credited(article_id=ids[a.number], outlet_id=self.outlets[o.domain])
                for a in articles
                for o in a.credits
            ]
        )
        authors = Person.articles.through
        authors.objects.bulk_create(
            [
                authors(person_id=self.people[p.key], article_id=ids[a.number])
                for a in articles
                for p in a.authors
            ]
        )
        mentioned = Person.mentioned_in.through
        mentioned.objects.bulk_create(
            [
                mentioned(person_id=self.people[key], article_id=ids[a.number])
                for a in articles
                for key in dict.fromkeys(p.key for p in a.mentioned)
            ]
        )
        return ids

    def create_claims(self, events, event_rows, article_rows):
        """A claim per statement and per figure value of an event, with an attribution per
        appearance; discrepancies where the event's articles differ."""
        claims, claim_of = [], {}  # claim_of: (event number, claim key) -> Claim
        # Figures the outlets give differently are marked disputed, as an editor would.
        disputed = {
            (e.number, appearance.claim)
            for e in events
            for d in e.discrepancies
            if d.kind == "figure"
            for _, _, _, appearance in d.values
        }
        for e in events:
            for a in e.articles:
                for appearance in a.appearances:
                    key = (e.number, appearance.claim)
                    if key in claim_of:
                        continue
                    claim_of[key] = claim = self.claim(event_rows[e.number], appearance)
                    if key in disputed:
                        claim.status = ClaimStatus.DISPUTED
                        claim.status_note = "Outlets give different figures for this."
                    claims.append(claim)
        Claim.objects.bulk_create(claims)
        appearances = [
            (e, a, appearance) for e in events for a in e.articles for appearance in a.appearances
        ]
        rows = Attribution.objects.bulk_create(
            [
                Attribution(
                    claim_id=claim_of[(e.number, x.claim)].pk,
                    article_id=article_rows[a.number],
                    words=x.words,
                    start=x.start,
                    end=x.end,
                    phrase=x.phrase[:500],
                    mode=x.mode,
                    speaker_name=x.speaker_name[:200],
                    speaker_named=x.speaker_named,
                )
                for e, a, x in appearances
            ]
        )
        attribution_of = {id(x): row.pk for (_, _, x), row in zip(appearances, rows, strict=True)}
        self.counts["claims"] += len(claims)
        self.counts["attributions"] += len(rows)

        found = [(e, d) for e in events for d in e.discrepancies]
        discrepancies = Discrepancy.objects.bulk_create(
            [
                Discrepancy(event_id=event_rows[e.number], subject=d.subject, kind=d.kind)
                for e, d in found
            ]
        )
        DiscrepancyValue.objects.bulk_create(
            [
                DiscrepancyValue(
                    discrepancy_id=row.pk,
                    article_id=article_rows[e.articles[index].number],
                    attribution_id=attribution_of[id(appearance)],
                    value=value[:200],
                    words=words[:500],
                )
                for (e, d), row in zip(found, discrepancies, strict=True)
                for index, value, words, appearance in d.values
            ]
        )

    def claim(self, event_id, appearance):
        kind, *rest = appearance.claim
        if kind == "figure":
            noun, value = rest
            return Claim(
                event_id=event_id,
                text=f"{value:,} {noun}",
                kind=ClaimKind.FIGURE,
                figure_value=Decimal(value),
            )
        # The statement in the words of the first outlet that carries it.
        return Claim(
            event_id=event_id,
            speaker_id=self.people[appearance.speaker.key],
            text=appearance.words,
            kind=ClaimKind.QUOTE if appearance.mode == "quoted" else ClaimKind.PARAPHRASE,
        )

    def create_timeline(self, events, article_rows):
        """A timeline entry per dated background reference, one per story, date and precision
        (as the extraction makes them), linked to the articles that mention it."""
        story_ids = {self.stories[e.story.key] for e in events}
        entries = {
            (entry.story_id, entry.date, entry.date_precision): entry.pk
            for entry in TimelineEntry.objects.filter(story_id__in=story_ids)
        }
        new, links = {}, []
        for e in events:
            story_id = self.stories[e.story.key]
            for a in e.articles:
                for date, precision, text in a.background:
                    key = (story_id, date, precision)
                    if key not in entries and key not in new:
                        note = ""
                        if precision == "day":
                            note = (
                                f"'{text.rsplit(' on ', 1)[-1].rstrip('.')}' has no year; "
                                f"read as {date.year}, the year of publication."
                            )
                        new[key] = TimelineEntry(
                            story_id=story_id,
                            date=date,
                            date_precision=precision,
                            text=text[:500],
                            note=note[:300],
                        )
                    links.append((key, article_rows[a.number]))
        for key, row in zip(
            new, TimelineEntry.objects.bulk_create(list(new.values())), strict=True
        ):
            entries[key] = row.pk
        through = TimelineEntry.articles.through
        through.objects.bulk_create(
            [
                through(timelineentry_id=entries[key], article_id=article_id)
                for key, article_id in dict.fromkeys(links)
            ]
        )
