"""Outlets, the articles they published, and the stories and events those articles cover."""

import hashlib
import uuid
from urllib.parse import urlsplit

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from .history import HistoryManager


class DatePrecision(models.TextChoices):
    DAY = "day", "day"
    MONTH = "month", "month"
    YEAR = "year", "year"
    UNKNOWN = "unknown", "unknown"


def date_precision_constraints(prefix, date_field, precision_field):
    """A precision from the allowed set, and a date exactly when the precision is known."""
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{precision_field}__in": DatePrecision.values}),
            name=f"{prefix}_{precision_field}_valid",
        ),
        models.CheckConstraint(
            condition=(
                models.Q(**{precision_field: DatePrecision.UNKNOWN, f"{date_field}__isnull": True})
                | (
                    ~models.Q(**{precision_field: DatePrecision.UNKNOWN})
                    & models.Q(**{f"{date_field}__isnull": False})
                )
            ),
            name=f"{prefix}_{date_field}_matches_precision",
        ),
    ]


def clean_dated(date, precision, date_field):
    """Editor-facing errors for what date_precision_constraints enforces, plus the day-1 rule."""
    if precision == DatePrecision.UNKNOWN:
        if date is not None:
            raise ValidationError(
                {date_field: "Leave the date empty when its precision is unknown."}
            )
        return
    if date is None:
        raise ValidationError({date_field: "Give a date, or set its precision to unknown."})
    # Month and year dates are stored on their first day so that they sort with exact dates.
    if precision == DatePrecision.MONTH and date.day != 1:
        raise ValidationError({date_field: "A date known to the month is stored as its 1st day."})
    if precision == DatePrecision.YEAR and (date.month, date.day) != (1, 1):
        raise ValidationError({date_field: "A date known to the year is stored as 1 January."})


def format_dated(date, precision):
    """A date shown no more precisely than it is known: '19 Feb 2025', 'Feb 2025', '2025'."""
    if date is None or precision == DatePrecision.UNKNOWN:
        return "date unknown"
    if precision == DatePrecision.YEAR:
        return f"{date.year}"
    if precision == DatePrecision.MONTH:
        return date.strftime("%b %Y")
    return f"{date.day} {date.strftime('%b %Y')}"


def unique_slug(model, text, max_length=200):
    """A slug for text that no row of model has yet ('seoul', 'seoul-2', ...)."""
    base = slugify(text)[: max_length - 10].strip("-") or "item"
    # The taken ones in one query: an import makes a "western-diplomat" for each event that
    # quotes one (30 of them at 1,000 files), and asking for each number in turn made each
    # new one slower than the last. The prefix lets the slug's index find the rows; the
    # regex, which no index serves, only drops those like "seoul-times".
    numbered = models.Q(slug__startswith=f"{base}-", slug__regex=rf"^{base}-[0-9]+$")
    taken = set(model.objects.filter(models.Q(slug=base) | numbered).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


class SluggedModel(models.Model):
    """Fills an empty slug from the object's name on first save."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), str(self))
        super().save(*args, **kwargs)


class OutletKind(models.TextChoices):
    NEWSPAPER = "newspaper", "newspaper"
    BROADCASTER = "broadcaster", "broadcaster"
    WIRE = "wire", "wire agency"
    AGGREGATOR = "aggregator", "aggregator"
    BLOG = "blog", "blog"
    UNKNOWN = "unknown", "not yet known"


class Outlet(SluggedModel):
    name = models.CharField(max_length=200, help_text="The publisher's name as readers know it.")
    short_name = models.CharField(
        max_length=50, blank=True, help_text="The short form texts use for it: AFP, ST, Yonhap."
    )
    slug = models.SlugField(
        max_length=200, unique=True, blank=True, help_text="Left empty, made from the name."
    )
    domain = models.CharField(
        max_length=253,
        blank=True,
        help_text="Registrable domain of its website, without www (koreaherald.com).",
    )
    country = models.CharField(max_length=100, blank=True)
    language = models.CharField(
        max_length=35, blank=True, help_text="Language code, such as en or ko."
    )
    kind = models.CharField(max_length=20, choices=OutletKind, default=OutletKind.UNKNOWN)
    note = models.TextField(blank=True, help_text="Editors' note on this outlet as a source.")

    version = IntegerVersionField(
        help_text="Counts saves, so that one editor cannot overwrite another's."
    )
    history = HistoricalRecords(history_manager=HistoryManager, excluded_fields=["version"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["domain"], condition=~models.Q(domain=""), name="outlet_domain_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=OutletKind.values), name="outlet_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:outlet_detail", args=[self.slug])


class Story(SluggedModel):
    """A running topic that groups events so a timeline can show them in order."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=200, unique=True, blank=True, help_text="Left empty, made from the title."
    )
    summary = models.TextField(blank=True)

    version = IntegerVersionField(
        help_text="Counts saves, so that one editor cannot overwrite another's."
    )
    history = HistoricalRecords(history_manager=HistoryManager, excluded_fields=["version"])

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "stories"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:story_detail", args=[self.slug])


class EventQuerySet(models.QuerySet):
    def for_timeline(self):
        # Grouped by the count, so Meta.ordering would be dropped: order explicitly.
        return (
            self.select_related("story")
            .annotate(
                article_count=models.Count(
                    "articles", filter=models.Q(articles__next_version__isnull=True)
                )
            )
            .order_by("date", "title")
        )


class Event(SluggedModel):
    """Something that happened on a date, which articles cover."""

    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=200, unique=True, blank=True, help_text="Left empty, made from the title."
    )
    date = models.DateField(
        null=True, blank=True, help_text="When it happened, as precisely as known."
    )
    date_precision = models.CharField(
        max_length=10, choices=DatePrecision, default=DatePrecision.DAY
    )
    summary = models.TextField(blank=True)

    version = IntegerVersionField(
        help_text="Counts saves, so that one editor cannot overwrite another's."
    )
    # Counts changes to what the event page compares (articles/revision.py): a stored
    # comparison made before the last of them is out of date.
    comparison_revision = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords(
        history_manager=HistoryManager, excluded_fields=["version", "comparison_revision"]
    )
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["date", "title"]
        # The timeline's order (latest first, undated last) has an index of its own, made by
        # migration 0009 in each database's own words.
        indexes = [models.Index(fields=["date"], name="event_date_idx")]
        constraints = date_precision_constraints("event", "date", "date_precision")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The comparison revision only goes up, in the database (articles/revision.py): an
        # event read before it went up, an editor's form say, must not put the older one back.
        if (
            not (self._state.adding or kwargs.get("force_insert"))
            and kwargs.get("update_fields") is None
        ):
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "comparison_revision"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:event_detail", args=[self.slug])

    def clean(self):
        clean_dated(self.date, self.date_precision, "date")

    @property
    def date_display(self):
        return format_dated(self.date, self.date_precision)


class EventComparison(models.Model):
    """The event page's comparison of the outlets' reports (articles/comparison.py), stored as
    plain data so that a reader's visit renders it without reading and comparing every report.
    It stands while its revision is the event's comparison_revision; the page makes it again
    when it is not."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, primary_key=True, related_name="comparison"
    )
    revision = models.PositiveIntegerField()
    data = models.JSONField()

    def __str__(self):
        return f"Comparison of {self.event_id} at revision {self.revision}"


class TimelineEntry(models.Model):
    """A dated reference the coverage itself relates ("captured by Ukrainian forces on Jan. 9"),
    shown on the story's timeline beside the events articles reported."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="timeline_entries")
    date = models.DateField(help_text="As precisely as the articles give it.")
    date_precision = models.CharField(
        max_length=10, choices=DatePrecision, default=DatePrecision.DAY
    )
    text = models.CharField(max_length=500, help_text="What happened then, in the articles' words.")
    articles = models.ManyToManyField(
        "Article", related_name="timeline_entries", help_text="Articles that mention it."
    )
    note = models.CharField(
        max_length=300, blank=True, help_text="How the date was read, when it needed inference."
    )

    version = IntegerVersionField(
        help_text="Counts saves, so that one editor cannot overwrite another's."
    )
    history = HistoricalRecords(history_manager=HistoryManager, excluded_fields=["version"])

    class Meta:
        ordering = ["date", "pk"]
        verbose_name_plural = "timeline entries"
        indexes = [models.Index(fields=["story", "date"], name="timelineentry_story_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_precision__in=DatePrecision.values)
                & ~models.Q(date_precision=DatePrecision.UNKNOWN),
                name="timelineentry_date_precision_known",
            ),
            models.UniqueConstraint(
                fields=["story", "date", "date_precision", "text"],
                name="timelineentry_unique_per_story",
            ),
        ]

    def __str__(self):
        return f"{self.date_display}: {self.text}"

    def get_absolute_url(self):
        return f"{self.story.get_absolute_url()}#timeline-entry-{self.pk}"

    @property
    def date_display(self):
        return format_dated(self.date, self.date_precision)


def is_current(article):
    """Whether no newer version of the article (an OuterRef to it) exists.

    NOT EXISTS rather than `next_version__isnull=True`: PostgreSQL estimates the left join
    that lookup makes at one row, and reads the whole article table for it in every query.
    """
    return ~models.Exists(Article.objects.filter(previous_version=article))


class ArticleQuerySet(models.QuerySet):
    def current(self):
        """The latest version of each article; earlier versions stay for the record."""
        return self.filter(is_current(OuterRef("pk")))

    def for_list(self):
        # A list shows headlines, never the text: bodies and raw files are most of a row.
        return self.select_related("outlet", "event").defer("body", "raw_text")


class Article(models.Model):
    """One published piece, with its raw text exactly as imported."""

    outlet = models.ForeignKey(
        Outlet,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="Who published it; empty while unknown.",
    )
    credited_outlets = models.ManyToManyField(
        Outlet,
        blank=True,
        related_name="credited_by",
        help_text="Outlets this article credits: the wire whose copy it carries, "
        "the paper an interview first appeared in.",
    )
    event = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text="The main event this article reports.",
    )
    headline = models.CharField(max_length=500)
    standfirst = models.TextField(blank=True, help_text="The summary printed under the headline.")
    byline = models.CharField(
        max_length=500, blank=True, help_text="As printed, without the e-mail address."
    )
    published = models.DateField(
        null=True, blank=True, help_text="Publication date, as precisely as known."
    )
    published_precision = models.CharField(
        max_length=10,
        choices=DatePrecision,
        default=DatePrecision.UNKNOWN,
        help_text="How much of the publication date is known.",
    )
    dateline = models.CharField(
        max_length=200, blank=True, help_text="Place of the dateline, such as SEOUL."
    )
    source_url = models.URLField(
        max_length=2000, blank=True, help_text="Address of the page it was taken from."
    )
    body = models.TextField(help_text="The cleaned text; attribution offsets point into it.")
    raw_text = models.TextField(
        help_text="The text exactly as imported. Never changed after import."
    )
    raw_sha256 = models.CharField(
        "raw text SHA-256",
        max_length=64,
        unique=True,
        help_text="SHA-256 of the raw text; identifies the import.",
    )
    source_file = models.CharField(
        max_length=255, blank=True, help_text="File the raw text came from."
    )
    imported_at = models.DateTimeField(default=timezone.now)
    needs_review = models.BooleanField(
        default=False,
        help_text="Something imported here is uncertain and an editor should check it.",
    )
    review_note = models.TextField(blank=True, help_text="What to check, one reason a line.")
    note = models.TextField(blank=True, help_text="Editors' note on this article.")
    extracted_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When claims were last extracted from it."
    )
    identifies_people = models.BooleanField(
        "identifies people it should not",
        default=False,
        help_text="It shows or names people who should not be identified (the faces of "
        "prisoners of war, a source's family): say why in the note.",
    )
    previous_version = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
        help_text="The earlier capture of the same page that this one replaces.",
    )

    # The raw text never changes, so the history need not copy it on every edit.
    version = IntegerVersionField(
        help_text="Counts saves, so that one editor cannot overwrite another's."
    )
    history = HistoricalRecords(
        history_manager=HistoryManager,
        excluded_fields=["raw_text", "version", "extracted_at"],
        m2m_fields=[credited_outlets],
    )
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "-imported_at"]
        indexes = [
            models.Index(fields=["outlet", "published"], name="article_outlet_published_idx"),
            models.Index(fields=["published"], name="article_published_idx"),
            models.Index(fields=["event", "published"], name="article_event_published_idx"),
            # The importer looks for an earlier version of each file by its address or name.
            models.Index(fields=["source_url", "source_file"], name="article_source_idx"),
            # "Has a newer version" for SQLite: after ANALYZE it takes the unique index on this
            # column, almost all NULL, for useless and reads the whole table in each join.
            models.Index(
                fields=["previous_version"],
                condition=models.Q(previous_version__isnull=False),
                name="article_next_version_idx",
            ),
            # Event grouping compares new reports with the latest undated ones, a small share.
            models.Index(
                fields=["-id"],
                condition=~models.Q(published_precision__in=["day", "month"]),
                name="article_undated_idx",
            ),
        ]
        constraints = date_precision_constraints("article", "published", "published_precision")

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if not self.raw_sha256:
            self.raw_sha256 = hashlib.sha256(self.raw_text.encode("utf-8")).hexdigest()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article_detail", args=[self.pk])

    def clean(self):
        clean_dated(self.published, self.published_precision, "published")

    @property
    def published_display(self):
        return format_dated(self.published, self.published_precision)

    @property
    def source_url_is_web(self):
        """Only http(s) addresses become links: an imported 'javascript:' one must stay text."""
        return urlsplit(self.source_url.strip()).scheme.lower() in ("http", "https")


class ReviewKind(models.TextChoices):
    PROVISIONAL_HEADLINE = "provisional_headline", "provisional headline"
    UNKNOWN_OUTLET = "unknown_outlet", "unknown or new outlet"
    UNCERTAIN_DATE = "uncertain_date", "date uncertain or without year"
    SAME_PERSON = "same_person", "possible same person"
    UNSURE_SPEAKER = "unsure_speaker", "low-confidence speaker"
    SAME_CLAIM = "same_claim", "possible same claim"
    OTHER = "other", "other"


class ReviewItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(reviewed_at__isnull=True)


class ReviewItem(models.Model):
    """Something the importer or the extraction was unsure of, for an editor to check."""

    kind = models.CharField(max_length=30, choices=ReviewKind, default=ReviewKind.OTHER)
    reason = models.CharField(max_length=500)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReviewItemQuerySet.as_manager()

    class Meta:
        ordering = ["reviewed_at", "-created_at", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="reviewitem_object_idx"),
            models.Index(fields=["reviewed_at", "kind"], name="reviewitem_open_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reason"], name="reviewitem_unique_reason"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ReviewKind.values), name="reviewitem_kind_valid"
            ),
        ]

    def __str__(self):
        return self.reason

    @classmethod
    def flag(cls, obj, kind, reason):
        """Flag obj once for this reason; a flag already reviewed stays reviewed."""
        item, _ = cls.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            reason=reason[:500],
            defaults={"kind": kind},
        )
        return item

    @classmethod
    def flag_all(cls, flags):
        """flag() for many (obj, kind, reason) at once, in one INSERT; a flag already there,
        reviewed or not, stays as it is. Like every bulk write it sends no signals: callers
        run inside revision.atomic_change()."""
        cls.objects.bulk_create(
            [
                cls(
                    content_type=ContentType.objects.get_for_model(obj),
                    object_id=obj.pk,
                    reason=reason[:500],
                    kind=kind,
                )
                for obj, kind, reason in flags
            ],
            ignore_conflicts=True,
        )


def new_revision_token():
    return uuid.uuid4().hex


class ArchiveRevision(models.Model):
    """A token replaced by every change to the archive (see articles/revision.py).

    Cached pages are keyed by it, so it lives in the database that every web process reads:
    no process can serve a page rendered before a change another process or a command made.
    It is random rather than a counter so that a database restored, rebuilt or rolled back to
    an earlier state never brings back a token that a cache still holds pages for.
    """

    token = models.CharField(max_length=32, default=new_revision_token)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="one_revision_row")]

    def __str__(self):
        return f"archive revision {self.token}"
