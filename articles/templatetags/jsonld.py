"""JSON-LD for article and claim pages: plain dicts, rendered inert in a script element.

Views build the data with article_json_ld() or claim_json_ld(); templates render it with
{% load jsonld %}{{ json_ld|json_ld }}.
"""

import json
from urllib.parse import urljoin

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.models import DatePrecision
from claims.models import ClaimStatus, PersonKind

register = template.Library()

# The escapes django.utils.html.json_script uses (its table is private): with <, > and & as
# \u escapes, no string in the data can close the script element or open a comment in it.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """<script type="application/ld+json"> holding data; nothing when there is no data."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def iso_date(date, precision):
    """An ISO 8601 date no more precise than known ('2025-02-20', '2025-02', '2025'), or None."""
    if date is None or precision == DatePrecision.UNKNOWN:
        return None
    if precision == DatePrecision.YEAR:
        return f"{date.year:04}"
    if precision == DatePrecision.MONTH:
        return f"{date.year:04}-{date.month:02}"
    return date.isoformat()


def _agent(person):
    if person.kind == PersonKind.INSTITUTION:
        return {"@type": "Organization", "name": person.name}
    if person.kind == PersonKind.ANONYMOUS:
        # An unnamed source's record holds its role, not a name.
        return {"@type": "Person", "description": person.name}
    return {"@type": "Person", "name": person.name}


def _news_article(article, url):
    data = {"@type": "NewsArticle", "headline": article.headline, "url": url}
    published = iso_date(article.published, article.published_precision)
    if published:
        data["datePublished"] = published
    if article.outlet:
        data["publisher"] = {"@type": "Organization", "name": article.outlet.name}
    return data


def article_json_ld(article, url):
    """schema.org NewsArticle for an article; url is its page's absolute address.

    Reads article.outlet and article.authors: select or prefetch them."""
    data = {"@context": "https://schema.org", **_news_article(article, url)}
    authors = [_agent(person) for person in article.authors.all()]
    if authors:
        data["author"] = authors
    return data


def claim_json_ld(claim, url):
    """schema.org Claim with the articles it appears in; url is the claim page's absolute address.

    Reads claim.speaker and claim.attributions with their article and outlet: select or
    prefetch them, as the claim page does."""
    data = {"@context": "https://schema.org", "@type": "Claim", "url": url, "text": claim.text}
    if claim.speaker:
        data["author"] = _agent(claim.speaker)
    appearances = {}
    for attribution in claim.attributions.all():
        article = attribution.article
        if article.pk not in appearances:
            # The article pages live on the same site as the claim page.
            article_url = urljoin(url, article.get_absolute_url())
            appearances[article.pk] = _news_article(article, article_url)
    if appearances:
        data["appearance"] = list(appearances.values())
    if claim.status != ClaimStatus.UNVERIFIED:
        review = {
            "@type": "ClaimReview",
            "reviewRating": {"@type": "Rating", "alternateName": claim.get_status_display()},
        }
        if claim.status_note:
            review["reviewBody"] = claim.status_note
        data["review"] = review
    return data
