"""How the outlets' accounts of one event line up: the claims matrix, the sourcing summary and
the coverage strip. Plain functions over rows the event view has already fetched, so they add
no queries of their own."""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from claims.models import AttributionMode, PersonKind

from .models import DatePrecision

UNKNOWN_OUTLET = "Unknown outlet"


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


@dataclass
class Appearance:
    """One outlet's words for a claim, linked to where they stand in its article."""

    words: str
    phrase: str
    quoted: bool
    url: str


@dataclass
class Cell:
    column: Column
    appearances: list  # that outlet's words for the claim; empty when it left the claim out


@dataclass
class Row:
    claim: object
    url: str
    speaker_url: str  # empty for an unattributed claim
    cells: list  # one Cell per column
    disputed: bool
    outlet_count: int
    only_in: Column | None  # the one outlet of several that carries the claim, if only one does


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


def reports_for(columns):
    """The articles in column order, as the list of reports shows them. Each address is
    reversed once: the page links an outlet from its column, its reports' credits and the
    sourcing table, an article from the list and from each of its cells in the matrix."""
    outlet_urls = {column.key: column.url for column in columns if column.outlet}
    reports = []
    for column in columns:
        for article in column.articles:
            credited = []
            for outlet in article.credited_outlets.all():
                if outlet.pk not in outlet_urls:
                    outlet_urls[outlet.pk] = outlet.get_absolute_url()
                credited.append(Credit(outlet.pk, outlet.name, outlet_urls[outlet.pk]))
            reports.append(Report(article, column, article.get_absolute_url(), credited))
    return reports


def claims_matrix(columns, reports, attributions, disputed_attribution_ids):
    """One row per claim, one cell per outlet; rows carried by more outlets first, then in the
    order the claims were recorded. attributions are the claims' appearances in the columns'
    articles, with their claims, in the order each cell lists them."""
    column_of = {article.pk: n for n, column in enumerate(columns) for article in column.articles}
    article_urls = {report.article.pk: report.url for report in reports}
    appearances = {}
    for attribution in attributions:
        appearances.setdefault(attribution.claim_id, []).append(attribution)
    speaker_urls = {}
    rows = []
    for claim_id in sorted(appearances):
        claim = appearances[claim_id][0].claim
        cells = [Cell(column, []) for column in columns]
        for attribution in appearances[claim_id]:
            # Attribution.get_absolute_url(), without reversing the article's address per cell.
            url = f"{article_urls[attribution.article_id]}#attribution-{attribution.pk}"
            quoted = attribution.mode == AttributionMode.QUOTED
            appearance = Appearance(attribution.words, attribution.phrase, quoted, url)
            cells[column_of[attribution.article_id]].appearances.append(appearance)
        carrying = [cell.column for cell in cells if cell.appearances]
        speaker = claim.speaker
        if speaker and speaker.pk not in speaker_urls:
            speaker_urls[speaker.pk] = speaker.get_absolute_url()
        rows.append(
            Row(
                claim,
                url=claim.get_absolute_url(),
                speaker_url=speaker_urls[speaker.pk] if speaker else "",
                cells=cells,
                disputed=any(a.pk in disputed_attribution_ids for a in appearances[claim_id]),
                outlet_count=len(carrying),
                only_in=carrying[0] if len(carrying) == 1 and len(columns) > 1 else None,
            )
        )
    # A stable sort: among claims carried by as many outlets, the first listed comes first.
    rows.sort(key=lambda row: -row.outlet_count)
    return rows


@dataclass
class Sourcing:
    column: Column
    named: int = 0
    anonymous: int = 0
    institutions: int = 0
    quotes: int = 0
    paraphrases: int = 0
    credited: list = field(default_factory=list)


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
                if row.claim.speaker:
                    speakers[row.claim.speaker.pk] = row.claim.speaker.kind
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


def coverage_strip(columns):
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
    links = [
        Link(by_outlet[credited.pk], point)
        for point in points
        for credited in point.article.credited_outlets.all()
        if credited.pk in by_outlet and by_outlet[credited.pk] is not point
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
            {"name": column.name, "y": STRIP_TOP + n * STRIP_ROW + STRIP_ROW // 2}
            for n, column in enumerate(columns)
        ],
        "points": points,
        "links": links,
        "has_unknown": any(a.pk not in dated_pks for c in columns for a in c.articles),
    }
