import datetime
import json
import re

import pytest
from django.db.models import Prefetch
from django.template import Context, Template
from django.utils.html import json_script

from articles.models import DatePrecision
from articles.templatetags.jsonld import article_json_ld, claim_json_ld, iso_date
from claims.models import Attribution, Claim, ClaimStatus, PersonKind

from .factories import (
    make_article,
    make_attribution,
    make_claim,
    make_outlet,
    make_person,
)

PAYLOAD = "</script><script>alert(1)</script><!-- & -->"
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*)</script>', re.DOTALL)


def render(data):
    return Template("{% load jsonld %}{{ data|json_ld }}").render(Context({"data": data}))


def test_json_ld_is_rendered_inert_in_one_script_element():
    data = {"headline": PAYLOAD, "nested": [{"text": PAYLOAD}]}
    html = render(data)
    assert html.startswith('<script type="application/ld+json">')
    assert html.count("<script") == 1 and html.count("</script>") == 1
    assert "<!--" not in html and "&amp;" not in html
    assert json.loads(SCRIPT.fullmatch(html).group(1)) == data


def test_json_ld_escapes_exactly_as_json_script_does():
    data = {"headline": PAYLOAD, "name": "Zelenskyy’s “offer”"}
    ours = SCRIPT.fullmatch(render(data)).group(1)
    django = re.fullmatch(r'<script type="application/json">(.*)</script>', json_script(data))
    assert ours == django.group(1)


def test_no_data_renders_nothing():
    assert render(None) == "" and render({}) == ""
    assert Template("{% load jsonld %}{{ missing|json_ld }}").render(Context()) == ""


def test_dates_are_given_no_more_precisely_than_known():
    day = datetime.date(2025, 2, 20)
    assert iso_date(day, DatePrecision.DAY) == "2025-02-20"
    assert iso_date(datetime.date(2025, 2, 1), DatePrecision.MONTH) == "2025-02"
    assert iso_date(datetime.date(2025, 1, 1), DatePrecision.YEAR) == "2025"
    assert iso_date(None, DatePrecision.UNKNOWN) is None


@pytest.mark.django_db
def test_an_article_is_a_news_article_with_its_authors_and_publisher():
    article = make_article(
        headline="Seoul will accept POWs", outlet=make_outlet(name="The Korea Herald")
    )
    make_person(name="Choi Si-young").articles.add(article)
    make_person(name="Yonhap", kind=PersonKind.INSTITUTION).articles.add(article)
    url = f"https://archive.example.org{article.get_absolute_url()}"
    assert article_json_ld(article, url) == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Seoul will accept POWs",
        "url": url,
        "datePublished": "2025-02-20",
        "publisher": {"@type": "Organization", "name": "The Korea Herald"},
        "author": [
            {"@type": "Person", "name": "Choi Si-young"},
            {"@type": "Organization", "name": "Yonhap"},
        ],
    }


@pytest.mark.django_db
def test_an_article_of_unknown_date_outlet_and_authors_leaves_them_out():
    article = make_article(outlet=None, published=None, published_precision=DatePrecision.UNKNOWN)
    data = article_json_ld(article, "https://archive.example.org/articles/1/")
    assert set(data) == {"@context", "@type", "headline", "url"}


@pytest.mark.django_db
def test_an_article_known_to_the_month_gives_the_month():
    article = make_article(
        published=datetime.date(2025, 2, 1), published_precision=DatePrecision.MONTH
    )
    assert article_json_ld(article, "https://x.example/")["datePublished"] == "2025-02"


def claim_for_page(claim):
    # What the claim page selects and prefetches.
    return (
        Claim.objects.select_related("event", "speaker")
        .prefetch_related(
            Prefetch("attributions", queryset=Attribution.objects.select_related("article__outlet"))
        )
        .get(pk=claim.pk)
    )


@pytest.mark.django_db
def test_a_claim_lists_each_article_it_appears_in_once(django_assert_num_queries):
    claim = make_claim(speaker=make_person(name="Ri"), text="I want to go to South Korea")
    body = "“I want to go,” he said. Later: “I want to go,” again."
    twice = make_article(headline="Twice", outlet=make_outlet(name="Chosun Ilbo"), body=body)
    make_attribution(article=twice, claim=claim, words="I want to go")
    second = body.rindex("I want to go")
    Attribution.objects.create(
        article=twice, claim=claim, words="I want to go", start=second, end=second + 12
    )
    once = make_article(headline="Once", outlet=None, body=body)
    make_attribution(article=once, claim=claim, words="I want to go")
    claim = claim_for_page(claim)
    url = f"https://archive.example.org{claim.get_absolute_url()}"
    with django_assert_num_queries(0):
        data = claim_json_ld(claim, url)
    assert data["@type"] == "Claim" and data["url"] == url
    assert data["text"] == "I want to go to South Korea"
    assert data["author"] == {"@type": "Person", "name": "Ri"}
    # In the order the attributions come, which is the view's choice.
    assert sorted(data["appearance"], key=lambda article: article["headline"], reverse=True) == [
        {
            "@type": "NewsArticle",
            "headline": "Twice",
            "url": f"https://archive.example.org/articles/{twice.pk}/",
            "datePublished": "2025-02-20",
            "publisher": {"@type": "Organization", "name": "Chosun Ilbo"},
        },
        {
            "@type": "NewsArticle",
            "headline": "Once",
            "url": f"https://archive.example.org/articles/{once.pk}/",
            "datePublished": "2025-02-20",
        },
    ]


@pytest.mark.django_db
def test_an_unverified_claim_has_no_review():
    claim = claim_for_page(make_claim(status=ClaimStatus.UNVERIFIED))
    data = claim_json_ld(claim, "https://x.example/claims/1/")
    assert "review" not in data and "author" not in data and "appearance" not in data


@pytest.mark.django_db
def test_a_reviewed_claim_gives_its_status_as_the_rating():
    claim = make_claim(status=ClaimStatus.DISPUTED, status_note="Outlets differ on the years.")
    data = claim_json_ld(claim_for_page(claim), "https://x.example/claims/1/")
    assert data["review"] == {
        "@type": "ClaimReview",
        "reviewRating": {"@type": "Rating", "alternateName": "disputed"},
        "reviewBody": "Outlets differ on the years.",
    }


@pytest.mark.django_db
def test_an_anonymous_speaker_is_described_by_role_not_named():
    source = make_person(name="a Foreign Ministry official", kind=PersonKind.ANONYMOUS)
    data = claim_json_ld(claim_for_page(make_claim(speaker=source)), "https://x.example/")
    assert data["author"] == {"@type": "Person", "description": "a Foreign Ministry official"}


@pytest.mark.django_db
def test_a_claim_with_a_script_in_its_text_renders_inert():
    claim = claim_for_page(make_claim(text=PAYLOAD))
    html = render(claim_json_ld(claim, "https://x.example/claims/1/"))
    assert html.count("</script>") == 1 and "alert(1)</script>" not in html
    assert json.loads(SCRIPT.fullmatch(html).group(1))["text"] == PAYLOAD
