import datetime
import json
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from articles.models import DatePrecision

from .factories import make_article, make_attribution, make_event, make_outlet, make_person

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_entries(client):
    response = client.get(reverse("articles:events_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def entry_fields(entry):
    return {
        "title": entry.findtext(f"{ATOM}title"),
        "link": entry.find(f"{ATOM}link").get("href"),
        "published": entry.findtext(f"{ATOM}published"),
        "summary": entry.findtext(f"{ATOM}summary"),
    }


def test_the_feed_lists_events_latest_first_with_links_and_dates(client):
    older = make_event(title="Spy agency: no wish to defect", date=datetime.date(2025, 1, 20))
    newer = make_event(title="Seoul will accept POWs", date=datetime.date(2025, 2, 19))
    entries = [entry_fields(entry) for entry in feed_entries(client)]
    assert [entry["title"] for entry in entries] == [newer.title, older.title]
    assert entries[0]["link"] == f"http://testserver{newer.get_absolute_url()}"
    assert entries[0]["published"] == "2025-02-19T00:00:00+00:00"


def test_events_on_the_same_day_come_newest_record_first(client):
    first = make_event(title="First")
    second = make_event(title="Second")
    titles = [entry_fields(entry)["title"] for entry in feed_entries(client)]
    assert titles == [second.title, first.title]


def test_an_event_without_a_summary_is_described_by_its_coverage(client):
    event = make_event(summary="")
    for name in ["Yonhap", "The Korea Herald"]:
        make_article(event=event, outlet=make_outlet(name=name))
    make_article(event=event, outlet=None)
    make_article(event=make_event(date=datetime.date(2025, 1, 9)))
    (entry, _) = feed_entries(client)
    assert entry_fields(entry)["summary"] == (
        "Reported by The Korea Herald, Yonhap and an unidentified outlet in 3 articles."
    )


def test_an_earlier_version_of_an_article_is_not_counted(client):
    event = make_event()
    outlet = make_outlet(name="Yonhap")
    old = make_article(event=event, outlet=outlet)
    make_article(event=event, outlet=outlet, previous_version=old)
    (entry,) = feed_entries(client)
    assert entry_fields(entry)["summary"] == "Reported by Yonhap in 1 article."


def test_an_event_without_articles_says_so(client):
    make_event()
    (entry,) = feed_entries(client)
    assert entry_fields(entry)["summary"] == "No article in the archive reports it yet."


def test_a_summary_is_escaped_for_feed_readers_that_read_it_as_html(client):
    summary = 'Seoul <script>alert("x")</script> & Kyiv'
    make_event(summary=summary)
    (entry,) = feed_entries(client)
    assert entry.find(f"{ATOM}summary").get("type") == "html"
    assert entry_fields(entry)["summary"] == escape(summary)


def test_events_with_an_unknown_date_stay_out_of_the_feed(client):
    make_event(title="Undated", date=None, date_precision=DatePrecision.UNKNOWN)
    dated = make_event(title="Dated")
    assert [entry_fields(entry)["title"] for entry in feed_entries(client)] == [dated.title]


def test_the_feed_holds_the_latest_fifty_events_in_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    start = datetime.date(2025, 1, 1)
    for n in range(55):
        event = make_event(title=f"Event on day {n}", date=start + datetime.timedelta(days=n))
        make_article(event=event)
    with django_assert_max_num_queries(2):
        entries = feed_entries(client)
    assert len(entries) == 50
    assert entry_fields(entries[-1])["title"] == "Event on day 5"


def command_output():
    out = StringIO()
    call_command("export_archive", "--public", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_export_download_is_the_document_the_command_writes(client):
    make_person(name="Volodymyr Zelenskyy")
    make_attribution(article=make_article(headline="Zelenskyy’s offer"))
    response = client.get(reverse("articles:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="news-archive.json"'
    body = b"".join(response.streaming_content)
    assert body.decode("utf-8") == command_output()
    document = json.loads(body)
    assert document["articles"][0]["headline"] == "Zelenskyy’s offer"
    assert int(response["Content-Length"]) == len(body)


def test_the_export_download_of_an_empty_archive_parses(client):
    response = client.get(reverse("articles:export"))
    assert json.loads(b"".join(response.streaming_content))["articles"] == []


def test_the_export_download_does_not_accept_posts(client):
    assert client.post(reverse("articles:export")).status_code == 405
