import hashlib

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from claims.admin import AttributionInline

from .models import Article, Event, Outlet, Story, TimelineEntry

admin.site.site_header = "News Archive editors"
admin.site.site_title = "News Archive"
admin.site.index_title = "Sources, claims and people"


@admin.register(Outlet)
class OutletAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "domain", "country", "language", "article_count"]
    # Counted querysets are grouped, and Django drops Meta.ordering from grouped queries.
    ordering = ["name"]
    list_filter = ["kind", "country", "language"]
    search_fields = ["name", "domain"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, outlet):
        return outlet.article_count


@admin.register(Story)
class StoryAdmin(SimpleHistoryAdmin):
    list_display = ["title", "event_count"]
    ordering = ["title"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("events"))

    @admin.display(description="events", ordering="event_count")
    def event_count(self, story):
        return story.event_count


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "date_display", "story", "article_count"]
    ordering = ["date", "title"]
    list_filter = ["date_precision", "story"]
    list_select_related = ["story"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["story"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="date", ordering="date")
    def date_display(self, event):
        return event.date_display

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, event):
        return event.article_count


class ArticleForm(forms.ModelForm):
    """The admin supplies the model and fields; this adds the duplicate check on raw text."""

    def clean_raw_text(self):
        raw_text = self.cleaned_data["raw_text"]
        sha256 = hashlib.sha256(raw_text.encode("utf-8")).hexdigest()
        existing = Article.objects.filter(raw_sha256=sha256).first()
        if existing:
            raise forms.ValidationError(
                format_html(
                    'This raw text is already in the archive as <a href="{}">{}</a>.',
                    existing.get_absolute_url(),
                    existing.headline,
                )
            )
        return raw_text


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["headline", "outlet", "published_display", "event", "needs_review"]
    list_filter = ["needs_review", "published_precision", "outlet__kind", "outlet"]
    list_select_related = ["outlet", "event"]
    search_fields = ["headline", "byline", "source_url", "source_file", "=raw_sha256"]
    date_hierarchy = "published"
    autocomplete_fields = ["outlet", "event", "credited_outlets"]
    inlines = [AttributionInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "headline",
                    "standfirst",
                    "outlet",
                    "credited_outlets",
                    "byline",
                    ("published", "published_precision"),
                    "dateline",
                    "source_url",
                    "event",
                ]
            },
        ),
        ("Review", {"fields": ["needs_review", "review_note", "note"]}),
        ("Text", {"fields": ["body", "raw_text"]}),
        (
            "Provenance",
            {"fields": ["source_file", "raw_sha256", "imported_at", "previous_version"]},
        ),
    ]

    # What was imported is the record: it can be entered once, never changed afterwards.
    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["raw_sha256", "imported_at"]
        return ["raw_text", "raw_sha256", "source_file", "imported_at", "previous_version"]

    @admin.display(description="published", ordering="published")
    def published_display(self, article):
        return article.published_display


@admin.register(TimelineEntry)
class TimelineEntryAdmin(SimpleHistoryAdmin):
    list_display = ["date_display", "text", "story"]
    list_filter = ["date_precision", "story"]
    list_select_related = ["story"]
    search_fields = ["text"]
    autocomplete_fields = ["story", "articles"]
    date_hierarchy = "date"

    @admin.display(description="date", ordering="date")
    def date_display(self, entry):
        return entry.date_display
