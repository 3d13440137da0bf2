"""The person page: claims latest event first, and the articles a person wrote or is named in,
latest first and undated last, in pages that do not count the whole list."""

import datetime
import re

import pytest

from claims.views import PersonDetailView

from .factories import make_article, make_attribution, make_claim, make_event, make_person

pytestmark = pytest.mark.django_db


def section(html, heading):
    """The part of the page from the heading to the next heading (h2)."""
    start = html.index(f"<h2>{heading}")
    end = html.find("<h2>", start + 1)
    return html[start : end if end != -1 else len(html)]


def article_ids(html):
    return [int(pk) for pk in re.findall(r'<a href="/articles/(\d+)/">', html)]


def latest_first(articles):
    """The order the page promises: latest publication first, then the latest added; undated
    articles last."""
    dated = sorted(
        (a for a in articles if a.published), key=lambda a: (a.published, a.pk), reverse=True
    )
    return [a.pk for a in dated] + sorted((a.pk for a in articles if not a.published), reverse=True)


@pytest.mark.parametrize(
    ("dated", "undated"), [(13, 4), (10, 1), (9, 3), (0, 13), (2, 12), (4, 0)], ids=str
)
@pytest.mark.parametrize("relation", ["mentioned_in", "articles"])
def test_articles_come_latest_first_and_undated_last_page_by_page(
    client, monkeypatch, dated, undated, relation
):
    monkeypatch.setattr(PersonDetailView, "per_page", 5)
    person = make_person()
    articles = [
        make_article(published=datetime.date(2020, 1, 1) + datetime.timedelta(days=n % 7 * 40))
        for n in range(dated)
    ] + [make_article(published=None, published_precision="unknown") for _ in range(undated)]
    getattr(person, relation).add(*articles)
    heading, param = (
        ("Named in", "named") if relation == "mentioned_in" else ("Articles written", "written")
    )
    shown, number = [], 1
    while True:
        html = client.get(person.get_absolute_url(), {param: number}).content.decode()
        part = section(html, heading)
        ids = article_ids(part)
        assert 0 < len(ids) <= 5
        shown += ids
        assert f"<span>Page {number}</span>" in part if len(articles) > 5 else "<nav" not in part
        assert ("(" + str(len(articles)) + ")" in part) == ('rel="next"' not in part)
        if 'rel="next"' not in part:
            break
        assert f'href="?{param}={number + 1}" rel="next"' in part
        number += 1
    assert shown == latest_first(articles)
    assert number == -(-len(articles) // 5)
    if number > 1:
        assert f'href="?{param}={number - 1}" rel="prev"' in part


def test_only_the_current_version_of_an_article_is_listed(client):
    person = make_person()
    old = make_article(headline="First capture")
    new = make_article(outlet=old.outlet, previous_version=old, headline="Second capture")
    person.mentioned_in.add(old, new)
    html = section(client.get(person.get_absolute_url()).content.decode(), "Named in")
    assert article_ids(html) == [new.pk]
    assert "(1)" in html


def test_a_page_past_the_end_or_not_a_number_shows_the_first(client, monkeypatch):
    monkeypatch.setattr(PersonDetailView, "per_page", 5)
    person = make_person()
    articles = [make_article(published=datetime.date(2024, 1, n + 1)) for n in range(7)]
    person.mentioned_in.add(*articles)
    first = article_ids(client.get(person.get_absolute_url()).content.decode())
    assert first == [a.pk for a in reversed(articles)][:5]
    for bad in ("9", "0", "-2", "two"):
        html = client.get(person.get_absolute_url(), {"named": bad}).content.decode()
        assert article_ids(html) == first, bad
        assert "<span>Page 1</span>" in html


def test_claims_come_latest_event_first_one_section_per_event(client):
    person = make_person()
    day = datetime.date(2023, 5, 1)
    # Two events of one day with one title: each keeps its claims together.
    twins = [make_event(title="Talks resume", date=day) for _ in range(2)]
    later = make_event(title="Later", date=day + datetime.timedelta(days=30))
    undated = make_event(title="Undated", date=None, date_precision="unknown")
    claims = [make_claim(event=twins[n % 2], speaker=person) for n in range(4)]
    claims += [make_claim(event=undated, speaker=person), make_claim(event=later, speaker=person)]
    html = client.get(person.get_absolute_url()).content.decode()
    sections = re.findall(r'<section aria-labelledby="event-(\d+)">(.*?)</section>', html, re.S)
    order = [int(pk) for pk, _ in sections]
    assert order == [later.pk, max(e.pk for e in twins), min(e.pk for e in twins), undated.pk]
    for pk, body in sections:
        listed = [int(c) for c in re.findall(r'<a href="/claims/(\d+)/">', body)]
        assert listed == sorted(c.pk for c in claims if c.event_id == int(pk))


def test_each_appearance_links_to_its_words_in_the_article(client):
    person = make_person()
    claim = make_claim(speaker=person)
    attributions = [make_attribution(claim=claim) for _ in range(3)]
    unknown = make_attribution(claim=claim, article=make_article(outlet=None))
    html = client.get(person.get_absolute_url()).content.decode()
    assert f'<a href="{claim.get_absolute_url()}">{claim.text}</a>' in html
    for attribution in attributions:
        outlet = attribution.article.outlet.name
        assert f'<a href="{attribution.get_absolute_url()}">{outlet}</a>: “' in html
    assert f'<a href="{unknown.get_absolute_url()}">Unknown outlet</a>' in html
    assert html.count("“the ministry will act”") == 4
