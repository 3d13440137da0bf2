import datetime

from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from claims.models import Attribution

from . import comparison
from .filters import EventFilter
from .highlighting import highlighted_paragraphs
from .models import Article, Event, Outlet, Story, TimelineEntry, is_current
from .templatetags.jsonld import article_json_ld


class HomeView(ListView):
    """The timeline: the latest events first, each page's events grouped by story in date
    order, with the background the coverage relates; filtered by date, outlet, person and
    words. Ordered by an indexed date, so a page costs the same in any size of archive."""

    template_name = "articles/home.html"
    context_object_name = "events"
    paginate_by = 25

    def get_queryset(self):
        self.filterset = EventFilter(
            self.request.GET,
            queryset=Event.objects.select_related("story")
            .order_by(F("date").desc(nulls_last=True), "-pk")
            .prefetch_related(
                Prefetch(
                    "articles",
                    # What the timeline shows of a report: its outlet and date.
                    queryset=Article.objects.current()
                    .select_related("outlet")
                    .only("event", "published", "published_precision", "outlet__name"),
                )
            ),
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = context["events"]
        # The background that this page's reports relate, not their stories' whole timelines,
        # which grow with the archive (the story page has those).
        related = TimelineEntry.articles.through.objects.filter(
            article__event__in=[event.pk for event in events]
        ).values("timelineentry")
        # Each entry's story is one of the page's events' stories (see timeline_groups).
        entries = TimelineEntry.objects.filter(pk__in=related).annotate(
            article_count=Count("articles")
        )
        data = self.filterset.form.cleaned_data if self.filterset.is_bound else {}
        if data.get("start"):
            entries = entries.filter(date__gte=data["start"])
        if data.get("end"):
            entries = entries.filter(date__lte=data["end"])
        context.update(
            filter=self.filterset,
            timeline=timeline_groups(events, entries),
            latest_articles=Article.objects.current()
            .for_list()
            .order_by("-pk")[:10],  # import order, on the primary key's index
            query_string=querystring_without_page(self.request),
        )
        return context


def querystring_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def timeline_groups(events, entries):
    """[(story, [items])]: each story's events and background entries in date order."""
    groups, by_story = [], {}
    for event in events:
        if event.story_id not in by_story:
            by_story[event.story_id] = []
            groups.append((event.story, by_story[event.story_id]))
        by_story[event.story_id].append(timeline_item(event))
    stories = {event.story_id: event.story for event in events}
    for entry in entries:
        if entry.story_id in by_story:
            entry.story = stories[entry.story_id]
            by_story[entry.story_id].append(
                {"kind": "background", "date": entry.date, "item": entry}
            )
    for _, items in groups:
        items.sort(key=date_order)
    return groups


def date_order(item):
    """Timeline order: by date, an event before background of the same day, undated last."""
    return (item["date"] is None, item["date"] or datetime.date.max, item["kind"] != "event")


def timeline_item(event):
    event.article_count = len(event.articles.all())
    reports = comparison.columns_for(event.articles.all())
    dated = [a for c in reports for a in c.articles if a.published_precision != "unknown"]
    dated.sort(key=lambda a: a.published)
    return {
        "kind": "event",
        "date": event.date,
        "item": event,
        "outlets": [column.name for column in reports],
        "first": dated[0] if dated else None,
        "last": dated[-1] if dated else None,
    }


class StoryDetailView(DetailView):
    model = Story

    def get_queryset(self):
        return Story.objects.prefetch_related(
            Prefetch("events", queryset=Event.objects.for_timeline()),
            Prefetch(
                "timeline_entries",
                queryset=TimelineEntry.objects.prefetch_related(
                    Prefetch("articles", queryset=Article.objects.select_related("outlet"))
                ),
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timeline"] = story_timeline(self.object)
        return context


def story_timeline(story):
    """The story's events and background entries in one date order (see date_order)."""
    items = [{"kind": "event", "date": e.date, "item": e} for e in story.events.all()]
    items += [
        {"kind": "background", "date": e.date, "item": e} for e in story.timeline_entries.all()
    ]
    return sorted(items, key=date_order)


class EventDetailView(DetailView):
    """The outlets' reports of one event compared claim by claim: the page the archive is for.
    One query, for the event with its story and its stored comparison; when that is out of
    date, comparison.compare()'s five more and one to store it again."""

    model = Event

    def get_queryset(self):
        return Event.objects.select_related("story", "comparison")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(comparison.stored(self.object))
        return context


class ArticleDetailView(DetailView):
    model = Article

    def get_queryset(self):
        return (
            Article.objects.for_list()
            .select_related("previous_version", "next_version", "event__story")
            .prefetch_related(
                "credited_outlets",
                "authors",
                Prefetch(
                    "attributions",
                    queryset=Attribution.objects.select_related("claim__speaker").order_by("start"),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["paragraphs"] = highlighted_paragraphs(article.body, article.attributions.all())
        url = self.request.build_absolute_uri(article.get_absolute_url())
        context["json_ld"] = article_json_ld(article, url)
        return context


def article_raw(request, pk):
    """The raw text exactly as imported, as plain text so that nothing in it is interpreted."""
    article = get_object_or_404(Article, pk=pk)
    response = HttpResponse(article.raw_text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="article-{article.pk}.txt"'
    return response


class OutletDetailView(DetailView):
    model = Outlet

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        articles = self.object.articles.current().for_list().order_by("-published", "-pk")
        context["page_obj"] = Paginator(articles, 50).get_page(self.request.GET.get("page"))
        context["profile"] = sourcing_profile(self.object)
        return context


def sourcing_profile(outlet):
    """How an outlet sources its reports: its speakers by kind, and quotes against paraphrases."""
    appearances = Attribution.objects.filter(
        is_current(OuterRef("article")), article__outlet=outlet
    )
    modes = dict(appearances.values_list("mode").annotate(n=Count("pk")).order_by())
    speakers = dict(
        appearances.exclude(claim__speaker=None)
        .values_list("claim__speaker__kind")
        .annotate(n=Count("claim__speaker", distinct=True))
        .order_by()
    )
    return {
        "quotes": modes.get("quoted", 0),
        "paraphrases": modes.get("paraphrased", 0),
        "named": speakers.get("named", 0),
        "anonymous": speakers.get("anonymous", 0),
        "institutions": speakers.get("institution", 0),
    }
