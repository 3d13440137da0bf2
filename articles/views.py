from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from claims.models import Attribution, Claim, DiscrepancyValue

from .models import Article, Event, Outlet, Story, TimelineEntry


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "stories"
    paginate_by = 20

    def get_queryset(self):
        return Story.objects.prefetch_related(
            Prefetch("events", queryset=Event.objects.for_timeline())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unfiled_events"] = Event.objects.for_timeline().filter(story=None)[:50]
        context["latest_articles"] = (
            Article.objects.current().for_list().order_by("-imported_at", "-pk")[:20]
        )
        return context


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
    """The story's events and background entries in one date order; undated events last."""
    items = [(event.date, 0, "event", event) for event in story.events.all() if event.date]
    items += [(entry.date, 1, "background", entry) for entry in story.timeline_entries.all()]
    items.sort(key=lambda item: item[:2])
    undated = [(None, 0, "event", event) for event in story.events.all() if not event.date]
    return [{"kind": kind, "item": item} for _, _, kind, item in items + undated]


class EventDetailView(DetailView):
    model = Event

    def get_queryset(self):
        return Event.objects.select_related("story").prefetch_related(
            Prefetch(
                "articles", queryset=Article.objects.current().for_list().order_by("published")
            ),
            Prefetch(
                "discrepancies__values",
                queryset=DiscrepancyValue.objects.select_related("article__outlet"),
            ),
            Prefetch(
                "claims",
                queryset=Claim.objects.select_related("speaker").prefetch_related(
                    Prefetch(
                        "attributions",
                        queryset=Attribution.objects.select_related("article__outlet"),
                    )
                ),
            ),
        )


class ArticleDetailView(DetailView):
    model = Article

    def get_queryset(self):
        return (
            Article.objects.for_list()
            .select_related("previous_version", "next_version")
            .prefetch_related(
                "credited_outlets",
                "authors",
                Prefetch(
                    "attributions",
                    queryset=Attribution.objects.select_related("claim__speaker").order_by("start"),
                ),
            )
        )


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
        context["articles"] = self.object.articles.current().for_list()[:100]
        return context
