"""People, the claims made about events, and where each claim appears in articles."""

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from articles.history import HistoryManager
from articles.models import Article, Event, SluggedModel


class PersonKind(models.TextChoices):
    NAMED = "named", "named person"
    ANONYMOUS = "anonymous", "anonymous source"
    INSTITUTION = "institution", "institution"


class Person(SluggedModel):
    """Someone quoted or named, an institution that made a statement, or an unnamed source
    described by its role (one record per role and event)."""

    name = models.CharField(
        max_length=200,
        help_text="Canonical name; for an anonymous source, its role "
        "('a Foreign Ministry official').",
    )
    slug = models.SlugField(
        max_length=200, unique=True, blank=True, help_text="Left empty, made from the name."
    )
    description = models.CharField(
        max_length=500,
        blank=True,
        help_text="Role and affiliation, such as 'captured North Korean soldier'.",
    )
    kind = models.CharField(max_length=20, choices=PersonKind, default=PersonKind.NAMED)
    event = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="anonymous_sources",
        help_text="For an anonymous source: the event it spoke about.",
    )
    articles = models.ManyToManyField(
        Article,
        blank=True,
        related_name="authors",
        help_text="Articles this person wrote (byline authors).",
    )
    mentioned_in = models.ManyToManyField(
        Article,
        blank=True,
        related_name="people_mentioned",
        help_text="Articles that name this person, quoted or not.",
    )

    version = IntegerVersionField(
        help_text="Counts saves, so that one editor cannot overwrite another's."
    )
    history = HistoricalRecords(history_manager=HistoryManager, excluded_fields=["version"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        # Lists of people are alphabetical: the first page reads the index, not every person.
        indexes = [models.Index(fields=["name"], name="person_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=PersonKind.values), name="person_kind_valid"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("claims:person_detail", args=[self.slug])

    @property
    def is_anonymous(self):
        return self.kind == PersonKind.ANONYMOUS


class PersonAlias(models.Model):
    """A spelling of a person's name seen in some article (Zelenskiy, Zelenskyy, ...)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    history = HistoricalRecords(history_manager=HistoryManager)

    class Meta:
        ordering = ["name"]
        verbose_name = "alias"
        verbose_name_plural = "aliases"
        indexes = [models.Index(fields=["name"], name="personalias_name_idx")]
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="personalias_unique_per_person")
        ]

    def __str__(self):
        return self.name


class ClaimKind(models.TextChoices):
    QUOTE = "quote", "direct quote"
    PARAPHRASE = "paraphrase", "paraphrase"
    FACT = "fact", "reported fact"
    FIGURE = "figure", "figure"


class ClaimStatus(models.TextChoices):
    UNVERIFIED = "unverified", "unverified"
    VERIFIED = "verified", "verified"
    DISPUTED = "disputed", "disputed"
    FALSE = "false", "false"


class Claim(models.Model):
    """A statement about an event, normalized across the articles that carry it."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="claims")
    speaker = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
        help_text="Who made it; empty when the outlet states it without attribution.",
    )
    text = models.TextField(
        help_text="The claim in normalized words, shared by all its appearances."
    )
    kind = models.CharField(max_length=20, choices=ClaimKind, default=ClaimKind.QUOTE)
    status = models.CharField(max_length=20, choices=ClaimStatus, default=ClaimStatus.UNVERIFIED)
    status_note = models.TextField(blank=True, help_text="Why it has this status, with evidence.")
    figure_value = models.DecimalField(
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="For a figure: the number it gives.",
    )

    version = IntegerVersionField(
        help_text="Counts saves, so that one editor cannot overwrite another's."
    )
    history = HistoricalRecords(history_manager=HistoryManager, excluded_fields=["version"])

    class Meta:
        ordering = ["event", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ClaimKind.values), name="claim_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
        ]

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    def get_absolute_url(self):
        return reverse("claims:claim_detail", args=[self.pk])


class AttributionMode(models.TextChoices):
    QUOTED = "quoted", "quoted"
    PARAPHRASED = "paraphrased", "paraphrased"


class Attribution(models.Model):
    """One appearance of a claim in an article: that article's exact words and where they stand."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="attributions")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attributions")
    words = models.TextField(help_text="The words exactly as this article printed them.")
    start = models.PositiveIntegerField(
        help_text="Offset of the first character of the words in the body."
    )
    end = models.PositiveIntegerField(help_text="Offset just past the last character of the words.")
    phrase = models.CharField(
        "attribution phrase",
        max_length=500,
        blank=True,
        help_text="How the article attributes it: 'an official said on condition of anonymity'.",
    )
    mode = models.CharField(max_length=20, choices=AttributionMode, default=AttributionMode.QUOTED)
    speaker_name = models.CharField(
        max_length=200, blank=True, help_text="The speaker as this article names them (Lee, Ri)."
    )
    speaker_named = models.BooleanField(
        "speaker named",
        default=True,
        help_text="This article names the speaker, rather than 'an official' or 'a source'.",
    )

    version = IntegerVersionField(
        help_text="Counts saves, so that one editor cannot overwrite another's."
    )
    history = HistoricalRecords(history_manager=HistoryManager, excluded_fields=["version"])

    class Meta:
        ordering = ["article", "start"]
        indexes = [
            models.Index(fields=["claim", "article"], name="attribution_claim_idx"),
            models.Index(fields=["article", "start"], name="attribution_article_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lt=models.F("end")), name="attribution_start_before_end"
            ),
            models.CheckConstraint(
                condition=models.Q(mode__in=AttributionMode.values), name="attribution_mode_valid"
            ),
            models.UniqueConstraint(
                fields=["claim", "article", "start", "end"], name="attribution_unique_span"
            ),
        ]

    def __str__(self):
        return f"{self.words[:60]} ({self.article_id})"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#attribution-{self.pk}"

    def clean(self):
        if self.article_id is None or self.start is None or self.end is None:
            return
        if self.start >= self.end:
            raise ValidationError({"end": "The end offset must come after the start offset."})
        printed = self.article.body[self.start : self.end]
        if printed != self.words:
            raise ValidationError(
                {
                    "words": f"The article body has {printed!r} at "
                    f"{self.start}–{self.end}, not these words."
                }
            )


class SamePersonCandidate(models.Model):
    """Two people who may be one (Lee/Ri, Paek/Baek) but whose context did not settle it."""

    class Status(models.TextChoices):
        OPEN = "open", "to review"
        CONFIRMED = "confirmed", "same person"
        REJECTED = "rejected", "different people"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=Status, default=Status.OPEN)

    history = HistoricalRecords(history_manager=HistoryManager)

    class Meta:
        ordering = ["status", "pk"]
        verbose_name = "possible same person"
        verbose_name_plural = "possible same people"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "other"], name="samepersoncandidate_unique_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("other")), name="samepersoncandidate_two_people"
            ),
        ]

    def __str__(self):
        return f"{self.person} / {self.other}?"


class DiscrepancyKind(models.TextChoices):
    NAME = "name", "name"
    FIGURE = "figure", "figure"
    DATE = "date", "date"
    FACT = "fact", "fact"


class Discrepancy(models.Model):
    """Outlets giving different values for the same thing: a spelling, a number, a date."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="discrepancies")
    subject = models.CharField(
        max_length=300, help_text="What the values are about: 'troops sent'."
    )
    kind = models.CharField(max_length=20, choices=DiscrepancyKind, default=DiscrepancyKind.FACT)
    note = models.TextField(blank=True, help_text="Editors' note: which value holds, and why.")

    version = IntegerVersionField(
        help_text="Counts saves, so that one editor cannot overwrite another's."
    )
    history = HistoricalRecords(history_manager=HistoryManager, excluded_fields=["version"])

    class Meta:
        ordering = ["event", "subject"]
        verbose_name_plural = "discrepancies"
        constraints = [
            models.UniqueConstraint(fields=["event", "subject"], name="discrepancy_unique_subject"),
            models.CheckConstraint(
                condition=models.Q(kind__in=DiscrepancyKind.values), name="discrepancy_kind_valid"
            ),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return f"{self.event.get_absolute_url()}#discrepancy-{self.pk}"


class DiscrepancyValue(models.Model):
    """One outlet's value in a discrepancy, and the attribution that carries it, if any."""

    discrepancy = models.ForeignKey(Discrepancy, on_delete=models.CASCADE, related_name="values")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    attribution = models.ForeignKey(
        Attribution, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    value = models.CharField(max_length=200)
    words = models.CharField(max_length=500, blank=True, help_text="The article's words for it.")

    history = HistoricalRecords(history_manager=HistoryManager)

    class Meta:
        ordering = ["discrepancy", "value", "article"]
        constraints = [
            models.UniqueConstraint(
                fields=["discrepancy", "article", "value"], name="discrepancyvalue_unique"
            )
        ]

    def __str__(self):
        return self.value


class ClaimEvidence(models.Model):
    """A link an editor gives as evidence for a claim's status."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField("link", max_length=2000)
    note = models.CharField(max_length=500, blank=True, help_text="What it shows.")

    history = HistoricalRecords(history_manager=HistoryManager)

    class Meta:
        ordering = ["claim", "pk"]
        verbose_name = "evidence link"

    def __str__(self):
        return self.url


class EditorialOperation(models.Model):
    """A merge, split or move an editor made, with what it changed, so it can be undone."""

    class Kind(models.TextChoices):
        MERGE_PEOPLE = "merge_people", "merge people"
        MERGE_CLAIMS = "merge_claims", "merge claims"
        SPLIT_ATTRIBUTION = "split_attribution", "split an attribution into a new claim"
        MOVE_ARTICLE = "move_article", "move an article to another event"
        MERGE_EVENTS = "merge_events", "merge events"
        REJECT_SAME_PERSON = "reject_same_person", "mark two people as different"

    kind = models.CharField(max_length=30, choices=Kind)
    summary = models.CharField(max_length=500)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    changes = models.JSONField(default=list, help_text="Fields changed, with before and after.")
    deleted = models.JSONField(default=list, help_text="Rows deleted, serialized for undo.")
    created = models.JSONField(default=list, help_text="Rows created, deleted again on undo.")
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.summary
