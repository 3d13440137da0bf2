import datetime

import pytest
from django.urls import reverse

from .factories import (
    make_alias,
    make_article,
    make_attribution,
    make_claim,
    make_event,
    make_outlet,
    make_person,
    make_story,
    make_timeline_entry,
)

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script>'


@pytest.fixture
def archive():
    """A story with an event covered by several outlets, each quoting the same speaker."""
    story = make_story(title="North Korean POWs in Ukraine")
    event = make_event(story=story, title="Seoul will accept North Korean POWs")
    speaker = make_person(name="Ri", description="captured North Korean soldier")
    make_alias(person=speaker, name="Lee")
    claim = make_claim(event=event, speaker=speaker, text="I want to go to South Korea")
    for n in range(5):
        article = make_article(
            event=event,
            body=f"SEOUL – Report {n}: “I want to go to South Korea,” Ri said.",
        )
        make_attribution(article=article, claim=claim, words="I want to go to South Korea")
        make_claim(event=event, speaker=make_person())
    make_event(title="An event without a story")
    return {"story": story, "event": event, "claim": claim, "speaker": speaker, "article": article}


def page_urls(archive):
    return [
        reverse("articles:home"),
        archive["story"].get_absolute_url(),
        archive["event"].get_absolute_url(),
        archive["article"].get_absolute_url(),
        reverse("articles:article_raw", args=[archive["article"].pk]),
        archive["article"].outlet.get_absolute_url(),
        archive["speaker"].get_absolute_url(),
        archive["claim"].get_absolute_url(),
    ]


def test_every_public_page_answers_with_a_bounded_number_of_queries(
    client, archive, django_assert_max_num_queries
):
    for url in page_urls(archive):
        # The person page's three lists in pages cost a count each (tests/test_page_queries.py
        # pins every page separately).
        with django_assert_max_num_queries(7):
            response = client.get(url)
        assert response.status_code == 200, url


def test_page_queries_do_not_grow_with_the_number_of_articles(
    client, archive, django_assert_max_num_queries
):
    for n in range(20):
        article = make_article(
            event=archive["event"], body=f"Report {n}: “I want to go to South Korea.”"
        )
        make_attribution(
            article=article, claim=archive["claim"], words="I want to go to South Korea"
        )
    for url in page_urls(archive):
        with django_assert_max_num_queries(7):
            assert client.get(url).status_code == 200


def test_the_home_page_shows_stories_and_events_in_date_order(client, archive):
    later = make_event(
        story=archive["story"], title="Later event", date=archive["event"].date.replace(day=28)
    )
    html = client.get(reverse("articles:home")).content.decode()
    assert html.index(archive["event"].title) < html.index(later.title)
    assert "5 reports by" in html
    assert "An event without a story" in html


def test_the_event_page_links_each_outlet_and_its_words(client, archive):
    html = client.get(archive["event"].get_absolute_url()).content.decode()
    assert archive["article"].outlet.get_absolute_url() in html
    assert "I want to go to South Korea" in html
    assert archive["speaker"].get_absolute_url() in html


def test_the_person_page_lists_aliases_and_claims(client, archive):
    html = client.get(archive["speaker"].get_absolute_url()).content.decode()
    assert "Lee" in html
    assert archive["claim"].get_absolute_url() in html


def test_the_article_page_shows_provenance_and_links_the_raw_text(client, archive):
    article = archive["article"]
    html = client.get(article.get_absolute_url()).content.decode()
    assert article.raw_sha256 in html
    assert article.source_file in html
    assert reverse("articles:article_raw", args=[article.pk]) in html


def test_the_raw_text_is_served_exactly_as_imported_as_plain_text(client):
    article = make_article(raw_text=f"Headline\r\n{XSS}\n  trailing  ")
    response = client.get(reverse("articles:article_raw", args=[article.pk]))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == f"Headline\r\n{XSS}\n  trailing  "


def test_imported_text_is_never_rendered_as_markup(client):
    event = make_event(title=XSS)
    person = make_person(name=XSS)
    article = make_article(
        headline=XSS, byline=XSS, body=f"Body {XSS}", event=event, outlet=make_outlet(name=XSS)
    )
    claim = make_claim(event=event, speaker=person, text=XSS)
    make_attribution(article=article, claim=claim, words=XSS)
    for url in (
        article.get_absolute_url(),
        event.get_absolute_url(),
        person.get_absolute_url(),
        claim.get_absolute_url(),
        article.outlet.get_absolute_url(),
        reverse("articles:home"),
    ):
        html = client.get(url).content.decode()
        assert XSS not in html, url
        assert "&lt;script&gt;" in html, url


def test_unknown_objects_are_not_found(client):
    for url in (
        "/articles/999/",
        "/articles/999/raw/",
        "/events/nope/",
        "/people/nope/",
        "/claims/9/",
    ):
        assert client.get(url).status_code == 404, url


def test_pages_carry_a_content_security_policy(client, archive):
    response = client.get(reverse("articles:home"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_editors_see_a_link_to_the_admin_and_readers_do_not(client, editor):
    assert reverse("admin:index") not in client.get(reverse("articles:home")).content.decode()
    client.force_login(editor)
    assert reverse("admin:index") in client.get(reverse("articles:home")).content.decode()


def test_an_article_page_links_its_earlier_and_later_versions(
    client, django_assert_max_num_queries
):
    old = make_article()
    new = make_article(outlet=old.outlet, previous_version=old)
    with django_assert_max_num_queries(6):
        old_html = client.get(old.get_absolute_url()).content.decode()
    new_html = client.get(new.get_absolute_url()).content.decode()
    assert f'href="{new.get_absolute_url()}">the newer version' in old_html
    assert f'href="{old.get_absolute_url()}">the earlier version' in new_html


def test_event_and_outlet_pages_list_only_the_latest_version(client):
    event = make_event()
    old = make_article(event=event, headline="First capture")
    make_article(event=event, outlet=old.outlet, previous_version=old, headline="Second capture")
    for url in (event.get_absolute_url(), old.outlet.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "Second capture" in html and "First capture" not in html
    home = client.get(reverse("articles:home")).content.decode()
    assert "1 report by" in home


def test_the_home_page_links_the_latest_articles_and_their_outlets(client):
    article = make_article(headline="Seoul will accept POWs")
    html = client.get(reverse("articles:home")).content.decode()
    assert f'<a href="{article.get_absolute_url()}">Seoul will accept POWs</a>' in html
    assert article.outlet.get_absolute_url() in html


def test_a_missing_page_is_shown_in_the_sites_style_with_a_way_back(client, settings):
    settings.DEBUG = False
    response = client.get("/events/no-such-event/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Not found</h1>" in html and reverse("articles:search") in html


def test_the_error_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html and "favicon" in html


def test_pages_carry_an_etag_and_answer_304_when_unchanged(client, archive):
    url = archive["event"].get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_every_page_has_a_title_a_description_and_breadcrumbs(client, archive):
    for url in page_urls(archive):
        if "/raw/" in url:
            continue
        html = client.get(url).content.decode()
        assert "<title>" in html and '<meta name="description" content="' in html, url
        if url != reverse("articles:home"):
            assert 'aria-label="Breadcrumb"' in html, url


def test_the_event_page_compares_the_outlets_claim_by_claim(client, archive):
    other_outlet_article = make_article(event=archive["event"], body="Nothing quoted here at all.")
    html = client.get(archive["event"].get_absolute_url()).content.decode()
    assert '<table class="matrix">' in html
    assert f'<th scope="col">{other_outlet_article.outlet.name}</th>' in html
    assert "not reported by " + other_outlet_article.outlet.name in html
    assert "<svg" in html and "When each outlet reported" in html
    assert "Sourcing, outlet by outlet" in html


def test_the_article_page_highlights_each_attribution_and_links_its_claim(client, archive):
    article = archive["article"]
    attribution = article.attributions.get()
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        f'<mark id="attribution-{attribution.pk}"><a href="{attribution.claim.get_absolute_url()}"'
        in html
    )
    assert ">I want to go to South Korea</a></mark>" in html


def test_the_timeline_filters_by_outlet_person_words_and_dates(client, archive):
    other = make_event(title="Floods in Bavaria", date=archive["event"].date.replace(year=2024))
    make_article(event=other, headline="Rivers rise")
    home = reverse("articles:home")
    outlet = archive["article"].outlet
    by_outlet = client.get(home, {"outlet": outlet.pk}).content.decode()
    assert archive["event"].title in by_outlet and "Floods in Bavaria" not in by_outlet
    by_person = client.get(home, {"person": "Lee"}).content.decode()
    assert archive["event"].title in by_person and "Floods in Bavaria" not in by_person
    by_words = client.get(home, {"q": "rivers"}).content.decode()
    assert "Floods in Bavaria" in by_words and archive["event"].title not in by_words
    by_date = client.get(home, {"end": "2024-12-31"}).content.decode()
    assert "Floods in Bavaria" in by_date and archive["event"].title not in by_date


def test_the_person_page_shows_a_busy_speaker_in_pages(client, django_assert_max_num_queries):
    event = make_event()
    person = make_person(name="Busy Speaker")
    for n in range(120):
        make_claim(event=event, speaker=person, text=f"Statement number {n}")
    url = person.get_absolute_url()
    first = client.get(url).content.decode()
    assert first.count('<li>\n          <a href="/claims/') == 50
    assert "Page 1 of 3" in first and "(120)" in first
    last = client.get(url, {"page": 3}).content.decode()
    assert last.count('<li>\n          <a href="/claims/') == 20
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_the_timeline_starts_with_the_latest_events(client):
    old = make_event(title="Old news", date=datetime.date(2021, 3, 1), story=make_story())
    new = make_event(title="Fresh news", date=datetime.date(2025, 3, 1), story=make_story())
    undated = make_event(title="Undated news", date=None, date_precision="unknown")
    html = client.get(reverse("articles:home")).content.decode()
    assert html.index(new.title) < html.index(old.title) < html.index(undated.title)


def test_the_timeline_shows_the_background_its_reports_relate_not_the_whole_story(client):
    story = make_story(title="A long story")
    old = make_event(title="Old chapter", date=datetime.date(2021, 3, 1), story=story)
    new = make_event(title="New chapter", date=datetime.date(2025, 3, 1), story=story)
    for n in range(25):  # the old chapter falls to the second page
        make_event(title=f"Other news {n}", date=datetime.date(2024, 1, 1 + n))
    old_entry = make_timeline_entry(story=story, text="Talks began in 2019")
    old_entry.articles.add(make_article(event=old))
    new_entry = make_timeline_entry(story=story, text="Talks resumed in 2024")
    new_entry.articles.add(make_article(event=new))
    first = client.get(reverse("articles:home")).content.decode()
    assert "New chapter" in first and "Talks resumed in 2024" in first
    assert "Old chapter" not in first and "Talks began in 2019" not in first
    second = client.get(reverse("articles:home"), {"page": 2}).content.decode()
    assert "Old chapter" in second and "Talks began in 2019" in second
    assert "Talks resumed in 2024" not in second
    story_page = client.get(story.get_absolute_url()).content.decode()
    assert "Talks began in 2019" in story_page and "Talks resumed in 2024" in story_page
