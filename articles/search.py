"""Search over headlines, bodies, quotes and people.

On PostgreSQL articles and quotes are ranked by its full-text search. On SQLite, the embedded
default, every word must appear (icontains) and the snippet is cut in Python: slower on a large
archive, but it needs nothing installed.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, Q, Value, When
from django.shortcuts import render
from django.utils.html import escape, format_html, format_html_join
from django.views.decorators.http import require_safe

from claims.models import Attribution, Person, PersonAlias

from .models import Article

LIMIT = 20
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
CONFIG = "english"

# Matches are marked with private-use characters rather than HTML, so that a snippet can be
# escaped whole and only then given its <mark> elements: imported text never becomes markup.
START, STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{START}(.*?){STOP}", re.DOTALL)


def search_terms(q):
    """The words of a query, for the matches that do not parse web-search syntax."""
    return re.findall(r"\w+", q)[:MAX_TERMS]


def highlight(marked):
    """HTML for a snippet whose matches are between START and STOP: escaped, with <mark>."""
    pieces = [piece.replace(START, "").replace(STOP, "") for piece in _MARKED.split(marked)]
    # split() alternates text and match, beginning and ending with text.
    texts, matches = pieces[0::2], pieces[1::2]
    marks = format_html_join("", "{}<mark>{}</mark>", zip(texts[:-1], matches, strict=True))
    return format_html("{}{}", marks, escape(texts[-1]))


def plain_snippet(text, terms, before=60, after=120):
    """The text around the first match, with every match marked the way ts_headline marks them."""
    text = text.replace(START, "").replace(STOP, "")
    alternatives = "|".join(re.escape(term) for term in terms)
    # Whole words when the text has them, so that "Ri" marks Ri rather than the ri of "right".
    pattern = re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)
    if not pattern.search(text):
        pattern = re.compile(alternatives, re.IGNORECASE)
    first = pattern.search(text)
    at = first.start() if first else 0
    # Cut on spaces so that no word is shown in part.
    start = text.rfind(" ", 0, max(0, at - before)) + 1
    end = text.find(" ", at + after)
    end = len(text) if end == -1 else end
    excerpt = " ".join(text[start:end].split())
    marked = pattern.sub(lambda match: f"{START}{match.group()}{STOP}", excerpt)
    return ("… " if start > 0 else "") + marked + (" …" if end < len(text) else "")


def _matching_every_term(terms, fields):
    matches = Q()
    for term in terms:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": term})
        matches &= any_field
    return matches


def _articles():
    # The raw text can be large and is not shown; the body only feeds the SQLite snippet.
    return Article.objects.current().select_related("outlet").defer("raw_text")


def _quotes():
    return (
        Attribution.objects.filter(article__next_version__isnull=True)
        .select_related("claim__speaker", "article__outlet")
        .defer("article__body", "article__raw_text")
    )


def find_articles_postgresql(q):
    query = SearchQuery(q, search_type="websearch", config=CONFIG)
    vector = (
        SearchVector("headline", weight="A", config=CONFIG)
        + SearchVector("standfirst", weight="B", config=CONFIG)
        + SearchVector("body", weight="C", config=CONFIG)
    )
    snippet = SearchHeadline(
        "body",
        query,
        config=CONFIG,
        start_sel=START,
        stop_sel=STOP,
        max_words=30,
        min_words=15,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    found = (
        _articles()
        .defer("body")
        .alias(search=vector)
        .annotate(rank=SearchRank(vector, query), marked_snippet=snippet)
        .filter(search=query)
        .order_by("-rank", "-published", "-pk")[: LIMIT + 1]
    )
    return list(found)


def find_articles_sqlite(terms):
    found = list(
        _articles()
        .filter(_matching_every_term(terms, ["headline", "standfirst", "body"]))
        .order_by("-published", "-pk")[: LIMIT + 1]
    )
    for article in found:
        article.marked_snippet = plain_snippet(article.body, terms)
    return found


def find_quotes_postgresql(q):
    query = SearchQuery(q, search_type="websearch", config=CONFIG)
    vector = SearchVector("words", config=CONFIG)
    found = (
        _quotes()
        .alias(search=vector)
        .annotate(rank=SearchRank(vector, query))
        .filter(search=query)
        .order_by("-rank", "pk")[: LIMIT + 1]
    )
    return list(found)


def find_quotes_sqlite(terms):
    return list(
        _quotes().filter(_matching_every_term(terms, ["words"])).order_by("pk")[: LIMIT + 1]
    )


def find_people(q, terms):
    """People whose name or some spelling of it holds every word; the closest names first.

    Names are matched by substring on both databases: full-text stemming does not suit them
    (Zelensky should find Zelenskyy)."""
    matches = Q()
    for term in terms:
        spelled = PersonAlias.objects.filter(name__icontains=term).values("person_id")
        matches &= Q(name__icontains=term) | Q(pk__in=spelled)
    closeness = Case(
        When(name__iexact=q, then=Value(0)),
        When(name__istartswith=q, then=Value(1)),
        default=Value(2),
    )
    found = (
        Person.objects.filter(matches)
        .prefetch_related("aliases")
        .annotate(closeness=closeness)
        .order_by("closeness", "name", "pk")[: LIMIT + 1]
    )
    return list(found)


def _group(found):
    """The first LIMIT results, and whether there were more."""
    return {"results": found[:LIMIT], "more": len(found) > LIMIT}


@require_safe
def search(request):
    # PostgreSQL refuses NUL characters in query parameters.
    q = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    context = {"q": q, "limit": LIMIT}
    terms = search_terms(q)
    if terms:
        if connection.vendor == "postgresql":
            articles, quotes = find_articles_postgresql(q), find_quotes_postgresql(q)
        else:
            articles, quotes = find_articles_sqlite(terms), find_quotes_sqlite(terms)
        for article in articles:
            article.snippet = highlight(article.marked_snippet)
        context |= {
            "articles": _group(articles),
            "quotes": _group(quotes),
            "people": _group(find_people(q, terms)),
        }
    return render(request, "articles/search.html", context)
