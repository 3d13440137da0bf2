import hashlib

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django_admin_action_forms import AdminActionForm, action_with_form

from claims import operations
from claims.admin import AttributionInline

from .editing import EditorialAdmin, EditorialForm, KeepOneForm, related_count, run_operations
from .highlighting import highlighted_paragraphs
from .models import Article, Event, Outlet, ReviewItem, Story, TimelineEntry

admin.site.site_header = "News Archive editors"
admin.site.site_title = "News Archive"
admin.site.index_title = "Sources, claims and people"
admin.site.index_template = "admin/news_index.html"


@admin.register(Outlet)
class OutletAdmin(EditorialAdmin):
    list_display = ["name", "kind", "domain", "country", "language", "article_count"]
    ordering = ["name"]
    list_filter = ["kind", "country", "language"]
    search_fields = ["name", "domain"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(article_count=related_count(Article, "outlet"))
        )

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, outlet):
        return outlet.article_count


@admin.register(Story)
class StoryAdmin(EditorialAdmin):
    list_display = ["title", "event_count"]
    ordering = ["title"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=related_count(Event, "story"))

    @admin.display(description="events", ordering="event_count")
    def event_count(self, story):
        return story.event_count


@admin.register(Event)
class EventAdmin(EditorialAdmin):
    list_display = ["title", "date_display", "story", "article_count"]
    ordering = ["date", "title"]
    # A date filter and a search by story: a date hierarchy reads every row's year, and a
    # story filter lists every story.
    list_filter = [("date", admin.DateFieldListFilter), "date_precision"]
    list_select_related = ["story"]
    search_fields = ["title", "summary", "story__title"]
    autocomplete_fields = ["story"]
    prepopulated_fields = {"slug": ["title"]}
    actions = ["merge_events"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=related_count(Article, "event"))

    @admin.display(description="date", ordering="date")
    def date_display(self, event):
        return event.date_display

    @action_with_form(KeepOneForm, description="Merge the selected events into one")
    def merge_events(self, request, queryset, data):
        keep = data["keep"]
        others = queryset.exclude(pk=keep.pk)
        run_operations(
            self, request, lambda other, user: operations.merge_events(keep, other, user), others
        )

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, event):
        return event.article_count


class MoveToEventForm(AdminActionForm):
    event = forms.ModelChoiceField(queryset=Event.objects.all(), label="Move to event")

    class Meta:
        list_objects = True
        autocomplete_fields = ["event"]
        help_text = (
            "The articles' claims go with them; a claim other articles share is split so that "
            "each event keeps its own. Recorded in the history; it can be undone."
        )
        confirm_button_text = "Move"


class ArticleForm(EditorialForm):
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
class ArticleAdmin(EditorialAdmin):
    form = ArticleForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["headline", "outlet", "published_display", "event", "needs_review"]
    list_filter = [
        "needs_review",
        "identifies_people",
        ("published", admin.DateFieldListFilter),
        "published_precision",
        "outlet__kind",
        "outlet",
    ]
    list_select_related = ["outlet", "event"]
    search_fields = ["headline", "byline", "source_url", "source_file", "=raw_sha256"]
    autocomplete_fields = ["outlet", "event", "credited_outlets"]
    inlines = [AttributionInline]
    actions = ["move_to_event"]
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
        ("Review", {"fields": ["needs_review", "review_note", "identifies_people", "note"]}),
        (
            "Text",
            {
                "fields": ["body_with_claims", "body", "raw_text"],
                "description": "The body with each attribution highlighted, as the inline "
                "below records them: check that every span covers the right words.",
            },
        ),
        (
            "Provenance",
            {"fields": ["source_file", "raw_sha256", "imported_at", "previous_version"]},
        ),
    ]

    # What was imported is the record: it can be entered once, never changed afterwards.
    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["raw_sha256", "imported_at", "body_with_claims"]
        return [
            "raw_text",
            "raw_sha256",
            "source_file",
            "imported_at",
            "previous_version",
            "body_with_claims",
        ]

    @admin.display(description="Body with its attributions")
    def body_with_claims(self, article):
        if article.pk is None:
            return "—"
        attributions = article.attributions.select_related("claim__speaker")
        return format_html_join(
            "",
            '<p class="annotated-body">{}</p>',
            ((_marked(pieces),) for pieces in highlighted_paragraphs(article.body, attributions)),
        )

    @admin.display(description="published", ordering="published")
    def published_display(self, article):
        return article.published_display

    @action_with_form(MoveToEventForm, description="Move the selected articles to another event")
    def move_to_event(self, request, queryset, data):
        event = data["event"]
        run_operations(
            self, request, lambda a, user: operations.move_article(a, event, user), queryset
        )


@admin.register(TimelineEntry)
class TimelineEntryAdmin(EditorialAdmin):
    list_display = ["date_display", "text", "story"]
    list_filter = [("date", admin.DateFieldListFilter), "date_precision"]
    list_select_related = ["story"]
    search_fields = ["text", "story__title"]
    autocomplete_fields = ["story", "articles"]

    @admin.display(description="date", ordering="date")
    def date_display(self, entry):
        return entry.date_display


def _marked(pieces):
    """One paragraph, escaped, with each attribution's words marked and labelled by its claim."""
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html(
                    '<mark title="Attribution #{} of claim #{} ({})">{}</mark>',
                    piece.attribution.pk,
                    piece.attribution.claim_id,
                    piece.attribution.claim.speaker or "unattributed",
                    piece.text,
                )
                if piece.attribution
                else piece.text,
            )
            for piece in pieces
        ),
    )


class OpenFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", "to review"), ("reviewed", "reviewed"), ("all", "all")]

    def choices(self, changelist):
        # "To review" is what an editor wants first, so it is the default, not "all".
        value = self.value() or "open"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "open"
        if value == "open":
            return queryset.filter(reviewed_at__isnull=True)
        if value == "reviewed":
            return queryset.filter(reviewed_at__isnull=False)
        return queryset


@admin.register(ReviewItem)
class ReviewItemAdmin(admin.ModelAdmin):
    """The review queue: everything the importer or the extraction was unsure of."""

    list_display = ["reason", "kind", "item_link", "created_at", "reviewed_at", "reviewed_by"]
    list_filter = [OpenFilter, "kind"]
    list_select_related = ["content_type", "reviewed_by"]
    search_fields = ["reason"]
    actions = ["mark_reviewed"]
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("item")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    @admin.display(description="to check")
    def item_link(self, review):
        item = review.item
        if item is None:
            return "(deleted)"
        meta = item._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[item.pk])
        return format_html('<a href="{}">{} {}</a>', url, meta.verbose_name, item)

    @admin.action(description="Mark the selected items reviewed", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = mark_reviewed(queryset.filter(reviewed_at__isnull=True), request.user)
        self.message_user(request, f"{count} item(s) marked reviewed.")


def mark_reviewed(reviews, user):
    """Close review items; an article with nothing left to check no longer needs review."""
    reviews = list(reviews)
    now = timezone.now()
    for review in reviews:
        review.reviewed_at, review.reviewed_by = now, user
    ReviewItem.objects.bulk_update(reviews, ["reviewed_at", "reviewed_by"])
    article_type = ContentType.objects.get_for_model(Article)
    article_ids = {r.object_id for r in reviews if r.content_type_id == article_type.pk}
    still_open = set(
        ReviewItem.objects.open()
        .filter(content_type=article_type, object_id__in=article_ids)
        .values_list("object_id", flat=True)
    )
    for article in Article.objects.filter(pk__in=article_ids - still_open, needs_review=True):
        article.needs_review = False
        article._history_user = user
        article.save(update_fields=["needs_review"])
    return len(reviews)
