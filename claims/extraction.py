"""From article bodies to events, people, claims, attributions, discrepancies and timeline entries.

import_seeds runs it on what it imported; `extract_claims` reruns it. Rerunning changes nothing:
an attribution already stored at a span is left as it is, whatever an editor made of it (its
claim merged, its speaker fixed), and records the extraction made are removed only when the
rules no longer find them and no editor has touched them (their history has no user).
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal

import numpy as np
from django.db import connection
from django.db.models import Count, F, Min, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from sentencex import segment
from simple_history.utils import bulk_create_with_history

from articles import comparison, history, revision
from articles.history import save_in_bulk
from articles.models import (
    Article,
    DatePrecision,
    Event,
    ReviewItem,
    ReviewKind,
    Story,
    TimelineEntry,
)
from articles.timeline import dated_references

from . import matching
from .models import (
    Attribution,
    AttributionMode,
    Claim,
    ClaimKind,
    Discrepancy,
    DiscrepancyKind,
    DiscrepancyValue,
    Person,
    PersonAlias,
    PersonKind,
    SamePersonCandidate,
)
from .quotes import extract_figures, extract_quotes, people_named

STORY_THRESHOLD = 0.1
BYLINE_SEPARATOR = re.compile(r"\s*(?:,|\band\b|&)\s*", re.IGNORECASE)


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)

    def __str__(self):
        names = [
            "events created",
            "attributions created",
            "attributions removed",
            "claims created",
            "people created",
            "discrepancies",
            "timeline entries",
            "event pages compared",
        ]
        return ", ".join(f"{self.counts[name]} {name}" for name in names)


def touched_by_editor(model, ids):
    """Ids of rows some user has saved: the extraction never undoes an editor's work."""
    if not ids:
        return set()
    return set(
        model.history.filter(id__in=ids, history_user__isnull=False).values_list("id", flat=True)
    )


# --- Events and stories ----------------------------------------------------------------------


def article_facts(article, people):
    """What grouping into events compares of an article. people holds the named speakers of
    the articles read so far in this run, by id: a stored article near the dates of many
    batches is a neighbour of each, and reading its quotes again each time cost an import of
    3,000 files a fifth of its time."""
    if article.pk not in people:
        people[article.pk] = frozenset(
            matching.name_key(quote.speaker.name)
            for quote in extract_quotes(article.body)
            if quote.speaker and quote.speaker.kind == PersonKind.NAMED
        )
    known = article.published_precision in (DatePrecision.DAY, DatePrecision.MONTH)
    return matching.ArticleFacts(
        article.pk,
        article.published if known else None,
        article.body,
        people[article.pk],
        article.published_precision if known else DatePrecision.DAY,
    )


# Articles are grouped into events a batch at a time, each batch with the stored articles close
# enough in date to share an event with it: the cost of an import grows with its own size and
# the archive's density, not with its size. Undated articles, which may belong with any date,
# are compared with the articles imported just before them.
EVENT_BATCH = 300
UNDATED_NEIGHBOURS = 200


def assign_events(articles, report, people=None, coverages=None):
    """Put each article without an event into the event of the articles reporting the same thing,
    or a new one. An event set by an editor or the manifest is never changed.

    Articles are compared outside any transaction, and what the comparison decides is written
    in a short one: in a large archive comparing takes seconds, and on SQLite an editor's save
    would wait for the whole of a transaction that held the write lock meanwhile."""
    unassigned = sorted((a for a in articles if a.event_id is None), key=lambda a: a.pk)
    dated = sorted((a for a in unassigned if dated_enough(a)), key=lambda a: (a.published, a.pk))
    undated = [a for a in unassigned if not dated_enough(a)]
    batches = date_batches(dated)
    batches += [undated[i : i + EVENT_BATCH] for i in range(0, len(undated), EVENT_BATCH)]
    touched = set()
    people = {} if people is None else people
    for batch in batches:
        touched |= assign_batch(batch, report, people)
    for event in touched:
        if event.story_id is None:
            story = story_for(event, coverages)
            with revision.atomic_change():
                event.story = story or Story.objects.create(title=event.title)
                event.save(update_fields=["story"])
    return touched


def date_batches(dated):
    """The date-sorted articles in batches of at most EVENT_BATCH whose dates leave no gap wider
    than an event can span: each batch's neighbours are then the articles of a few days."""
    batches, batch, reach = [], [], datetime.timedelta(days=matching.EVENT_MAX_DAYS)
    batch_end = None
    for article in dated:
        first, last = matching.date_range(article.published, article.published_precision)
        if batch and (len(batch) >= EVENT_BATCH or first - batch_end > reach):
            batches.append(batch)
            batch = []
        batch_end = max(batch_end, last) if batch else last
        batch.append(article)
    return batches + [batch] if batch else batches


def neighbours(batch):
    """Stored current articles that may report the same event as an article of the batch."""
    current = Article.objects.current().select_related("event").defer("raw_text")
    recent_undated = current.exclude(
        published_precision__in=[DatePrecision.DAY, DatePrecision.MONTH]
    ).order_by("-pk")[:UNDATED_NEIGHBOURS]
    ranges = [
        matching.date_range(a.published, a.published_precision) for a in batch if dated_enough(a)
    ]
    if not ranges:
        return list(current.order_by("-pk")[:UNDATED_NEIGHBOURS])
    reach = datetime.timedelta(days=matching.EVENT_MAX_DAYS)
    first, last = min(r[0] for r in ranges) - reach, max(r[1] for r in ranges) + reach
    near = Q(published__range=(first, last))
    # A month-precision date stands for its whole month and is stored as its first day.
    near |= Q(
        published_precision=DatePrecision.MONTH, published__range=(first.replace(day=1), last)
    )
    return list(current.filter(near)) + list(current.filter(pk__in=recent_undated.values("pk")))


DATED_ENOUGH = (DatePrecision.DAY, DatePrecision.MONTH)


def dated_enough(article):
    """Whether the article's date is known well enough to place it among events (article_facts
    treats a year alone as no date)."""
    return article.published_precision in DATED_ENOUGH


def assign_batch(batch, report, people):
    everything = {a.pk: a for a in sorted(neighbours(batch), key=lambda a: a.pk)}
    everything.update({a.pk: a for a in batch})
    everything = dict(sorted(everything.items()))
    groups = matching.group_articles([article_facts(a, people) for a in everything.values()])
    in_batch = {a.pk for a in batch}
    touched, assigned = set(), []
    with revision.atomic_change():
        # An editor may have placed some of them while they were compared: that stands.
        placed = (
            Article.objects.select_for_update()
            .filter(pk__in=[pk for pk, a in everything.items() if a.event_id is None])
            .exclude(event=None)
            .values_list("pk", flat=True)
        )
        for pk in placed:
            everything[pk].refresh_from_db(fields=["event"])
        for group in groups:
            members = [everything[pk] for pk in group]
            unassigned = [a for a in members if a.event_id is None]
            # A group of neighbours alone waits for its own batch, where its dated reports are.
            if not unassigned or not in_batch.intersection(group):
                continue
            known = Counter(
                a.event for a in members if a.event_id and within_reach(a.event, unassigned)
            )
            event = known.most_common(1)[0][0] if known else new_event(unassigned, report)
            for article in unassigned:
                article.event = event
            assigned += unassigned
            touched.add(event)
        save_in_bulk(assigned, ["event"])
    return touched


def within_reach(event, articles):
    """Whether the dated articles were published within EVENT_MAX_DAYS of the event's date.

    Each new report is compared with reports of the days around it, so without this an event
    would take in the next days' reports, then those of the days after them: at 10,000
    generated files a few events grew to 1,600 reports over months."""
    if event.date is None or event.date_precision not in (DatePrecision.DAY, DatePrecision.MONTH):
        return True
    first, last = matching.date_range(event.date, event.date_precision)
    reach = datetime.timedelta(days=matching.EVENT_MAX_DAYS)
    for article in filter(dated_enough, articles):
        start, end = matching.date_range(article.published, article.published_precision)
        if start > last + reach or end < first - reach:
            return False
    return True


def new_event(articles, report):
    """An event titled after its clearest headline and dated by its earliest report."""
    dated = sorted(
        (a for a in articles if a.published_precision != DatePrecision.UNKNOWN),
        key=lambda a: a.published,
    )
    first = dated[0] if dated else None
    titled = [a for a in articles if "no headline" not in a.review_note] or articles
    title = min(titled, key=lambda a: (a.published or datetime.date.max, a.pk)).headline
    report.counts["events created"] += 1
    return Event.objects.create(
        title=title,
        date=first.published if first else None,
        date_precision=first.published_precision if first else DatePrecision.UNKNOWN,
    )


# A story's events are looked for among the latest stored events dated within this many days
# of the new one: a story runs for months, and comparing with every event ever stored would
# make each import slower than the last.
STORY_WINDOW_DAYS = 365
STORY_CANDIDATES = 100
# Each event is represented by its first reports only. Its later reports tell the same news
# again, and reading all of them made the comparison grow with the archive: at 10,000
# articles an event took half a second and tens of megabytes to place in its story.
STORY_REPORTS = 3


def story_for(event, coverages=None):
    """The story of the event whose coverage is closest to this one's, or None for a new one.

    Events of one story share their subject but not their news, so the bar is well below
    matching.EVENT_THRESHOLD: what is compared is the coverage of each event, its first
    STORY_REPORTS reports. coverages keeps what earlier calls counted (coverage_counts).
    """
    coverages = {} if coverages is None else coverages
    others = Event.objects.exclude(pk=event.pk).exclude(story=None)
    if event.date:
        reach = datetime.timedelta(days=STORY_WINDOW_DAYS)
        others = others.filter(date__range=(event.date - reach, event.date + reach))
    candidates = dict(others.order_by("-pk").values_list("pk", "story")[:STORY_CANDIDATES])
    if candidates:
        first_reports = (
            Article.objects.filter(event__in=[event.pk, *candidates])
            .annotate(rank=Window(RowNumber(), partition_by=F("event"), order_by=F("pk").asc()))
            .filter(rank__lte=STORY_REPORTS)
            .order_by("event", "pk")
            .values_list("event", "pk", "version")
        )
        reports = {pk: [] for pk in [event.pk, *candidates]}
        for event_id, *report in first_reports:
            reports[event_id].append(tuple(report))
        compared = [tuple(coverage) for coverage in reports.values()]
        scores = matching.coverage_similarity(coverage_counts(compared, coverages))
        best = int(scores.argmax())
        if scores[best] >= STORY_THRESHOLD:
            return Story.objects.get(pk=list(candidates.values())[best])
    return None


# The coverages story_for counted last, oldest dropped first. The next new event has mostly the
# same candidates: with their bodies read and counted again each time, story_for took 8% of an
# import, and read 300 bodies per new event.
COVERAGES_KEPT = 300


def coverage_counts(compared, coverages):
    """matching.coverage_counts of each compared coverage, a tuple of its reports' (pk, version).

    The counts are kept in coverages, and bodies are read only for coverages not counted yet:
    a report edited since has a new version, which makes its coverage a new one."""
    missing = {pk for coverage in compared if coverage not in coverages for pk, _ in coverage}
    # Plain values, not articles: those point back at their event, and the cycle kept every
    # candidate's bodies in memory until Python's rare full collection (a 1,000-file import
    # peaked at 300 MB rather than 224).
    bodies = dict(Article.objects.filter(pk__in=missing).values_list("pk", "body"))
    for coverage in compared:
        if coverage not in coverages:
            text = " ".join(bodies[pk] for pk, _ in coverage)
            coverages[coverage] = matching.coverage_counts(text)
    counts = [coverages[coverage] for coverage in compared]
    for coverage in list(coverages)[: max(0, len(coverages) - COVERAGES_KEPT)]:
        del coverages[coverage]
    return counts


# --- People ----------------------------------------------------------------------------------


# "an official from Seoul's Foreign Ministry" and "a Foreign Ministry official" are one role.
ROLE_OF_BODY = re.compile(
    r"^(?P<role>(?:senior |high-ranking |government )?(?:official|spokes(?:man|woman|person)|"
    r"source|diplomat|officer|representative)s?)\s+(?:from|of|at|with|in|for)\s+(?:the\s+)?(?P<body>.+)$",
    re.IGNORECASE,
)
# "Seoul's Foreign Ministry" is the Foreign Ministry; "South Korea's spy agency" keeps its owner.
PLACE_POSSESSIVE = re.compile(r"^[A-Z][\w.-]*(?: [A-Z][\w.-]*)*[’']s\s+(?=[A-Z])")


def normalize_role(role):
    """A speaker's role or an institution's name in one form: no article, no owner's name."""
    role = re.sub(r"^(?:an?|the)\s+", "", role.strip(), flags=re.IGNORECASE)
    if match := ROLE_OF_BODY.match(role):
        role = f"{normalize_role(match['body'])} {match['role']}"
    return PLACE_POSSESSIVE.sub("", role)


def resolve_speaker(speaker, event, report, known, people):
    """The Person a quote's speaker is: found by name and role, or created.

    known holds the people already resolved in this run, by speaker and event: one speaker
    recurs in every report of an event, and is looked for once. people holds who may be the
    speakers of the batch (read_people)."""
    if speaker is None:
        return None
    key = (speaker.kind, speaker.name, speaker.role, event.pk)
    if key not in known:
        known[key] = find_or_create_person(speaker, event, report, people)
    return known[key]


@dataclass
class People:
    """Who may be the speakers of a batch of articles, read for the whole batch at once
    (read_people) and kept current as people and aliases are added: read a speaker at a time,
    they cost two queries each, a fifth of an import's."""

    of_event: dict  # event id: ids of the people its claims quote and its articles mention
    people: dict  # id: Person, of the people read or made
    aliases_of: dict  # id: the person's aliases
    aliases: list  # (alias in capitals, person id), of the aliases the names were looked up in
    looked_up: set  # what the aliases were looked up for (name_lookups)
    # The events' unnamed sources, by (event id, description in capitals).
    anonymous: dict = field(default_factory=dict)
    # Made and not yet written (write_people): the history rows of the people made, and the
    # aliases added. One person made cost five queries, a tenth of an import's.
    made: list = field(default_factory=list)
    new_aliases: list = field(default_factory=list)


def speaker_name(speaker):
    return normalize_role(speaker.name) if speaker.kind == PersonKind.INSTITUTION else speaker.name


def name_lookups(speaker):
    """What a speaker's aliases are looked for by: ("exact", name) and ("part", text)."""
    name = speaker_name(speaker)
    if speaker.kind == PersonKind.NAMED:
        # Spellings of a surname share their first letters (Zelensk-y/-yy/-iy); romanizations
        # (Lee/Ri) do not, and are looked for among the event's speakers.
        surname = name.split()[-1]
        return {("exact", name)} | ({("part", surname[:4])} if len(surname) >= 4 else set())
    # An institution is looked for among those sharing a word of its name with it.
    words = [word for word in re.findall(r"\w+", name) if len(word) >= 4] or [name]
    return {("part", word) for word in words}


def read_people(events, speakers):
    """People for the speakers of a batch whose articles report the events: the people of each
    event, and those with an alias the speakers' names may match, with their aliases.

    Each way of being a candidate is its own indexed lookup: joined together, a person's claims,
    mentions and aliases would multiply into rows."""
    events = sorted(set(events))
    of_event = {}
    claims = Claim.objects.filter(event__in=events).exclude(speaker=None)
    mentions = Person.mentioned_in.through.objects.filter(article__event__in=events)
    for event, person in [
        *claims.values_list("event", "speaker").distinct().order_by(),
        *mentions.values_list("article__event", "person").distinct().order_by(),
    ]:
        of_event.setdefault(event, set()).add(person)
    people = People(of_event, {}, {}, [], set())
    # Meta.ordering first, as .first() would pick among two of one description.
    anonymous = Person.objects.filter(kind=PersonKind.ANONYMOUS, event__in=events)
    for person in sorted(anonymous, key=lambda p: (p.name, p.pk), reverse=True):
        people.anonymous[person.event_id, person.description.upper()] = person
    lookups = set().union(*(name_lookups(s) for s in speakers if s.kind != PersonKind.ANONYMOUS))
    read_aliases(people, lookups)
    add_people(people, set().union(*of_event.values()))
    return people


def write_people(people):
    """Write what find_or_create_person made and has not written: history rows, aliases."""
    if people.made:
        # As save() writes them, with no reason given.
        Person.history.bulk_history_create(people.made, default_change_reason=None)
    if people.new_aliases:
        bulk_create_with_history(people.new_aliases, PersonAlias)
    people.made, people.new_aliases = [], []


def make_person(people, **fields):
    """A new Person, saved; its history row is written by write_people."""
    person = Person(**fields)
    person.skip_history_when_saving = True
    person.save()
    del person.skip_history_when_saving
    people.made.append(person)
    return person


def read_aliases(people, lookups):
    """The aliases not yet looked up for, and the people who have them."""
    lookups = sorted(set(lookups) - people.looked_up)
    if not lookups:
        return
    where = Q()
    for how, text in lookups:
        where |= Q(name__iexact=text) if how == "exact" else Q(name__icontains=text)
    people.looked_up.update(lookups)
    found = PersonAlias.objects.filter(where).values_list("name", "person").order_by()
    people.aliases += [(name.upper(), person) for name, person in found]
    add_people(people, {person for _, person in people.aliases})


def add_people(people, ids):
    """Read the people of the ids not read yet, with their aliases."""
    ids = sorted(set(ids) - people.people.keys())
    if not ids:
        return
    for person in Person.objects.filter(pk__in=ids).prefetch_related("aliases"):
        people.people[person.pk] = person
        people.aliases_of[person.pk] = {alias.name for alias in person.aliases.all()}


def alias_matches(people, how, text):
    """Ids of the people with an alias the lookup matches, as the database would find them."""
    read_aliases(people, [(how, text)])
    text = text.upper()
    if how == "exact":
        return {person for alias, person in people.aliases if alias == text}
    return {person for alias, person in people.aliases if text in alias}


def add_alias(people, person, name):
    """A new alias of the person, written by write_people. aliases_of holds all the person's
    aliases (add_people), so the name is not one of them yet."""
    people.new_aliases.append(PersonAlias(person=person, name=name))
    people.aliases.append((name.upper(), person.pk))
    people.aliases_of[person.pk].add(name)


def find_or_create_person(speaker, event, report, people):
    """The Person the speaker is, found among people (read_people) or made; what is made is
    written by write_people."""
    if speaker.kind == PersonKind.ANONYMOUS:
        role = normalize_role(speaker.role or speaker.name)
        key = (event.pk, role.upper())
        if key not in people.anonymous:
            people.anonymous[key] = make_person(
                people,
                name=role[:1].upper() + role[1:],
                description=role,
                kind=PersonKind.ANONYMOUS,
                event=event,
            )
            report.counts["people created"] += 1
        return people.anonymous[key]
    name = speaker_name(speaker)
    ids = set().union(*(alias_matches(people, how, text) for how, text in name_lookups(speaker)))
    if speaker.kind == PersonKind.NAMED:
        ids |= people.of_event.get(event.pk, set())
        # Those the batch has quoted so far were read or made, or resolved by an earlier batch.
        add_people(people, ids)
    unsure = []
    for pk in sorted(ids):
        person = people.people.get(pk)
        if person is None or person.kind != speaker.kind:
            continue
        aliases = people.aliases_of[pk]
        spellings = {person.name} | aliases
        verdicts = {
            matching.same_person(name, speaker.role, s, person.description) for s in spellings
        }
        if "same" in verdicts:
            if name not in aliases:
                add_alias(people, person, name)
            if not person.description and speaker.role:
                person.description = speaker.role
                if person in people.made:  # its history row, still to write, will say it
                    person.skip_history_when_saving = True
                person.save(update_fields=["description"])
                person.__dict__.pop("skip_history_when_saving", None)
            return person
        # One spelling with roles that seem to conflict may still be one person: ask an editor.
        identical = any(matching.compare_names(name, s).verdict == "same" for s in spellings)
        if "candidate" in verdicts or identical:
            unsure.append(person)
    person = make_person(people, name=name, description=speaker.role, kind=speaker.kind)
    people.people[person.pk] = person
    people.aliases_of[person.pk] = set()
    add_alias(people, person, name)
    report.counts["people created"] += 1
    for other in unsure:
        candidate, _ = SamePersonCandidate.objects.get_or_create(
            person=other,
            other=person,
            defaults={"reason": f"{other.name!r} and {name!r} may be spellings of one name."},
        )
        ReviewItem.flag(candidate, ReviewKind.SAME_PERSON, candidate.reason)
    return person


def link_authors(articles, report, known=None):
    """The articles' authors, from their bylines; known holds the journalists already found in
    this run, by name (an outlet's reporters sign many of its articles)."""
    known = {} if known is None else known
    links = {}  # (person id, article id), in the order found
    made = People({}, {}, {}, [], set())
    for article in articles:
        for name in filter(None, BYLINE_SEPARATOR.split(article.byline)):
            key = ("journalist", name.casefold())
            if key not in known:
                known[key] = Person.objects.filter(
                    aliases__name__iexact=name, description="journalist"
                ).first()
            if known[key] is None:
                known[key] = make_person(made, name=name, description="journalist")
                made.aliases_of[known[key].pk] = set()
                add_alias(made, known[key], name)
                report.counts["people created"] += 1
            links[known[key].pk, article.pk] = None
    write_people(made)
    # One INSERT for all, where a link already there stays; the m2m_changed an add() sends
    # notes nothing for these links (revision._note).
    authorship = Person.articles.through
    authorship.objects.bulk_create(
        [authorship(person_id=person, article_id=article) for person, article in links],
        ignore_conflicts=True,
    )


# --- Claims and attributions -----------------------------------------------------------------

# A statement joined to another by ", and" or ";" is a claim of its own when both halves are
# sentences in themselves; shorter halves are lists ("the soldiers and their families"). An
# ellipsis marks words the outlet left out between two statements.
CLAUSE_BREAK = re.compile(r"(?:,\s+(?:and|but|while)|;|\s(?:…|\.\.\.))\s+")
MIN_CLAUSE_WORDS = 5


def claim_units(start, words):
    """(start, words) for each statement in a quote or paraphrase: its sentences, and the clauses
    of a sentence that joins two statements. One quote often carries several claims, and each
    must line up with the other outlets' words for it."""
    units, position = [], 0
    for sentence in segment("en", words):
        sentence = sentence.strip()
        if not sentence:
            continue
        offset = words.index(sentence, position)
        position = offset + len(sentence)
        pieces, piece_start = [], 0
        for match in CLAUSE_BREAK.finditer(sentence):
            before = sentence[piece_start : match.start()]
            after = sentence[match.end() :]
            if min(len(before.split()), len(after.split())) >= MIN_CLAUSE_WORDS:
                pieces.append((piece_start, before))
                piece_start = match.end()
        pieces.append((piece_start, sentence[piece_start:]))
        units += [(start + offset + at, piece) for at, piece in pieces]
    return units


def extract_articles(articles, report, known_people=None, figures=None):
    """Store the quotes, paraphrases and figures of the articles, each of an event, as
    attributions of claims.

    What the articles hold already is read, and their new claims, attributions and mentions
    are written, for all of them together rather than an article at a time: the import's time
    goes to round trips. Each article is still extracted as if those before it were stored:
    the people they quote or mention are candidates for its speakers, and their figure claims
    are its own."""
    known_people = {} if known_people is None else known_people
    ids = [article.pk for article in articles]
    existing = {pk: {} for pk in ids}
    for attribution in Attribution.objects.filter(article__in=ids):
        existing[attribution.article_id][(attribution.start, attribution.end)] = attribution
    mentions = Person.mentioned_in.through
    mentioned_before = set(
        mentions.objects.filter(article__in=ids).values_list("article", flat=True).distinct()
    )
    found = {article.pk: article_statements(article) for article in articles}
    if figures is not None:
        figures.update((pk, statements[1]) for pk, statements in found.items())
    speakers = [
        speaker
        for article in articles
        for speaker in speakers_to_resolve(
            article, found[article.pk][0], existing[article.pk], article.pk in mentioned_before
        )
        if (speaker.kind, speaker.name, speaker.role, article.event_id) not in known_people
    ]
    batch = Batch(
        figure_claims=stored_figure_claims(articles, found, existing),
        people=read_people([article.event_id for article in articles], speakers),
    )
    for article in articles:
        quotes, in_body = found[article.pk]
        extract_article(
            article,
            quotes,
            in_body,
            existing[article.pk],
            article.pk in mentioned_before,
            batch,
            report,
            known_people,
        )
    write_people(batch.people)
    if batch.claims:
        bulk_create_with_history(batch.claims, Claim)
    if batch.attributions:
        bulk_create_with_history(batch.attributions, Attribution)
    report.counts["claims created"] += len(batch.claims)
    report.counts["attributions created"] += len(batch.attributions)
    ReviewItem.flag_all(
        (
            attribution,
            ReviewKind.UNSURE_SPEAKER,
            f"Speaker guessed as {speaker.name!r} from {phrase or 'the paragraph before'!r}.",
        )
        for attribution, speaker, phrase in batch.unsure
    )
    # One INSERT for all, where a link already there stays; the m2m_changed an add() sends
    # notes nothing for these links (revision._note).
    mentions.objects.bulk_create(
        [mentions(person=person, article_id=pk) for pk, person in batch.mentioned],
        ignore_conflicts=True,
    )


@dataclass
class Batch:
    """What extract_articles has found so far and writes when all its articles are read."""

    figure_claims: dict  # by (event id, text)
    # Who may be the speakers. The people each article quotes or mentions join their event's
    # people when it is done: in the database, they would be candidates for the speakers of
    # the articles after it.
    people: People
    claims: list = field(default_factory=list)
    attributions: list = field(default_factory=list)
    unsure: list = field(default_factory=list)  # (attribution, speaker, phrase)
    mentioned: list = field(default_factory=list)  # (article id, person)


def speakers_to_resolve(article, quotes, existing, mentioned_before):
    """The speakers extract_article looks for: of the new quotes, and the people the article
    names on its first extraction."""
    named = [] if mentioned_before else people_named(article.body)
    quoted = [q.speaker for q in quotes if q.speaker and (q.start, q.end) not in existing]
    return named + quoted


def article_statements(article):
    """The article's quotes and paraphrases, a statement each (claim_units), and its figures."""
    quotes = [
        replace(quote, start=at, end=at + len(words), words=words)
        for quote in extract_quotes(article.body)
        for at, words in claim_units(quote.start, quote.words)
    ]
    return quotes, extract_figures(article.body)


def figure_text(figure):
    return f"{figure.value:,} {figure.noun}"


def stored_figure_claims(articles, found, existing):
    """The figure claims stored for the articles' events with the text of a new figure of
    theirs, by (event id, text): the oldest one of each."""
    events, texts = set(), set()
    for article in articles:
        figures = found[article.pk][1]
        new = {figure_text(f) for f in figures if (f.start, f.end) not in existing[article.pk]}
        if new:
            events.add(article.event_id)
            texts |= new
    if not texts:
        return {}
    stored = Claim.objects.filter(event__in=events, kind=ClaimKind.FIGURE, text__in=texts)
    # The oldest one last, so it wins.
    return {(claim.event_id, claim.text): claim for claim in stored.order_by("-pk")}


def extract_article(article, quotes, figures, existing, mentioned_before, batch, report, known):
    """One article's part of extract_articles: its stale attributions removed, and its new
    claims, attributions and mentions added to the batch."""
    event = article.event
    found = {(q.start, q.end) for q in quotes} | {(f.start, f.end) for f in figures}
    stale = [a for span, a in existing.items() if span not in found]
    keep = touched_by_editor(Attribution, [a.pk for a in stale])
    for attribution in stale:
        if attribution.pk not in keep:
            attribution.delete()
            report.counts["attributions removed"] += 1

    mentioned = set()
    # People named in the article are looked for once, on its first extraction: who they are
    # may be settled later by an editor, and a rerun must not undo that.
    if not mentioned_before:
        for named in people_named(article.body):
            mentioned.add(resolve_speaker(named, event, report, known, batch.people))
    speakers = set()
    for quote in quotes:
        if (quote.start, quote.end) in existing:
            continue
        person = resolve_speaker(quote.speaker, event, report, known, batch.people)
        if person:
            speakers.add(person)
        if person and person.kind == PersonKind.NAMED:
            mentioned.add(person)
        kind = ClaimKind.QUOTE if quote.mode == AttributionMode.QUOTED else ClaimKind.PARAPHRASE
        # Each new appearance starts as a claim of its own; align_claims() then joins the
        # appearances that say the same thing.
        claim = Claim(event=event, speaker=person, text=quote.words, kind=kind)
        attribution = Attribution(
            claim=claim,
            article=article,
            words=quote.words,
            start=quote.start,
            end=quote.end,
            phrase=quote.phrase[:500],
            mode=quote.mode,
            speaker_name=quote.speaker.name[:200] if quote.speaker else "",
            speaker_named=bool(quote.speaker) and quote.speaker.kind != PersonKind.ANONYMOUS,
        )
        batch.claims.append(claim)
        batch.attributions.append(attribution)
        if quote.speaker and not quote.confident:
            batch.unsure.append((attribution, quote.speaker, quote.phrase))

    # One claim per number and thing counted: outlets giving other numbers for the same thing
    # are a discrepancy, not the same claim.
    for figure in figures:
        if (figure.start, figure.end) in existing:
            continue
        key = (event.pk, figure_text(figure))
        if key not in batch.figure_claims:
            batch.figure_claims[key] = Claim(
                event=event,
                text=key[1],
                kind=ClaimKind.FIGURE,
                figure_value=Decimal(str(figure.value)),
            )
            batch.claims.append(batch.figure_claims[key])
        batch.attributions.append(
            Attribution(
                claim=batch.figure_claims[key],
                article=article,
                words=figure.words,
                start=figure.start,
                end=figure.end,
                mode=AttributionMode.PARAPHRASED,
            )
        )
    batch.mentioned += [(article.pk, person) for person in mentioned]
    batch.people.of_event.setdefault(event.pk, set()).update(p.pk for p in speakers | mentioned)


def align_claims(event):
    """Make one claim of the event's appearances that say the same thing (matching.group_claims),
    moving only appearances and claims no editor has touched."""
    # Locked until the moves are written: an editor's save in between would be overwritten.
    attributions = list(
        Attribution.objects.filter(claim__event=event)
        .exclude(claim__kind=ClaimKind.FIGURE)
        .select_related("claim")
        .select_for_update(of=("self",))
        .order_by("article_id", "start")
    )
    by_pk = {a.pk: a for a in attributions}
    locked_attributions = touched_by_editor(Attribution, list(by_pk))
    locked_claims = touched_by_editor(Claim, {a.claim_id for a in attributions})
    # Outlets attribute one statement to "the ministry", "an official" or "Seoul": only a named
    # person's words are kept apart from everyone else's.
    named = set(
        Person.objects.filter(kind=PersonKind.NAMED, claims__event=event).values_list(
            "pk", flat=True
        )
    )
    items = [
        matching.ClaimText(
            a.pk,
            a.words,
            str(a.claim.speaker_id) if a.claim.speaker_id in named else "",
            a.article_id,
        )
        for a in attributions
    ]
    scores = matching.similarity_matrix([item.text for item in items])
    moved = []
    for group in matching.group_claims(items, scores=scores):
        members = [by_pk[pk] for pk in group]
        counts = Counter(a.claim_id for a in members)
        # An editor's claim wins; otherwise the claim that already holds most of the group.
        target = min(counts, key=lambda pk: (pk not in locked_claims, -counts[pk], pk))
        target_claim = next(a.claim for a in members if a.claim_id == target)
        for attribution in members:
            movable = attribution.pk not in locked_attributions
            if (
                attribution.claim_id != target
                and movable
                and attribution.claim_id not in locked_claims
            ):
                if target_claim.speaker_id is None and attribution.claim.speaker_id:
                    target_claim.speaker_id = attribution.claim.speaker_id
                    target_claim.save(update_fields=["speaker"])
                attribution.claim = target_claim
                moved.append(attribution)
    save_in_bulk(moved, ["claim"])
    flag_near_claims(attributions, items, scores)


# A claim whose closest other claim scores this little below the merge threshold goes to
# editors as a possible same claim; further below, the two are taken to be different.
NEAR_MARGIN = 0.03


def flag_near_claims(attributions, items, scores):
    """Flag each claim whose closest rival in the event fell just short of being merged."""
    claims = np.array([a.claim_id for a in attributions])
    articles = np.array([a.article_id for a in attributions])
    rivals = (
        (scores >= matching.DEFAULT_THRESHOLD - NEAR_MARGIN)
        & (scores < matching.DEFAULT_THRESHOLD)
        # Only the later claim of a pair is flagged, and only against another outlet's words.
        & (claims[:, None] > claims[None, :])
        & (articles[:, None] != articles[None, :])
        & matching.may_merge(items, scores)
    )
    best = {}
    for i, j in zip(*np.nonzero(rivals), strict=True):
        claim = attributions[i].claim_id
        # The first pair with the highest score wins, as the pairs come in attribution order.
        if scores[i, j] > best.get(claim, (0, None, None))[0]:
            best[claim] = (scores[i, j], attributions[j], attributions[i])
    ReviewItem.flag_all(
        (
            attribution.claim,
            ReviewKind.SAME_CLAIM,
            f"May say the same as claim #{other.claim_id}: “{other.claim.text[:120]}”",
        )
        for _, other, attribution in best.values()
    )


def remove_empty_claims(events):
    """Delete the events' claims that no appearance is left in, unless an editor saved them.

    For many events at once: one event's empty claims took five queries to find and delete,
    a twentieth of an import's time."""
    empty = list(
        Claim.objects.filter(event__in=events, attributions=None).values_list("pk", flat=True)
    )
    keep = touched_by_editor(Claim, empty)
    unused = Claim.objects.filter(pk__in=set(empty) - keep)
    history.delete_in_bulk(unused.filter(evidence=None))
    unused.delete()  # with their evidence


def name_people_by_majority(events):
    """A person is named as most outlets spell them, unless an editor named them.

    The count runs in the database over all the person's appearances, and only for people
    these events spell otherwise than their name: the name was the majority before, and more
    appearances spelling it so cannot outvote it. Someone quoted every day would otherwise
    have all their appearances read for every event they speak in."""
    spelled = Attribution.objects.exclude(speaker_name="").order_by()
    in_event = list(
        spelled.filter(claim__event__in=events, claim__speaker__kind=PersonKind.NAMED)
        .values_list("claim__speaker", "speaker_name")
        .distinct()
    )
    people = Person.objects.in_bulk({person for person, _ in in_event})
    edited = touched_by_editor(Person, list(people))
    renamed = {pk for pk, name in in_event if name != people[pk].name} - edited
    for pk in sorted(renamed):
        person = people[pk]
        # Ties go to the spelling the archive printed first.
        majority = (
            spelled.filter(claim__speaker=person)
            .values("speaker_name")
            .annotate(n=Count("pk"), first=Min("pk"))
            .order_by("-n", "first")
            .values_list("speaker_name", flat=True)[:1]
        )
        name = majority[0]
        if name != person.name:
            person.name = name
            person.save(update_fields=["name"])


# --- Discrepancies ---------------------------------------------------------------------------


# Figures for one thing counted that lie within this ratio of each other are rival values for
# the same quantity ("more than 10,000" / "some 11,000" troops); further apart they count
# different things ("2 soldiers" captured, "11,000 soldiers" sent).
SAME_QUANTITY_RATIO = 2


def figure_subjects(found):
    """(figure, attribution, subject) for each (figure, attribution) pair: figures grouped by
    what they count and by size."""
    by_noun = {}
    for figure, attribution in found:
        by_noun.setdefault(figure.noun, []).append((figure, attribution))
    subjects = []
    for noun, group in by_noun.items():
        group.sort(key=lambda pair: pair[0].value)
        low = group[0][0].value
        for figure, attribution in group:
            if low <= 0 or figure.value > low * SAME_QUANTITY_RATIO:
                low = figure.value
            subjects.append((figure, attribution, f"number of {noun} (about {low:,})"))
    return subjects


def update_discrepancies(event, report, figures=None):
    """Record where the event's articles give different values: names and figures. figures
    holds the figures of articles extract_articles read in this run, by id."""
    statements, shown = [], {}
    attributions = (
        Attribution.objects.filter(claim__event=event, claim__speaker__kind=PersonKind.NAMED)
        .select_related("claim__speaker")
        .prefetch_related("claim__speaker__aliases")
    )
    for attribution in attributions:
        speaker = attribution.claim.speaker
        spellings = {alias.name.casefold() for alias in speaker.aliases.all()} if speaker else set()
        if speaker and attribution.speaker_name.casefold() in spellings:
            who = f"{speaker.name} ({speaker.description})" if speaker.description else speaker.name
            statements.append(
                matching.Statement(
                    attribution.pk,
                    attribution.article_id,
                    f"name of {who}",
                    attribution.speaker_name,
                    attribution.words,
                )
            )
            shown[attribution.pk] = attribution.speaker_name
    found = []
    # Bodies as plain values, and only of the articles whose figures this run has not read:
    # prefetched attributions would point back at their article, a cycle that keeps the bodies
    # in memory long after the event is done.
    spans = {
        (a.article_id, a.start, a.end): a for a in Attribution.objects.filter(article__event=event)
    }
    figures = {} if figures is None else figures
    ids = list(event.articles.values_list("pk", flat=True))
    unread = [pk for pk in ids if pk not in figures]
    bodies = dict(Article.objects.filter(pk__in=unread).values_list("pk", "body")) if unread else {}
    for article_id in ids:
        in_body = (
            figures[article_id] if article_id in figures else extract_figures(bodies[article_id])
        )
        for figure in in_body:
            if attribution := spans.get((article_id, figure.start, figure.end)):
                found.append((figure, attribution))
    for figure, attribution, subject in figure_subjects(found):
        statements.append(
            matching.Statement(
                attribution.pk, attribution.article_id, subject, str(figure.value), figure.words
            )
        )
        shown[attribution.pk] = f"{figure.qualifier} {figure.value:,}".strip()
    by_key = {s.key: s for s in statements}
    found = [(subject[:300], keys) for subject, keys in matching.find_discrepancies(statements)]
    # What is stored already is read in two queries and the rest written in bulk: an event of
    # many reports has dozens of values, and one get_or_create each was a round trip each.
    subjects = dict(found)
    discrepancies = {d.subject: d for d in event.discrepancies.filter(subject__in=subjects)}
    new = [
        Discrepancy(
            event=event,
            subject=subject,
            kind=DiscrepancyKind.NAME if subject.startswith("name of") else DiscrepancyKind.FIGURE,
        )
        for subject in subjects
        if subject not in discrepancies
    ]
    if new:
        bulk_create_with_history(new, Discrepancy)
        discrepancies.update((d.subject, d) for d in new)
    report.counts["discrepancies"] += len(new)
    stored = set(
        DiscrepancyValue.objects.filter(discrepancy__event=event).values_list(
            "discrepancy", "article", "value"
        )
    )
    values = []
    for subject, keys in found:
        discrepancy = discrepancies[subject]
        for key in keys:
            statement = by_key[key]
            value = shown[key][:200]
            if (discrepancy.pk, statement.article, value) in stored:
                continue
            stored.add((discrepancy.pk, statement.article, value))
            values.append(
                DiscrepancyValue(
                    discrepancy=discrepancy,
                    article_id=statement.article,
                    value=value,
                    attribution_id=key,
                    words=statement.text[:500],
                )
            )
    if values:
        bulk_create_with_history(values, DiscrepancyValue)


# --- Timeline --------------------------------------------------------------------------------


def update_timeline(story, report, event_ids):
    """Timeline entries for the dated references in the story's articles about the given events;
    one per date. Only the events of the run are read: a story may run for years."""
    event_dates = set(story.events.values_list("date", flat=True))
    entries = {(e.date, e.date_precision): e for e in story.timeline_entries.all()}
    articles = (
        Article.objects.current()
        .filter(event__story=story, event__in=event_ids)
        .order_by("pk")
        .values_list("pk", "body", "published", "published_precision")
    )
    links = []
    # A few at a time, and only what is read of them: a story can hold thousands of the run's
    # articles (at 10,000 generated files, one held 6,553), and reading them all at once was
    # the import's peak of memory.
    for pk, body, published, precision in articles.iterator(chunk_size=200):
        for ref in dated_references(body, published, precision):
            if ref.date in event_dates and ref.precision == DatePrecision.DAY:
                continue
            entry = entries.get((ref.date, ref.precision))
            if entry is None:
                entry = TimelineEntry.objects.create(
                    story=story,
                    date=ref.date,
                    date_precision=ref.precision,
                    text=ref.text[:500],
                    note=ref.note[:300],
                )
                entries[(ref.date, ref.precision)] = entry
                report.counts["timeline entries"] += 1
            links.append(TimelineEntry.articles.through(timelineentry=entry, article_id=pk))
    # In one INSERT, not an add() each; one already there stays (the caller bumps the revision).
    TimelineEntry.articles.through.objects.bulk_create(links, ignore_conflicts=True)


# --- The whole run ---------------------------------------------------------------------------


# Articles are read and extracted this many at a time, so that an import of any size holds
# only one chunk of articles in memory.
RUN_CHUNK = 500
# Articles are extracted this many to a transaction: a commit, and the revision bump before it,
# cost as much as extracting an article, while on SQLite an editor's save waits for the whole
# transaction that holds the write lock.
EXTRACT_BATCH = 10
# How many articles' named speakers run() keeps between chunks: enough for the neighbours of a
# few weeks of news, few enough that re-extracting a whole archive keeps its memory flat.
SPEAKER_MEMO = 20_000


# The tables a run grows, whose sizes decide how its reads are best planned.
GROWING = [Article, Event, Claim, Attribution, Person, PersonAlias, Person.mentioned_in.through]


def refresh_statistics():
    """Planner statistics for what a long run has written so far (PostgreSQL's ANALYZE).

    A run of thousands of articles grows the claims and attributions tables many times over.
    Planned with the sizes of before, the reads of each event joined every attribution of the
    archive instead of the event's (a hash join over a sequential scan). Autovacuum refreshes
    the statistics, but a minute apart at best, and not at all where it is off. ANALYZE reads
    a bounded sample of each table, so its cost does not grow with the archive."""
    if connection.vendor != "postgresql":
        return
    models = GROWING + [model.history.model for model in GROWING if hasattr(model, "history")]
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def statistics_due(chunk):
    """Whether run() refreshes the statistics before its chunk number `chunk` (from 0): before
    the first, then each time the chunks written have doubled (1, 2, 4, 8...).

    What the run has written is then at most twice what the planner knows of, which keeps the
    plans of refresh_statistics. Once a chunk, ANALYZE cost 12 s of a 10,000-file import, 0.57 s
    a time, as the sample it reads fills with longer rows."""
    return (chunk & (chunk - 1)) == 0


def chunk_order(articles):
    """The ids of the (pk, published, precision) articles in the order run() reads them: by
    date, the undated last, in import order.

    Events are made of articles of the same days, and each chunk's are compared with the stored
    articles of their days (assign_events): in date order, those are mostly of the same chunk.
    In import order, each chunk of an import of 10,000 generated files had dates all over the
    five years, and its articles' neighbours were read again for every chunk, their quotes long
    gone from the cache (claims/quotes.py): they were read twice."""
    dated = sorted(
        (published, pk) for pk, published, precision in articles if precision in DATED_ENOUGH
    )
    ids = [pk for _, pk in dated]
    return ids + sorted(set(pk for pk, *_ in articles) - set(ids))


def run(article_ids=None):
    """Extract from the given current articles (all when None); returns what it did."""
    report = Report()
    # Import order, the same on every database (they sort unknown dates differently).
    articles = Article.objects.current().select_related("event").defer("raw_text").order_by("pk")
    if article_ids is not None:
        articles = articles.filter(pk__in=article_ids)
    ids = chunk_order(list(articles.values_list("pk", "published", "published_precision")))
    event_ids, people, figures, coverages = set(), {}, {}, {}
    for number, start in enumerate(range(0, len(ids), RUN_CHUNK)):
        chunk = list(articles.filter(pk__in=ids[start : start + RUN_CHUNK]))
        if len(people) > SPEAKER_MEMO:
            people.clear()
        if len(figures) > SPEAKER_MEMO:
            figures.clear()
        if len(ids) > RUN_CHUNK and statistics_due(number):
            refresh_statistics()
        assigned = assign_events(chunk, report, people, coverages)
        event_ids |= {event.pk for event in assigned} | {a.event_id for a in chunk if a.event_id}
        known_people = {}
        for first in range(0, len(chunk), EXTRACT_BATCH):
            batch = chunk[first : first + EXTRACT_BATCH]
            with revision.atomic_change():
                extract_articles([a for a in batch if a.event], report, known_people, figures)
                link_authors(batch, report, known_people)
                # Not a change an editor made: no history row, no version bump.
                Article.objects.filter(pk__in=[a.pk for a in batch]).update(
                    extracted_at=timezone.now()
                )
    if len(ids) > RUN_CHUNK:
        refresh_statistics()
    events = list(Event.objects.filter(pk__in=event_ids).order_by("pk"))
    for first in range(0, len(events), RUN_CHUNK):
        chunk = events[first : first + RUN_CHUNK]
        for event in chunk:
            with revision.atomic_change():
                align_claims(event)
        # Discrepancies name people as the majority of outlets spell them.
        with revision.atomic_change():
            remove_empty_claims(chunk)
            name_people_by_majority(chunk)
        for event in chunk:
            with revision.atomic_change():
                update_discrepancies(event, report, figures)
    stories = (
        Story.objects.filter(events__in=event_ids)
        .distinct()
        .prefetch_related(Prefetch("timeline_entries"))
    )
    for story in stories:
        with revision.atomic_change():
            update_timeline(story, report, event_ids)
    report.counts["event pages compared"] += comparison.refresh(event_ids)
    return report
