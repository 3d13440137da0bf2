"""Readers' pages come from a cache that every change to the archive invalidates at once."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from articles.models import Article, Event
from claims.models import Claim

from .factories import make_article, make_attribution, make_event, make_story
from .test_admin import admin_url, signed_version

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()


@pytest.fixture
def reader():
    # Not the `client` fixture: editor_client is that same client, signed in.
    return Client()


@pytest.fixture
def event():
    event = make_event(title="Seoul offers asylum", story=make_story())
    make_attribution(article=make_article(event=event, headline="First report"))
    return event


def test_a_second_visit_is_served_from_the_cache_with_one_query(
    client, event, django_assert_num_queries
):
    first = client.get(event.get_absolute_url())
    with django_assert_num_queries(1):  # the archive revision
        second = client.get(event.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_an_unchanged_page_is_answered_not_modified(client, event):
    etag = client.get(event.get_absolute_url())["ETag"]
    response = client.get(event.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_an_editors_save_in_the_admin_shows_at_once(reader, editor_client, event):
    assert b"Seoul offers asylum" in reader.get(event.get_absolute_url()).content
    url = admin_url(Event, "change", event.pk)
    response = editor_client.post(
        url,
        {
            "title": "Seoul offers asylum to soldiers",
            "slug": event.slug,
            "story": event.story_id,
            "date": "2025-02-19",
            "date_precision": "day",
            "summary": "",
            "note": "",
            "version": signed_version(editor_client, url),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert b"Seoul offers asylum to soldiers" in reader.get(event.get_absolute_url()).content


def test_an_editorial_action_shows_at_once(reader, superuser_client, event):
    claim = event.claims.get()
    other = make_attribution(
        article=make_article(event=event, headline="Second report"), words="the ministry will act"
    ).claim
    page = reader.get(event.get_absolute_url()).content.decode()
    assert f'href="/claims/{other.pk}/"' in page
    response = superuser_client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "merge_claims", "_selected_action": [claim.pk, other.pk], "keep": claim.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Claim.objects.filter(pk=other.pk).exists()
    page = reader.get(event.get_absolute_url()).content.decode()
    assert f'href="/claims/{other.pk}/"' not in page


def test_a_change_saved_outside_a_request_shows_at_once(client, event):
    article = event.articles.get()
    assert b"First report" in client.get(event.get_absolute_url()).content
    article.headline = "Corrected report"
    article.save()
    assert b"Corrected report" in client.get(event.get_absolute_url()).content


def test_an_import_shows_at_once(client, tmp_path):
    home = reverse("articles:home")
    before = client.get(home).content
    (tmp_path / "one.txt").write_text(
        "Seoul says it will accept soldiers\n\nSEOUL – The ministry said on Wednesday that "
        "“we will accept every soldier who asks,” Lee Jae-woong said.\n",
        encoding="utf-8",
    )
    call_command("import_seeds", str(tmp_path), stdout=None)
    after = client.get(home).content
    assert after != before
    assert b"Seoul says it will accept soldiers" in after


def test_every_web_process_sees_the_change(event):
    # Two processes with caches of their own: the revision they check lives in the database.
    reader, other_process_cache = Client(), {}
    reader.get(event.get_absolute_url())
    other_process_cache.update(cache._cache)
    Article.objects.filter(event=event).update(headline="Changed by a bulk update")
    from articles import revision

    # What a bulk writer must do (articles/revision.py): replace the revision, and outdate the
    # comparisons of the events the rows lead to.
    revision.outdate_every_comparison()
    revision.bump()
    cache._cache.update(other_process_cache)
    assert b"Changed by a bulk update" in reader.get(event.get_absolute_url()).content


def test_signed_in_editors_always_get_a_fresh_page(reader, editor_client, event):
    reader.get(event.get_absolute_url())
    page = editor_client.get(event.get_absolute_url()).content.decode()
    assert "Editors’ admin" in page
    assert "Editors’ admin" not in reader.get(event.get_absolute_url()).content.decode()


def test_only_successful_pages_are_cached(client):
    missing = "/events/no-such-event/"
    assert client.get(missing).status_code == 404
    event = make_event(slug="no-such-event", title="Now it exists")
    assert client.get(missing).status_code == 200
    assert event.title.encode() in client.get(missing).content


def test_the_cache_can_be_switched_off(client, event, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(event.get_absolute_url())
    # A bulk update that does not replace the revision: only a page rendered anew shows it.
    Event.objects.filter(pk=event.pk).update(title="Retitled in bulk")
    assert b"Retitled in bulk" in client.get(event.get_absolute_url()).content


def test_a_page_from_the_cache_has_the_headers_of_a_rendered_one(client, event):
    first = client.get(event.get_absolute_url())
    second = client.get(event.get_absolute_url())
    assert second.wsgi_request.resolver_match is None  # answered before the view was reached
    for header in (
        "Content-Type",
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "ETag",
    ):
        assert second[header] == first[header], header


def test_pages_not_marked_for_the_cache_cost_no_revision_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/no-such-page/").status_code == 404
