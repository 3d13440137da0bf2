"""Small factories: each makes one valid row, with unique values, overridable by keyword."""

import datetime
import itertools

from articles.models import Article, DatePrecision, Event, Outlet, Story, TimelineEntry
from claims.models import (
    Attribution,
    Claim,
    Discrepancy,
    DiscrepancyValue,
    Person,
    PersonAlias,
    SamePersonCandidate,
)

_numbers = itertools.count(1)


def make_outlet(**fields):
    n = next(_numbers)
    fields = {"name": f"Outlet {n}", "domain": f"outlet{n}.example", **fields}
    return Outlet.objects.create(**fields)


def make_story(**fields):
    return Story.objects.create(**{"title": f"Story {next(_numbers)}", **fields})


def make_event(**fields):
    fields = {
        "title": f"Event {next(_numbers)}",
        "date": datetime.date(2025, 2, 19),
        "date_precision": DatePrecision.DAY,
        **fields,
    }
    return Event.objects.create(**fields)


def make_article(**fields):
    n = next(_numbers)
    body = fields.pop(
        "body", f"SEOUL – Article {n} says that “the ministry will act,” an official said."
    )
    fields = {
        "headline": f"Headline {n}",
        "body": body,
        "raw_text": f"Headline {n}\n\n{body}\n\nShare",
        "published": datetime.date(2025, 2, 20),
        "published_precision": DatePrecision.DAY,
        "source_file": f"{n:03}_seed.txt",
        **fields,
    }
    if "outlet" not in fields:
        fields["outlet"] = make_outlet()
    return Article.objects.create(**fields)


def make_person(**fields):
    return Person.objects.create(**{"name": f"Person {next(_numbers)}", **fields})


def make_alias(**fields):
    if "person" not in fields:
        fields["person"] = make_person()
    return PersonAlias.objects.create(**{"name": f"Alias {next(_numbers)}", **fields})


def make_claim(**fields):
    if "event" not in fields:
        fields["event"] = make_event()
    return Claim.objects.create(**{"text": f"Claim {next(_numbers)}", **fields})


def make_attribution(words="the ministry will act", **fields):
    """An appearance of words in an article, at their real offsets in its body."""
    if "article" not in fields:
        fields["article"] = make_article()
    if "claim" not in fields:
        fields["claim"] = make_claim(event=fields["article"].event or make_event())
    start = fields["article"].body.index(words)
    return Attribution.objects.create(words=words, start=start, end=start + len(words), **fields)


def make_timeline_entry(**fields):
    if "story" not in fields:
        fields["story"] = make_story()
    fields = {"date": datetime.date(2025, 1, 9), "text": f"Captured {next(_numbers)}", **fields}
    return TimelineEntry.objects.create(**fields)


def make_candidate(**fields):
    fields = {"person": make_person(), "other": make_person(), "reason": "Lee/Ri", **fields}
    return SamePersonCandidate.objects.create(**fields)


def make_discrepancy(values=("10000", "11000"), **fields):
    """A discrepancy with one value per article, each value in its own new article."""
    if "event" not in fields:
        fields["event"] = make_event()
    discrepancy = Discrepancy.objects.create(
        **{"subject": f"troops {next(_numbers)}", "kind": "figure", **fields}
    )
    for value in values:
        article = make_article(event=discrepancy.event)
        DiscrepancyValue.objects.create(discrepancy=discrepancy, article=article, value=value)
    return discrepancy
