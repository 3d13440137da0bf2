from collections import defaultdict
from itertools import groupby
from operator import attrgetter

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Exists, F, Prefetch
from django.urls import reverse
from django.views.generic import DetailView

from articles.templatetags.jsonld import claim_json_ld

from .models import Attribution, Claim, Person


def page_number(value):
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


def url_maker(name):
    """reverse(name, args=[pk]) for many primary keys: reversed once, then filled in. The
    person page links hundreds of rows, and each reverse() costs tens of microseconds."""
    marker = 987654321
    prefix, suffix = reverse(name, args=[marker]).split(str(marker))
    return lambda pk: f"{prefix}{pk}{suffix}"


class LatestFirstPage:
    """One page of articles, latest first and undated last, read without counting them all.

    Someone named in a quarter of a large archive is named in tens of thousands of articles:
    sorting them all (or counting them) to show fifty made the person page grow with the
    archive. On PostgreSQL the dated articles are read from the index on the publication date
    in its own order, and the undated ones (found only when the dated ones do not fill the
    page) by their id, in one query. The page knows whether another follows, not how many.
    """

    paginator = None  # no total: the pagination shows "Page N" without "of M"

    def __init__(self, articles, number, per_page):
        self.number = number
        rows = self.rows(articles, (number - 1) * per_page, number * per_page + 1)
        if not rows and number > 1:  # past the end (an old link): the first page instead
            self.number = 1
            rows = self.rows(articles, 0, per_page + 1)
        self.start = (self.number - 1) * per_page
        self.object_list = rows[:per_page]
        self._has_next = len(rows) > per_page

    @staticmethod
    def rows(articles, low, high):
        if not connection.features.supports_slicing_ordering_in_compound:  # SQLite
            return list(articles.order_by(F("published").desc(nulls_last=True), "-pk")[low:high])
        dated = articles.filter(published__isnull=False)
        # Undated articles are read only when fewer than `high` are dated: a condition on no
        # row of theirs, which PostgreSQL checks once (a one-time filter) before reading any.
        short = ~Exists(dated[high - 1 : high])
        undated = articles.filter(short, published=None).order_by("-pk")[:high]
        both = dated.order_by("-published", "-pk")[:high].union(undated, all=True)
        return list(both.order_by(F("published").desc(nulls_last=True), "-pk")[low:high])

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_previous() or self.has_next()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1

    @property
    def count(self):
        """How many there are in all when this page shows the last of them, else None."""
        return None if self._has_next else self.start + len(self.object_list)


class PersonDetailView(DetailView):
    """A person's claims, the articles they wrote and those naming them, each list in pages:
    someone quoted every day for years must not make the page slower as the archive grows."""

    model = Person
    per_page = 50

    def get_queryset(self):
        return Person.objects.select_related("event").prefetch_related("aliases")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person, get = self.object, self.request.GET
        # Latest event first, in the timeline's order: its index (event_latest_idx) is what
        # PostgreSQL walks for someone quoted thousands of times.
        claims = person.claims.select_related("event").order_by(
            F("event__date").desc(nulls_last=True), "-event_id", "pk"
        )
        claims_page = Paginator(claims, self.per_page).get_page(get.get("page"))
        claim_url = url_maker("claims:claim_detail")
        article_url = url_maker("articles:article_detail")
        appearances = defaultdict(list)
        if claims_page:
            # A claim's appearances need only a link (as Attribution.get_absolute_url), the
            # outlet's name and the words: tuples, not three model instances each.
            rows = Attribution.objects.filter(claim__in=claims_page.object_list).values_list(
                "claim_id", "pk", "article_id", "article__outlet__name", "words"
            )
            for claim_id, pk, article_id, outlet, words in rows:
                url = f"{article_url(article_id)}#attribution-{pk}"
                appearances[claim_id].append((url, outlet, words))
        for claim in claims_page:
            claim.url, claim.appearances = claim_url(claim.pk), appearances[claim.pk]
        context["claims_page"] = claims_page
        # The page's claims under their events, in the claims' order (latest event first).
        context["claims_by_event"] = [
            (event, list(claims))
            for event, claims in groupby(claims_page.object_list, key=attrgetter("event"))
        ]
        for name, param, articles in (
            ("written_page", "written", person.articles),
            ("named_page", "named", person.mentioned_in),
        ):
            listed = (
                articles.current()
                .select_related("outlet")
                .only("headline", "published", "published_precision", "outlet__name")
            )
            context[name] = LatestFirstPage(listed, page_number(get.get(param)), self.per_page)
            for article in context[name]:
                article.url = article_url(article.pk)
        return context


class ClaimDetailView(DetailView):
    model = Claim

    def get_queryset(self):
        return Claim.objects.select_related("event__story", "speaker").prefetch_related(
            Prefetch(
                "attributions",
                queryset=Attribution.objects.select_related("article__outlet").order_by(
                    "article__published"
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        url = self.request.build_absolute_uri(self.object.get_absolute_url())
        context["json_ld"] = claim_json_ld(self.object, url)
        return context
