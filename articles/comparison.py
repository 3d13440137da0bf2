"""How the outlets' accounts of one event line up: the claims matrix, the sourcing summary and
the coverage strip. Plain functions over rows the event view has already fetched, so they add
no queries of their own."""

import datetime
from dataclasses import dataclass, field

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


@dataclass
class Cell:
    column: Column
    attributions: list  # that outlet's appearances of the claim; empty when it left it out


@dataclass
class Row:
    claim: object
    cells: list  # one Cell per column
    disputed: bool

    @property
    def outlet_count(self):
        return sum(1 for cell in self.cells if cell.attributions)

    @property
    def only_in(self):
        """The column of the one outlet that carries this claim, when only one does."""
        carrying = [cell.column for cell in self.cells if cell.attributions]
        return carrying[0] if len(carrying) == 1 else None


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


def claims_matrix(columns, claims, disputed_attribution_ids):
    """One row per claim, one cell per outlet; rows carried by more outlets first."""
    index = {column.key: n for n, column in enumerate(columns)}
    current = {article.pk for column in columns for article in column.articles}
    rows = []
    for claim in claims:
        cells = [Cell(column, []) for column in columns]
        appearances = [a for a in claim.attributions.all() if a.article_id in current]
        for attribution in appearances:
            cells[index[attribution.article.outlet_id]].attributions.append(attribution)
        if appearances:
            disputed = any(a.pk in disputed_attribution_ids for a in appearances)
            rows.append(Row(claim, cells, disputed))
    first_seen = {row.claim.pk: n for n, row in enumerate(rows)}
    rows.sort(key=lambda row: (-row.outlet_count, first_seen[row.claim.pk]))
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


def sourcing_summary(columns, rows):
    """Per outlet: how many named, anonymous and institutional sources it relies on, how often
    it quotes rather than paraphrases, and which outlets it credits."""
    summaries = []
    for n, column in enumerate(columns):
        summary = Sourcing(column)
        speakers = {}
        for row in rows:
            for attribution in row.cells[n].attributions:
                if attribution.mode == AttributionMode.QUOTED:
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
        credited = {o.pk: o for a in column.articles for o in a.credited_outlets.all()}
        summary.credited = sorted(credited.values(), key=lambda o: o.name)
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
