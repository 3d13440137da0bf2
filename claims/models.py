"""People, the claims made about events, and where each claim appears in articles."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from articles.models import Article, Event, SluggedModel


class Person(SluggedModel):
    """Someone quoted or named, or an unnamed source described by its role."""

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
    is_anonymous = models.BooleanField(
        "anonymous", default=False, help_text="An unnamed source, known only by its role."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("claims:person_detail", args=[self.slug])


class PersonAlias(models.Model):
    """A spelling of a person's name seen in some article (Zelenskiy, Zelenskyy, ...)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    history = HistoricalRecords()

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

    history = HistoricalRecords()

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

    history = HistoricalRecords()

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
