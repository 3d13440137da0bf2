"""Dated references in an article's text ("captured by Ukrainian forces on Jan. 9", "sent to
Russia in 2024"): the background the coverage itself relates, for the story's timeline."""

import datetime
import re
from dataclasses import dataclass

from sentencex import segment

from .models import DatePrecision
from .parsing import find_dates

# "in 2024", "since 2019": a year on its own, not part of a longer date.
YEAR_ALONE = re.compile(r"\b(?:in|since|during|by|until|from)\s+(?P<year>(?:19|20)\d{2})\b")
MAX_WORDS = 30


@dataclass(frozen=True)
class DatedReference:
    date: datetime.date
    precision: str
    text: str  # the sentence it stands in, shortened
    note: str  # how the date was read when it needed inference


def dated_references(body, published=None, precision=DatePrecision.UNKNOWN):
    """The dated references in body. A date printed without a year ("Jan. 9") takes the year
    of publication (the year before, if it would fall after it) and only when that year is
    known; otherwise it is left out rather than guessed."""
    references = []
    for sentence in segment("en", body):
        for found in find_dates(sentence):
            if found.date:
                references.append(
                    DatedReference(found.date, found.precision, _shorten(sentence), "")
                )
            elif date := _with_publication_year(found.text, published, precision):
                note = f"'{found.text}' has no year; read as {date.year}, the year of publication."
                references.append(DatedReference(date, DatePrecision.DAY, _shorten(sentence), note))
        for match in YEAR_ALONE.finditer(sentence):
            year = datetime.date(int(match["year"]), 1, 1)
            references.append(DatedReference(year, DatePrecision.YEAR, _shorten(sentence), ""))
    return references


def _with_publication_year(text, published, precision):
    if published is None or precision not in (DatePrecision.DAY, DatePrecision.MONTH):
        return None
    found = find_dates(f"{text}, {published.year}")
    if not found or not found[0].date or found[0].precision != DatePrecision.DAY:
        return None
    date = found[0].date
    if date > published and precision == DatePrecision.DAY:
        date = date.replace(year=date.year - 1)
    return date


def _shorten(sentence):
    words = sentence.strip().split()
    return " ".join(words[:MAX_WORDS]) + ("…" if len(words) > MAX_WORDS else "")
