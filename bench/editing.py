"""An editor saving events in the admin over HTTP, for the load test in bench/run.py.

Signs in through the admin's login form, then renames events one after another for the given
number of seconds, each save through the change form with its CSRF token and version. At the
end it checks every event holds the title of its last accepted save, and prints JSON.

    python -m bench.editing http://127.0.0.1:8765 10
"""

import http.cookiejar
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from articles.models import Event  # noqa: E402

USERNAME, PASSWORD = "bench-editor", "bench-editor-password-1"
EVENTS = 10


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def browser():
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies), NoRedirect())
    return opener


def fetch(opener, url, data=None):
    """(status, body) of a GET, or of a POST when data is given; redirects are not followed."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Referer": url})
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def hidden(html, name):
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def main():
    base, seconds = sys.argv[1], float(sys.argv[2])
    user, _ = get_user_model().objects.get_or_create(
        username=USERNAME, defaults={"is_staff": True, "is_superuser": True}
    )
    user.set_password(PASSWORD)
    user.save()
    opener = browser()
    login = f"{base}/admin/login/"
    status, html = fetch(opener, login)
    status, html = fetch(
        opener,
        login,
        {
            "csrfmiddlewaretoken": hidden(html, "csrfmiddlewaretoken"),
            "username": USERNAME,
            "password": PASSWORD,
            "next": "/admin/",
        },
    )
    if status != 302:
        raise SystemExit(f"could not sign in: {status}")
    events = list(Event.objects.order_by("pk")[:EVENTS])
    last_title, edits, errors = {}, 0, []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        event = events[edits % len(events)]
        event.refresh_from_db()
        url = f"{base}/admin/articles/event/{event.pk}/change/"
        status, html = fetch(opener, url)
        title = f"{event.title.split(' · edit')[0][:150]} · edit {edits}"
        status, html = fetch(
            opener,
            url,
            {
                "csrfmiddlewaretoken": hidden(html, "csrfmiddlewaretoken"),
                "version": hidden(html, "version"),
                "title": title,
                "slug": event.slug,
                "story": event.story_id or "",
                "date": event.date.isoformat() if event.date else "",
                "date_precision": event.date_precision,
                "summary": event.summary,
            },
        )
        edits += 1
        if status == 302:
            last_title[event.pk] = title
        else:
            errors.append(f"event {event.pk}: {status}")
    lost = [
        pk
        for pk, title in last_title.items()
        if Event.objects.filter(pk=pk).values_list("title", flat=True).first() != title
    ]
    print(json.dumps({"edits": edits, "lost": len(lost), "edit_errors": len(errors)}))
    for error in errors[:10]:
        print(error, file=sys.stderr)


if __name__ == "__main__":
    main()
