import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article, DatePrecision, Event, Outlet, format_dated
from claims.models import Attribution

from .factories import (
    make_alias,
    make_article,
    make_attribution,
    make_claim,
    make_event,
    make_outlet,
    make_person,
)

pytestmark = pytest.mark.django_db


def test_an_article_gets_the_sha256_of_its_raw_text():
    article = make_article(raw_text="Raw text\n")
    assert article.raw_sha256 == hashlib.sha256(b"Raw text\n").hexdigest()


def test_two_articles_cannot_share_a_raw_text_hash():
    first = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(raw_text="other text", raw_sha256=first.raw_sha256)


def test_an_attribution_must_end_after_it_starts():
    attribution = make_attribution()
    for end in (attribution.start, attribution.start - 1):
        with pytest.raises(IntegrityError), transaction.atomic():
            Attribution.objects.filter(pk=attribution.pk).update(end=end)


def test_an_unknown_date_precision_is_refused():
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(published_precision="week")


def test_a_known_precision_needs_a_date_and_an_unknown_one_refuses_it():
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(published=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(published_precision=DatePrecision.UNKNOWN)
    Article.objects.filter(pk=article.pk).update(
        published=None, published_precision=DatePrecision.UNKNOWN
    )
    assert Article.objects.get(pk=article.pk).published_display == "date unknown"


def test_event_dates_have_the_same_constraints():
    event = make_event()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(date_precision="decade")


def test_slugs_are_made_from_names_and_kept_unique():
    first = make_outlet(name="The Seoul Courier", domain="seoulcourier.example")
    second = make_outlet(name="The Seoul Courier", domain="")
    assert (first.slug, second.slug) == ("the-seoul-courier", "the-seoul-courier-2")
    with pytest.raises(IntegrityError), transaction.atomic():
        Outlet.objects.filter(pk=second.pk).update(slug=first.slug)


def test_a_new_slug_takes_the_first_free_number_whatever_other_slugs_begin_alike():
    for name, slug in [
        ("Seoul", "seoul"),
        ("Seoul", "seoul-2"),
        ("Seoul", "seoul-4"),
        ("Seoul Times", "seoul-times"),
        ("Seoul 3", "seoul-3x"),
    ]:
        make_outlet(name=name, slug=slug, domain="")
    assert make_outlet(name="Seoul", domain="").slug == "seoul-3"
    assert make_outlet(name="Seoul", domain="").slug == "seoul-5"


def test_two_outlets_cannot_share_a_domain_but_may_both_have_none():
    make_outlet(domain="")
    make_outlet(domain="")
    make_outlet(domain="wire.example")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_outlet(domain="wire.example")


def test_a_person_cannot_have_the_same_alias_twice():
    alias = make_alias(name="Zelenskiy")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_alias(person=alias.person, name="Zelenskiy")
    assert make_alias(name="Zelenskiy").person != alias.person


def test_an_attribution_must_quote_the_body_at_its_offsets():
    attribution = make_attribution(words="the ministry will act")
    attribution.full_clean()
    attribution.start += 1
    with pytest.raises(ValidationError, match="not these words"):
        attribution.full_clean()


def test_an_attribution_with_start_after_end_fails_validation_with_a_message():
    attribution = make_attribution()
    attribution.end = attribution.start
    with pytest.raises(ValidationError, match="end offset must come after"):
        attribution.full_clean()


@pytest.mark.parametrize(
    ("date", "precision", "message"),
    [
        (datetime.date(2025, 2, 19), DatePrecision.MONTH, "1st day"),
        (datetime.date(2025, 2, 1), DatePrecision.YEAR, "1 January"),
        (None, DatePrecision.DAY, "Give a date"),
        (datetime.date(2025, 2, 1), DatePrecision.UNKNOWN, "Leave the date empty"),
    ],
)
def test_article_validation_explains_a_date_that_does_not_fit_its_precision(
    date, precision, message
):
    article = make_article()
    article.published, article.published_precision = date, precision
    with pytest.raises(ValidationError, match=message):
        article.full_clean()


@pytest.mark.parametrize(
    ("date", "precision", "shown"),
    [
        (datetime.date(2025, 2, 19), DatePrecision.DAY, "19 Feb 2025"),
        (datetime.date(2025, 2, 1), DatePrecision.MONTH, "Feb 2025"),
        (datetime.date(2025, 1, 1), DatePrecision.YEAR, "2025"),
        (None, DatePrecision.UNKNOWN, "date unknown"),
    ],
)
def test_dates_are_shown_no_more_precisely_than_known(date, precision, shown):
    assert format_dated(date, precision) == shown


def test_every_shown_object_has_a_page_address():
    attribution = make_attribution()
    claim = attribution.claim
    claim.speaker = make_person(name="Lee Jae-woong")
    claim.save()
    urls = [
        attribution.article.get_absolute_url(),
        attribution.article.outlet.get_absolute_url(),
        claim.get_absolute_url(),
        claim.event.get_absolute_url(),
        claim.speaker.get_absolute_url(),
        attribution.get_absolute_url(),
    ]
    assert urls[4] == "/people/lee-jae-woong/"
    assert urls[5] == f"/articles/{attribution.article.pk}/#attribution-{attribution.pk}"
    assert len(set(urls)) == len(urls)


def test_a_claim_is_shown_by_its_text_shortened():
    claim = make_claim(text="x" * 100)
    assert str(claim) == "x" * 79 + "…"
    assert str(make_claim(text="short")) == "short"
