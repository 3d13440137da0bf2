"""How the outlets' accounts of one event line up: the claims matrix, the disagreements, the
sourcing summary and the coverage strip.

compare() reads what the event page shows in five queries, the appearances and disagreements as
plain values: an imported event has dozens of appearances, and building a model instance for
each, with the prefetching machinery, cost more than the database took to answer. The rest are
plain functions over those rows. What it returns is plain data, which stored() keeps per event
(EventComparison) until a change to the event's coverage makes it out of date.
"""

import datetime
from dataclasses import asdict, dataclass, field
from functools import cached_property

from django.db.models import F
from django.template.defaultfilters import date as format_date
from django.template.defaultfilters import truncatechars, truncatewords

from claims.models import (
    Attribution,
    AttributionMode,
    Claim,
    ClaimKind,
    ClaimStatus,
    Discrepancy,
    DiscrepancyKind,
    DiscrepancyValue,
    Person,
    PersonKind,
)

from .models import Article, DatePrecision, Event, EventComparison, Outlet

UNKNOWN_OUTLET = "Unknown outlet"
# Of the data compare() returns: a change to its shape must increase it, so that comparisons
# stored in the older shape are made again rather than misread.
FORMAT = 2


@dataclass
class Column:
    """One outlet of the event, in the order it first reported."""

    outlet: object  # Outlet, or None for articles whose outlet is not known
    articles: list = field(default_factory=list)

    @property
    def name(self):
        return self.outlet.name if self.outlet else UNKNOWN_OUTLET

    @property
    def key(self):
        return self.outlet.pk if self.outlet else None

    @cached_property
    def url(self):
        # Reversed once: each of the outlet's reports and its row of the sourcing table link it.
        return self.outlet.get_absolute_url() if self.outlet else ""

    def data(self):
        return {"name": self.name, "url": self.url}


@dataclass
class Credit:
    """An outlet a report credits."""

    key: int
    name: str
    url: str


@dataclass
class Report:
    """One article of the event, in its outlet's column, with the addresses it links."""

    article: object
    column: Column
    url: str
    credited: list  # a Credit for each outlet it credits, by name

    def data(self):
        published = self.article.published
        return {
            "column": self.column.data(),
            "url": self.url,
            "headline": self.article.headline,
            "published": published.isoformat() if published else None,
            "published_display": self.article.published_display,
            "credited": [asdict(credit) for credit in self.credited],
        }


@dataclass
class Appearance:
    """One outlet's words for a claim, linked to where they stand in its article."""

    pk: int
    article_id: int
    words: str
    phrase: str
    quoted: bool
    url: str


@dataclass
class Speaker:
    pk: int
    name: str
    kind: str
    url: str

    @property
    def anonymous(self):
        return self.kind == PersonKind.ANONYMOUS


@dataclass
class Cell:
    column: Column
    appearances: list  # that outlet's words for the claim; empty when it left the claim out


@dataclass
class Row:
    pk: int  # the claim's
    text: str
    kind: str  # as shown: "Direct quote"
    status: str  # as shown, empty while the claim is unverified
    speaker: Speaker | None  # None for an unattributed claim
    url: str
    cells: list  # one Cell per column
    disputed: bool
    outlet_count: int
    only_in: Column | None  # the one outlet of several that carries the claim, if only one does

    def data(self):
        speaker = self.speaker
        return {
            "pk": self.pk,
            "text": self.text,
            "short_text": truncatewords(self.text, 30),  # shortened once, not on each visit
            "kind": self.kind,
            "status": self.status,
            "speaker": speaker and {**asdict(speaker), "anonymous": speaker.anonymous},
            "url": self.url,
            "cells": [
                {"outlet": cell.column.name, "appearances": [asdict(a) for a in cell.appearances]}
                for cell in self.cells
            ],
            "disputed": self.disputed,
            "outlet_count": self.outlet_count,
            "only_in": self.only_in.name if self.only_in else None,
        }


@dataclass
class Value:
    """One outlet's value in a disagreement."""

    value: str
    outlet: str
    url: str  # the article giving it
    words: str
    excerpt: str  # the words as the page shows them, shortened once rather than on each visit


@dataclass
class Disagreement:
    pk: int
    subject: str
    kind: str  # as shown: "Figure"
    note: str
    values: list = field(default_factory=list)


def stored(event):
    """compare(event), from its stored comparison while that is up to date, else made and
    stored. event comes with its comparison (select_related), or without one yet."""
    kept = getattr(event, "comparison", None)
    if kept and kept.revision == event.comparison_revision and kept.data.get("format") == FORMAT:
        return kept.data
    data = compare(event)
    # Made from reads that began after the event's revision was read: a change committed
    # meanwhile has increased the revision already, so this is made again on the next visit.
    EventComparison.objects.bulk_create(
        [EventComparison(event=event, revision=event.comparison_revision, data=data)],
        update_conflicts=True,
        unique_fields=["event"],
        update_fields=["revision", "data"],
    )
    return data


def refresh(event_ids):
    """Make and store again the comparisons of those of the events that are out of date, so
    that readers' first visits after an import need not. Returns how many it made."""
    current = EventComparison.objects.filter(
        event__in=event_ids, revision=F("event__comparison_revision"), data__format=FORMAT
    )
    outdated = Event.objects.filter(pk__in=event_ids).exclude(pk__in=current.values("event"))
    made = 0
    for event in outdated.select_related("comparison").order_by("pk").iterator(chunk_size=100):
        stored(event)
        made += 1
    return made


def compare(event):
    """Everything the event page shows of the event's coverage, in five queries, as plain
    data (JSON's types) for the template."""
    articles = list(
        Article.objects.current()
        .filter(event=event)
        .select_related("outlet")
        .only("headline", "published", "published_precision", "outlet__name", "outlet__slug")
    )
    columns = columns_for(articles)
    reports = reports_for(columns, credits_of(articles))
    urls = {report.article.pk: report.url for report in reports}
    appearances = appearances_of(event, urls)
    disagreements, disputed = disagreements_for(event, urls)
    rows = claims_matrix(columns, appearances, disputed)
    return {
        "format": FORMAT,
        "columns": [column.data() for column in columns],
        "reports": [report.data() for report in reports],
        "rows": [row.data() for row in rows],
        "disagreements": [asdict(disagreement) for disagreement in disagreements],
        "sourcing": [summary.data() for summary in sourcing_summary(columns, rows, reports)],
        "strip": strip_data(coverage_strip(columns, reports)),
    }


def columns_for(articles):
    """The event's outlets, ordered by their first report (undated reports last)."""
    columns = {}
    for article in sorted(articles, key=_report_order):
        key = article.outlet_id
        columns.setdefault(key, Column(article.outlet)).articles.append(article)
    return list(columns.values())


def _report_order(article):
    known = article.published_precision != DatePrecision.UNKNOWN
    return (not known, article.published or datetime.date.max, article.pk)


def credits_of(articles):
    """{article id: [(outlet id, name, slug)]} for the outlets the articles credit."""
    credits = {}
    rows = (
        Article.credited_outlets.through.objects.filter(article__in=[a.pk for a in articles])
        .order_by("outlet__name")
        .values_list("article", "outlet", "outlet__name", "outlet__slug")
    )
    for article, *outlet in rows:
        credits.setdefault(article, []).append(outlet)
    return credits


def reports_for(columns, credits):
    """The articles in column order, as the list of reports shows them. Each address is
    reversed once: the page links an outlet from its column, its reports' credits and the
    sourcing table, an article from the list and from each of its cells in the matrix."""
    outlet_urls = {column.key: column.url for column in columns if column.outlet}
    reports = []
    for column in columns:
        for article in column.articles:
            credited = []
            for pk, name, slug in credits.get(article.pk, []):
                if pk not in outlet_urls:
                    outlet_urls[pk] = Outlet(pk=pk, slug=slug).get_absolute_url()
                credited.append(Credit(pk, name, outlet_urls[pk]))
            reports.append(Report(article, column, article.get_absolute_url(), credited))
    return reports


def appearances_of(event, article_urls):
    """[(claim values, Appearance)] for the appearances of the event's claims in its current
    reports, in each cell's order (Attribution's own). The page shows no claim that none of
    them carries."""
    rows = Attribution.objects.filter(claim__event=event, article__in=list(article_urls))
    # Attribution's own order, spelled out: ordering by "article" would follow the article's
    # ordering for instances but the article's id for values named "article".
    rows = rows.order_by("-article__published", "-article__imported_at", "start")
    found = []
    for pk, article, words, phrase, mode, *claim in rows.values_list(
        "pk",
        "article",
        "words",
        "phrase",
        "mode",
        "claim",
        "claim__text",
        "claim__kind",
        "claim__status",
        "claim__speaker",
        "claim__speaker__name",
        "claim__speaker__slug",
        "claim__speaker__kind",
    ):
        # Attribution.get_absolute_url(), without reversing the article's address per cell.
        url = f"{article_urls[article]}#attribution-{pk}"
        quoted = mode == AttributionMode.QUOTED
        found.append((claim, Appearance(pk, article, words, phrase, quoted, url)))
    return found


def claims_matrix(columns, appearances, disputed_attribution_ids):
    """One row per claim, one cell per outlet; rows carried by more outlets first, then in the
    order the claims were recorded. appearances are (claim values, Appearance) pairs, in the
    order each cell lists them."""
    column_of = {article.pk: n for n, column in enumerate(columns) for article in column.articles}
    by_claim, claims = {}, {}
    for claim, appearance in appearances:
        claims.setdefault(claim[0], claim)
        by_claim.setdefault(claim[0], []).append(appearance)
    speakers = {}
    rows = []
    for claim_id in sorted(by_claim):
        _, text, kind, status, speaker_id, name, slug, speaker_kind = claims[claim_id]
        cells = [Cell(column, []) for column in columns]
        for appearance in by_claim[claim_id]:
            cells[column_of[appearance.article_id]].appearances.append(appearance)
        carrying = [cell.column for cell in cells if cell.appearances]
        if speaker_id and speaker_id not in speakers:
            url = Person(slug=slug).get_absolute_url()
            speakers[speaker_id] = Speaker(speaker_id, name, speaker_kind, url)
        rows.append(
            Row(
                claim_id,
                text,
                kind=ClaimKind(kind).label,
                status="" if status == ClaimStatus.UNVERIFIED else ClaimStatus(status).label,
                speaker=speakers.get(speaker_id),
                url=Claim(pk=claim_id).get_absolute_url(),
                cells=cells,
                disputed=any(a.pk in disputed_attribution_ids for a in by_claim[claim_id]),
                outlet_count=len(carrying),
                only_in=carrying[0] if len(carrying) == 1 and len(columns) > 1 else None,
            )
        )
    # A stable sort: among claims carried by as many outlets, the first listed comes first.
    rows.sort(key=lambda row: -row.outlet_count)
    return rows


def disagreements_for(event, article_urls):
    """The event's discrepancies by subject, each value by value then article (a value's
    article may be a version no longer current, linked all the same), and the ids of the
    appearances their values cite."""
    disagreements = {
        pk: Disagreement(pk, subject, DiscrepancyKind(kind).label, note)
        for pk, subject, kind, note in Discrepancy.objects.filter(event=event)
        # The model orders by event first, which would join the event table for nothing.
        .order_by("subject")
        .values_list("pk", "subject", "kind", "note")
    }
    values = (
        DiscrepancyValue.objects.filter(discrepancy__event=event)
        .order_by("value", "article")
        .values_list(
            "discrepancy", "attribution", "value", "words", "article", "article__outlet__name"
        )
    )
    urls, cited = dict(article_urls), set()
    for discrepancy, attribution, value, words, article, outlet in values:
        if article not in urls:
            urls[article] = Article(pk=article).get_absolute_url()
        shown = Value(
            value, outlet or UNKNOWN_OUTLET, urls[article], words, truncatewords(words, 25)
        )
        disagreements[discrepancy].values.append(shown)
        cited.add(attribution)
    return list(disagreements.values()), cited


@dataclass
class Sourcing:
    column: Column
    named: int = 0
    anonymous: int = 0
    institutions: int = 0
    quotes: int = 0
    paraphrases: int = 0
    credited: list = field(default_factory=list)

    def data(self):
        counts = ("named", "anonymous", "institutions", "quotes", "paraphrases")
        return {
            "column": self.column.data(),
            **{name: getattr(self, name) for name in counts},
            "credited": [asdict(credit) for credit in self.credited],
        }


def sourcing_summary(columns, rows, reports):
    """Per outlet: how many named, anonymous and institutional sources it relies on, how often
    it quotes rather than paraphrases, and which outlets it credits."""
    summaries = []
    for n, column in enumerate(columns):
        summary = Sourcing(column)
        speakers = {}
        for row in rows:
            for appearance in row.cells[n].appearances:
                if appearance.quoted:
                    summary.quotes += 1
                else:
                    summary.paraphrases += 1
                if row.speaker:
                    speakers[row.speaker.pk] = row.speaker.kind
        summary.named = sum(1 for kind in speakers.values() if kind == PersonKind.NAMED)
        summary.anonymous = sum(1 for kind in speakers.values() if kind == PersonKind.ANONYMOUS)
        summary.institutions = sum(
            1 for kind in speakers.values() if kind == PersonKind.INSTITUTION
        )
        credited = {
            credit.key: credit
            for report in reports
            if report.column is column
            for credit in report.credited
        }
        summary.credited = sorted(credited.values(), key=lambda credit: credit.name)
        summaries.append(summary)
    return summaries


# --- The coverage strip ----------------------------------------------------------------------

STRIP_WIDTH = 720
STRIP_LABELS = 190  # room for outlet names on the left
STRIP_UNKNOWN = 90  # a band on the right for reports whose date is unknown
STRIP_ROW = 30
STRIP_TOP = 30


@dataclass
class Point:
    article: object
    x: int
    y: int
    approximate: bool  # placed at the start of its month


@dataclass
class Link:
    """A report crediting an earlier one of this event (wire copy, a republished interview)."""

    source: Point
    target: Point


def coverage_strip(columns, reports):
    """Coordinates for an SVG: each report a point on a time axis, in its outlet's row."""
    dated = [
        a
        for c in columns
        for a in c.articles
        if a.published_precision in (DatePrecision.DAY, DatePrecision.MONTH)
    ]
    dated_pks = {a.pk for a in dated}
    first = min((a.published for a in dated), default=None)
    last = max((a.published for a in dated), default=None)
    span = max((last - first).days, 1) if dated else 1
    axis_end = STRIP_WIDTH - STRIP_UNKNOWN - 20
    points, by_outlet = [], {}
    for n, column in enumerate(columns):
        y = STRIP_TOP + n * STRIP_ROW + STRIP_ROW // 2
        for position, article in enumerate(column.articles):
            if article.pk in dated_pks:
                share = (article.published - first).days / span
                x = STRIP_LABELS + round(share * (axis_end - STRIP_LABELS))
            else:
                x = axis_end + 30 + 12 * position
            point = Point(article, x, y, article.published_precision == DatePrecision.MONTH)
            points.append(point)
            by_outlet.setdefault(column.key, point)
    credited = {report.article.pk: report.credited for report in reports}
    links = [
        Link(by_outlet[credit.key], point)
        for point in points
        for credit in credited[point.article.pk]
        if credit.key in by_outlet and by_outlet[credit.key] is not point
    ]
    return {
        "width": STRIP_WIDTH,
        "height": STRIP_TOP + len(columns) * STRIP_ROW + 10,
        "labels_x": STRIP_LABELS - 10,
        "axis_start": STRIP_LABELS,
        "axis_end": axis_end,
        "unknown_x": axis_end + 30,
        "first": first,
        "last": last,
        "rows": [
            {
                "label": truncatechars(column.name, 26),
                "y": STRIP_TOP + n * STRIP_ROW + STRIP_ROW // 2,
            }
            for n, column in enumerate(columns)
        ],
        "points": points,
        "links": links,
        "has_unknown": any(a.pk not in dated_pks for c in columns for a in c.articles),
    }


def strip_data(strip):
    """The strip as plain data: its dates as the page shows them, each point with its label."""

    def at(point):
        return {"x": point.x, "y": point.y}

    return {
        **strip,
        "first": format_date(strip["first"], "j M Y") if strip["first"] else None,
        "last": format_date(strip["last"], "j M Y") if strip["last"] else None,
        "points": [
            {
                **at(point),
                "approximate": point.approximate,
                "outlet": point.article.outlet.name if point.article.outlet else UNKNOWN_OUTLET,
                "published_display": point.article.published_display,
                "headline": point.article.headline,
            }
            for point in strip["points"]
        ],
        "links": [
            {"source": at(link.source), "target": at(link.target)} for link in strip["links"]
        ],
    }
