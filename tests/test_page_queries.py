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
    "event": 7,
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
    for name, url in urls.items():
        with django_assert_max_num_queries(BOUNDS[name]):
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
