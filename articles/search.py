"""Search over headlines, bodies, quotes and people.

Articles and quotes are found through full-text indexes that the database keeps current by
itself, whoever writes the rows (articles/migrations/0008_search_index.py): on PostgreSQL a
GIN-indexed tsvector column, ranked with ts_rank and read with web-search syntax; on SQLite,
the embedded default, an FTS5 table ranked with bm25(), where every word of the query must
appear. One raw query finds the ids of the best LIMIT + 1 current rows, since the indexes are
not known to the models (on PostgreSQL, after asking the planner how many rows will match:
see COMMON_ARTICLES); a second loads those rows for the page. Only then are snippets made, in
Python, around the first match in the body: PostgreSQL's ts_headline would parse every shown
body whole, which took more time than the rest of the search put together.
"""

import re

from django.db import connection
from django.db.models import Case, Q, Value, When
from django.db.models.expressions import RawSQL
from django.shortcuts import render
from django.utils.html import escape, format_html, format_html_join
from django.views.decorators.http import require_safe

from claims.models import Attribution, Person, PersonAlias

from .models import Article

LIMIT = 20
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
CONFIG = "english"
# On PostgreSQL, ranking an article reads its whole vector from TOAST (tens of microseconds),
# so ranking every article with a common word ("minister", "said") would read most of the
# archive: a query ranks its newest matches only, this many. A rarer word has fewer, all ranked.
RANKED_MATCHES = 100
# The planner prices testing a row against the query as nearly free, not knowing that it means
# reading the row's vector, and so may walk the date index testing thousands of rows for a word
# in a few percent of them. Its estimate of the matches is good, though: a query it expects to
# match this many rows or more walks the newest rows until enough match, which takes few tests;
# any other query takes its matches from the GIN index and sorts them by date. Testing a quote,
# short and kept in its row, costs far less than an article. Both counts were measured as where
# the two ways cost about the same, at 100,000 articles and half a million quotes (some 10 ms
# each; the article count again once the newest articles had an index of their own, 0010); in
# an archive many times larger, they would rise with its root.
COMMON_ARTICLES = 4_000
COMMON_QUOTES = 4_000

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


# Endings that the english stemmer takes off, for marking "soldiers" or "governed" when the query
# says "soldier" or "government" (both stemmed to "soldier" and "govern"). A stem ending in i
# stands for a word ending in y: "ministry" is "ministri".
ENDINGS = ["s", "es", "e", "ed", "ing", "er", "ers", "ment", "ments", "ion", "ions"]


def word_pattern(terms, stems=()):
    """A pattern for the words to mark: each term as it was typed, and each stem with or without
    one of the ENDINGS, as whole words."""
    words = [re.escape(term) for term in terms]
    for stem in stems:
        if stem.endswith("i"):
            words.append(re.escape(stem[:-1]) + "y")
        words.append(re.escape(stem) + "(?:" + "|".join(ENDINGS) + ")?")
    return re.compile(rf"\b(?:{'|'.join(words)})\b", re.IGNORECASE)


def plain_snippet(text, terms, before=60, after=120, stems=()):
    """The text around the first match, with every match marked the way ts_headline marks them.

    stems are the query's words as the full-text index holds them (see word_pattern)."""
    text = text.replace(START, "").replace(STOP, "")
    alternatives = "|".join(re.escape(term) for term in terms)
    # Whole words when the text has them, so that "Ri" marks Ri rather than the ri of "right".
    pattern = word_pattern(terms, stems)
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


def fts5_query(terms):
    """An FTS5 query that every term must match, each quoted as a string: nothing typed
    ("NEAR(", "*", "-", "AND", a quote) can be read as FTS5 syntax."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


# "Current" as in Article.objects.current(): no newer version replaces the article. Undated
# articles are the oldest, as on SQLite; the newest are walked in article_newest_idx
# (articles/migrations/0010_search_indexes.py).
ARTICLE_IDS_POSTGRESQL = """
    SELECT id FROM (
        SELECT article.id, article.published, article.search_vector, query
        FROM articles_article article, websearch_to_tsquery(%s::regconfig, %s) query
        WHERE article.search_vector @@ query AND NOT EXISTS (
            SELECT 1 FROM articles_article newer WHERE newer.previous_version_id = article.id
        )
        ORDER BY article.published{unindexed} DESC NULLS LAST, article.id DESC
        LIMIT %s
    ) newest
    ORDER BY ts_rank(search_vector, query) DESC, published DESC NULLS LAST, id DESC
    LIMIT %s
"""

# bm25() is lower for a better match. Its weights follow ts_rank's for A, B and C.
ARTICLE_IDS_SQLITE = """
    SELECT article.id
    FROM articles_article_search JOIN articles_article article
        ON article.id = articles_article_search.rowid
    WHERE articles_article_search MATCH %s AND NOT EXISTS (
        SELECT 1 FROM articles_article newer WHERE newer.previous_version_id = article.id
    )
    ORDER BY bm25(articles_article_search, 1.0, 0.4, 0.2), article.published DESC, article.id DESC
    LIMIT %s
"""

QUOTE_IDS_POSTGRESQL = """
    SELECT id FROM (
        SELECT attribution.id, attribution.search_vector, query
        FROM claims_attribution attribution, websearch_to_tsquery(%s::regconfig, %s) query
        WHERE attribution.search_vector @@ query AND NOT EXISTS (
            SELECT 1 FROM articles_article newer
            WHERE newer.previous_version_id = attribution.article_id
        )
        ORDER BY attribution.id{unindexed} DESC
        LIMIT %s
    ) newest
    ORDER BY ts_rank(search_vector, query) DESC, id
    LIMIT %s
"""

QUOTE_IDS_SQLITE = """
    SELECT attribution.id
    FROM claims_attribution_search JOIN claims_attribution attribution
        ON attribution.id = claims_attribution_search.rowid
    WHERE claims_attribution_search MATCH %s AND NOT EXISTS (
        SELECT 1 FROM articles_article newer
        WHERE newer.previous_version_id = attribution.article_id
    )
    ORDER BY bm25(claims_attribution_search), attribution.id
    LIMIT %s
"""


def _ids(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [pk for (pk,) in cursor.fetchall()]


def _expected_matches(plan, index):
    """The rows the plan expects to find through index, or None if it would not use it."""
    # The index scan's estimate, not the heap scan's: that one is per worker in a parallel plan.
    if plan.get("Index Name") == index:
        return plan["Plan Rows"]
    for child in plan.get("Plans", []):
        rows = _expected_matches(child, index)
        if rows is not None:
            return rows
    return None


def _postgresql_ids(sql, index, common, q):
    """The ids that sql finds for q, the newest matches walked for a query expected to match
    common rows or more, and taken from the GIN index for any other."""
    params = [CONFIG, q, RANKED_MATCHES, LIMIT + 1]
    # Sorted on an expression that no index holds ("published + 0"), the matches can only come
    # from the GIN index, or from reading the whole table, which the planner picks for a word
    # it expects in most rows.
    through_index = sql.format(unindexed=" + 0")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + through_index, params)
        expected = _expected_matches(cursor.fetchone()[0][0]["Plan"], index)
    if expected is None or expected >= common:
        return _ids(sql.format(unindexed=""), params)
    return _ids(through_index, params)


def _in_order(queryset, ids):
    """The rows of queryset with these ids, in the order of ids."""
    rows = queryset.in_bulk(ids)
    # A row deleted since its id was found is left out.
    return [rows[pk] for pk in ids if pk in rows]


def _articles():
    # The raw text can be large and is not shown; the body feeds the snippet.
    return Article.objects.current().select_related("outlet").defer("raw_text")


def _quotes():
    return (
        Attribution.objects.filter(article__next_version__isnull=True)
        .select_related("claim__speaker", "article__outlet")
        .defer("article__body", "article__raw_text")
    )


def find_article_ids(q, terms):
    """The ids of the best LIMIT + 1 current articles for the query, best first."""
    if connection.vendor == "postgresql":
        return _postgresql_ids(ARTICLE_IDS_POSTGRESQL, "article_search_idx", COMMON_ARTICLES, q)
    return _ids(ARTICLE_IDS_SQLITE, [fts5_query(terms), LIMIT + 1])


def find_quote_ids(q, terms):
    """The ids of the best LIMIT + 1 quotes of current articles for the query, best first."""
    if connection.vendor == "postgresql":
        return _postgresql_ids(QUOTE_IDS_POSTGRESQL, "attribution_search_idx", COMMON_QUOTES, q)
    return _ids(QUOTE_IDS_SQLITE, [fts5_query(terms), LIMIT + 1])


def find_articles(q, terms):
    articles = _articles()
    if connection.vendor == "postgresql":
        # The query's words as the index holds them, stemmed and without stop words: a constant,
        # computed once for the query.
        stems = RawSQL(
            "tsvector_to_array(to_tsvector(%s::regconfig, %s))", (CONFIG, " ".join(terms))
        )
        articles = articles.annotate(stems=stems)
    found = _in_order(articles, find_article_ids(q, terms))
    for article in found:
        # SQLite's porter stemmer is not at hand: the typed words stand for their stems.
        stems = getattr(article, "stems", None) or [term.lower() for term in terms]
        article.marked_snippet = plain_snippet(article.body, terms, stems=stems)
    return found


def find_quotes(q, terms):
    return _in_order(_quotes(), find_quote_ids(q, terms))


def people_matching(q, terms):
    """People whose name or some spelling of it holds every word; the closest names first.

    Names are matched by substring on both databases: full-text stemming does not suit them
    (Zelensky should find Zelenskyy). On PostgreSQL, trigram indexes find the names that hold a
    word of three letters or more (articles/migrations/0010_search_indexes.py); a union of
    the two lookups lets the planner use both, where "name matches OR an alias matches" would
    read every person."""
    matches = Q()
    for term in terms:
        named = Person.objects.filter(name__icontains=term).order_by().values("pk")
        spelled = PersonAlias.objects.filter(name__icontains=term).order_by().values("person_id")
        matches &= Q(pk__in=named.union(spelled))
    closeness = Case(
        When(name__iexact=q, then=Value(0)),
        When(name__istartswith=q, then=Value(1)),
        default=Value(2),
    )
    return (
        Person.objects.filter(matches)
        .prefetch_related("aliases")
        .annotate(closeness=closeness)
        .order_by("closeness", "name", "pk")[: LIMIT + 1]
    )


def find_people(q, terms):
    return list(people_matching(q, terms))


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
        articles, quotes = find_articles(q, terms), find_quotes(q, terms)
        for article in articles:
            article.snippet = highlight(article.marked_snippet)
        context |= {
            "articles": _group(articles),
            "quotes": _group(quotes),
            "people": _group(find_people(q, terms)),
        }
    return render(request, "articles/search.html", context)
