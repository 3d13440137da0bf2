"""Each public page runs the same number of queries for a small archive and a larger one."""

import pytest
from django.urls import reverse

from claims.models import PersonKind

from .factories import (
    make_alias,
    make_article,
    make_attribution,
    make_claim,
    make_discrepancy,
    make_event,
    make_outlet,
    make_person,
    make_story,
    make_timeline_entry,
)

pytestmark = pytest.mark.django_db
BODY = "SEOUL – “The ministry will act,” an official said. {n} more words follow here."


def build(articles, claims, outlets):
    story = make_story()
    event = make_event(story=story)
    outlet_rows = [make_outlet() for _ in range(outlets)]
    article_rows = [
        make_article(event=event, outlet=outlet_rows[n % outlets], body=BODY.format(n=n))
        for n in range(articles)
    ]
    for article in article_rows[:outlets]:
        article.credited_outlets.add(outlet_rows[0])
    speakers = [make_person(), make_person(kind=PersonKind.ANONYMOUS, event=event)]
    make_alias(person=speakers[0], name="Lee")
    for n in range(claims):
        claim = make_claim(event=event, speaker=speakers[n % 2])
        for k in range(3):
            article = article_rows[(n + k) % articles]
            make_attribution(article=article, claim=claim, words="The ministry will act")
    make_discrepancy(event=event)
    for _ in range(5):
        make_timeline_entry(story=story).articles.add(*article_rows[:3])
    return {
        "home": reverse("articles:home"),
        "story": story.get_absolute_url(),
        "event": event.get_absolute_url(),
        "article": article_rows[0].get_absolute_url(),
        "outlet": outlet_rows[0].get_absolute_url(),
        "person": speakers[0].get_absolute_url(),
        "anonymous": speakers[1].get_absolute_url(),
        "claim": speakers[0].claims.first().get_absolute_url(),
        "search": reverse("articles:search") + "?q=ministry",
        "feed": reverse("articles:events_feed"),
    }


BOUNDS = {
    "home": 7,
    "story": 5,
    "event": 7,  # the first visit makes the comparison and stores it
    "event, stored": 1,
    "article": 5,
    "outlet": 6,
    "person": 7,
    "anonymous": 7,
    "claim": 3,
    "search": 8,
    "feed": 3,
}


@pytest.mark.parametrize("size", [(5, 10, 2), (50, 200, 10)], ids=["small", "large"])
def test_every_public_page_runs_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, size
):
    # What rendering costs (the page cache is off in tests); a page served from the cache costs
    # one query (tests/test_caching.py).
    urls = build(*size)
    urls["event, stored"] = urls["event"]
    for name, url in urls.items():
        with django_assert_max_num_queries(BOUNDS[name]):
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)


def generated_pages():
    """One of each public page on a generated archive, the most quoted person's included."""
    from django.db.models import Count

    from articles.models import Article, Event, Outlet, Story
    from claims.models import Claim, Person

    busiest = Person.objects.annotate(n=Count("claims")).order_by("-n", "pk").first()
    return {
        "home": reverse("articles:home"),
        "home, page 2": reverse("articles:home") + "?page=2",
        "story": Story.objects.order_by("pk").first().get_absolute_url(),
        "event": Event.objects.order_by("pk").first().get_absolute_url(),
        "event, stored": Event.objects.order_by("pk").first().get_absolute_url(),
        "article": Article.objects.order_by("pk").first().get_absolute_url(),
        "outlet": Outlet.objects.filter(articles__isnull=False).first().get_absolute_url(),
        "person": busiest.get_absolute_url(),
        "claim": Claim.objects.order_by("pk").first().get_absolute_url(),
        "search": reverse("articles:search") + "?q=minister",
        "feed": reverse("articles:events_feed"),
    }


def test_page_queries_are_the_same_in_a_generated_archive_four_times_larger(client):
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts():
        from articles.models import EventComparison

        EventComparison.objects.all().delete()  # the event is compared, then read as stored
        found = {}
        for name, url in generated_pages().items():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, name
            found[name] = len(queries)
        return found

    call_command("generate_corpus", "--rows", "--articles", "150", "--seed", "3", verbosity=0)
    small = counts()
    call_command("generate_corpus", "--rows", "--articles", "450", "--seed", "3", verbosity=0)
    assert counts() == small
    assert all(count <= max(BOUNDS.values()) for count in small.values()), small
