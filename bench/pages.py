"""Server time of each public page, the admin changelists and the bare view, in one process.

Run by bench/run.py against an archive it built; prints one JSON object. Each request goes
through the whole middleware stack (Django's test client calls the WSGI handler directly, with
no network), and the page cache is off unless DJANGO_PAGE_CACHE_SECONDS says otherwise.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.pages --requests 40
"""

import argparse
import json
import os
import random
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from articles.models import Article, Event  # noqa: E402
from claims.models import Person  # noqa: E402

# Words every archive of news has, from very common to rare; the rest come from headlines.
COMMON_TERMS = [
    "said",
    "government",
    "minister",
    "official",
    "president",
    "police",
    "election",
    "troops",
    "agreement",
    "court",
    "economy",
    "spokesperson",
    "ministry statement",
    "prime minister",
    "foreign ministry",
    "refused to comment",
    "zzqx",  # matches nothing
]
SAMPLES = 20


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(client, urls, requests):
    """Median and 95th percentile in milliseconds over `requests` requests cycling over urls."""
    for url in urls[:3]:  # warm the connection, templates and caches of the process
        client.get(url)
    times = []
    for n in range(requests):
        url = urls[n % len(urls)]
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "requests": requests,
        "urls": len(urls),
    }


def spread(queryset, count, rng):
    """Up to count rows picked evenly at random from the whole table, by primary key."""
    pks = list(queryset.values_list("pk", flat=True))
    return rng.sample(pks, min(count, len(pks)))


def search_terms(rng, count):
    headlines = Article.objects.filter(pk__in=spread(Article.objects.all(), 200, rng))
    words = sorted(
        {
            word.strip(".,;:“”‘’'\"()").lower()
            for headline in headlines.values_list("headline", flat=True)
            for word in headline.split()
        }
        - {""}
    )
    words = [w for w in words if len(w) > 3 and w.isalpha()]
    rare = rng.sample(words, min(count - len(COMMON_TERMS), len(words)))
    return COMMON_TERMS + rare


def urls(rng):
    events = Event.objects.filter(pk__in=spread(Event.objects.all(), SAMPLES, rng))
    articles = Article.objects.filter(pk__in=spread(Article.objects.current(), SAMPLES, rng))
    people = list(
        Person.objects.filter(pk__in=spread(Person.objects.filter(kind="named"), SAMPLES, rng))
    )
    most_quoted = Person.objects.annotate(n=Count("claims")).order_by("-n").first()
    search = reverse("articles:search")
    return {
        "bare view": [reverse("bench_bare")],
        "timeline": [reverse("articles:home"), reverse("articles:home") + "?page=2"],
        "event page": [e.get_absolute_url() for e in events],
        "article page": [a.get_absolute_url() for a in articles],
        "person page": [p.get_absolute_url() for p in people],
        "person page, most quoted": [most_quoted.get_absolute_url()],
        "search": [f"{search}?q={term}" for term in search_terms(rng, 48)],
    }


ADMIN_CHANGELISTS = [
    "articles_article",
    "articles_event",
    "articles_reviewitem",
    "claims_claim",
    "claims_attribution",
    "claims_person",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    results = {}
    reader = Client()
    for name, page_urls in urls(rng).items():
        results[name] = measure(reader, page_urls, max(args.requests, len(page_urls)))
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    editor = Client()
    editor.force_login(user)
    for name in ADMIN_CHANGELISTS:
        url = reverse(f"admin:{name}_changelist")
        results[f"admin: {name.split('_', 1)[1]} list"] = measure(editor, [url], args.requests)
    results["_archive"] = {
        "articles": Article.objects.count(),
        "events": Event.objects.count(),
        "people": Person.objects.count(),
    }
    print(json.dumps(results))


if __name__ == "__main__":
    main()
