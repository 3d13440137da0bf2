"""Imported and edited text is shown inert everywhere: public pages, JSON-LD, the feed, the export
and the admin. Every text field that reaches a page holds a hostile payload here."""

import datetime
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Article, DatePrecision, ReviewItem, TimelineEntry
from claims.models import (
    Attribution,
    ClaimEvidence,
    Discrepancy,
    DiscrepancyValue,
    EditorialOperation,
    Person,
    PersonAlias,
    SamePersonCandidate,
)

from .factories import make_event, make_outlet, make_story

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "</script><script>alert(1)</script>",
]
PAYLOAD = " ".join(PAYLOADS)
JAVASCRIPT_URLS = ["javascript:alert(1)", "JavaScript:alert(1)", " java\tscript:alert(1)"]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
JSON_SCRIPT_TYPES = {"application/ld+json", "application/json"}


def hostile(marker):
    """A field's value: a marker word to find it by, then every payload."""
    return f"xss{marker} {PAYLOAD}"


@pytest.fixture
def archive():
    """Every text field that reaches a page, holding the payloads."""
    story = make_story(title=hostile("storytitle"), summary=hostile("storysummary"))
    event = make_event(story=story, title=hostile("eventtitle"), summary=hostile("eventsummary"))
    outlet = make_outlet(
        name=hostile("outletname"),
        domain=JAVASCRIPT_URLS[0],
        country=hostile("country")[:100],
        note=hostile("outletnote"),
    )
    credited = make_outlet(name=hostile("creditedname"), domain="credited.example")
    words = hostile("words")
    body = f"xssbody {PAYLOAD}\n\n“{words},” said the minister.\n\nxssbodyend {PAYLOAD}"
    article = Article.objects.create(
        outlet=outlet,
        event=event,
        headline=hostile("headline"),
        standfirst=hostile("standfirst"),
        byline=hostile("byline"),
        published=datetime.date(2025, 2, 20),
        published_precision=DatePrecision.DAY,
        dateline=hostile("dateline"),
        source_url=JAVASCRIPT_URLS[0],
        body=body,
        raw_text=f"raw {body}",
        source_file=hostile("sourcefile"),
        note=hostile("articlenote"),
        review_note=hostile("reviewnote"),
        needs_review=True,
    )
    article.credited_outlets.add(credited)
    speaker = Person.objects.create(name=hostile("personname"), description=hostile("persondesc"))
    speaker.mentioned_in.add(article)
    PersonAlias.objects.create(person=speaker, name=hostile("alias"))
    claim = event.claims.create(
        speaker=speaker,
        text=hostile("claimtext"),
        status="disputed",
        status_note=hostile("statusnote"),
    )
    ClaimEvidence.objects.create(claim=claim, url=JAVASCRIPT_URLS[1], note=hostile("evidencenote"))
    start = body.index(words)
    attribution = Attribution.objects.create(
        claim=claim,
        article=article,
        words=words,
        start=start,
        end=start + len(words),
        phrase=hostile("phrase"),
        speaker_name=hostile("speakername")[:200],
    )
    entry = TimelineEntry.objects.create(
        story=story,
        date=datetime.date(2025, 1, 9),
        text=hostile("entrytext"),
        note=hostile("entrynote"),
    )
    entry.articles.add(article)
    discrepancy = Discrepancy.objects.create(
        event=event, subject=hostile("subject"), kind="figure", note=hostile("discrepancynote")
    )
    DiscrepancyValue.objects.create(
        discrepancy=discrepancy,
        article=article,
        attribution=attribution,
        value=hostile("value")[:200],
        words=hostile("valuewords"),
    )
    ReviewItem.flag(article, "other", hostile("reviewreason"))
    candidate = SamePersonCandidate.objects.create(
        person=speaker, other=Person.objects.create(name="Ri"), reason=hostile("candidate")
    )
    operation = EditorialOperation.objects.create(kind="merge_people", summary=hostile("operation"))
    # A second article, by another capture of the page, whose source address hides its scheme.
    other = Article.objects.create(
        outlet=credited,
        event=event,
        headline=hostile("otherheadline"),
        body=f"xssotherbody {PAYLOAD}",
        raw_text=f"other raw {PAYLOAD}",
        source_url=JAVASCRIPT_URLS[2],
        published_precision=DatePrecision.UNKNOWN,
    )
    return locals()


class Scan(HTMLParser):
    """What in an HTML page would run: event handlers, scripts, javascript: links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.live = []
        self.script = None
        self.json = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.live.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value and is_javascript(value):
                self.live.append(f"javascript: link <{tag} {name}={value!r}>")
        if tag == "img" and ("src", "x") in attrs:
            self.live.append("<img src=x>")
        if tag == "script":
            self.script = (dict(attrs).get("type") or "", [])

    def handle_data(self, data):
        if self.script is not None:
            self.script[1].append(data)

    def handle_endtag(self, tag):
        if tag != "script" or self.script is None:
            return
        kind, parts = self.script
        text = "".join(parts)
        self.script = None
        if kind in JSON_SCRIPT_TYPES:
            try:
                self.json.append(json.loads(text))
            except ValueError:
                self.live.append(f"<script type={kind}> that is not JSON: {text[:80]!r}")
        elif "alert(" in text:
            self.live.append(f"<script>{text[:80]}</script>")


def is_javascript(url):
    return re.sub(r"[\x00-\x20]", "", url).lower().startswith("javascript:")


def live_markup(html):
    """Everything in html that a browser would run, as readable strings."""
    scan = Scan()
    scan.feed(html)
    scan.close()
    found = scan.live
    for raw in ("<script>alert", "<img src=x"):
        if raw in html.lower():
            found.append(f"raw {raw!r} in the page")
    if re.search(r"""(href|src|action)\s*=\s*["']?\s*java\s*script:""", html, re.IGNORECASE):
        found.append("javascript: link in the page's source")
    return found


def json_ld(html):
    scan = Scan()
    scan.feed(html)
    return scan.json


def markers(text):
    return set(re.findall(r"xss[a-z]+", text))


def running_markup(html):
    """What in an HTML page would run: scripts, event handlers, injected elements."""
    return [found for found in live_markup(html) if not found.startswith("javascript: link")]


def javascript_links(html):
    return [found for found in live_markup(html) if found.startswith("javascript: link")]


# Each public page, how to reach it, and the hostile fields it shows (so that the check is not
# passed by a page that shows nothing).
PUBLIC_PAGES = {
    "home": (
        lambda a: reverse("articles:home"),
        {"storytitle", "eventtitle", "entrytext", "headline", "outletname", "creditedname"},
    ),
    "story": (
        lambda a: a["story"].get_absolute_url(),
        {"storytitle", "storysummary", "eventtitle", "entrytext", "entrynote", "outletname"},
    ),
    "event": (
        lambda a: a["event"].get_absolute_url(),
        {
            "eventtitle",
            "eventsummary",
            "storytitle",
            "headline",
            "outletname",
            "creditedname",
            "claimtext",
            "personname",
            "words",
            "phrase",
            "subject",
            "discrepancynote",
            "value",
            "valuewords",
        },
    ),
    "article": (
        lambda a: a["article"].get_absolute_url(),
        {
            "headline",
            "standfirst",
            "byline",
            "dateline",
            "body",
            "bodyend",
            "words",
            "phrase",
            "personname",
            "outletname",
            "creditedname",
            "eventtitle",
            "storytitle",
            "sourcefile",
        },
    ),
    "other article": (
        lambda a: a["other"].get_absolute_url(),
        {"otherheadline", "otherbody"},
    ),
    "person": (
        lambda a: a["speaker"].get_absolute_url(),
        {"personname", "persondesc", "alias", "claimtext", "words", "headline"},
    ),
    "outlet": (
        lambda a: a["outlet"].get_absolute_url(),
        {"outletname", "outletnote", "country", "headline", "eventtitle"},
    ),
    "claim": (
        lambda a: a["claim"].get_absolute_url(),
        {"claimtext", "statusnote", "personname", "words", "phrase", "outletname", "eventtitle"},
    ),
    # Whole words, which PostgreSQL's full-text search and SQLite's word match both find.
    "search": (
        lambda a: reverse("articles:search") + "?q=xsswords",
        {"headline", "words", "outletname"},
    ),
    "search for people": (
        lambda a: reverse("articles:search") + "?q=xsspersonname",
        {"personname", "persondesc", "alias"},
    ),
}
# Rows created directly (an import, the shell) may hold a javascript: source address; the
# article page must show it as text, not as a link.


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_hostile_text_is_shown_escaped_on_every_public_page(client, archive, page):
    url, shown = PUBLIC_PAGES[page]
    response = client.get(url(archive))
    assert response.status_code == 200
    html = response.content.decode()
    assert running_markup(html) == []
    assert {f"xss{field}" for field in shown} <= markers(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, as text


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_no_public_page_links_a_javascript_address(client, archive, page):
    url, _ = PUBLIC_PAGES[page]
    html = client.get(url(archive)).content.decode()
    assert javascript_links(html) == []


@pytest.mark.parametrize(
    "query",
    [
        {"q": PAYLOAD},
        {"person": PAYLOAD, "start": PAYLOAD, "end": JAVASCRIPT_URLS[0], "outlet": PAYLOAD},
        {"page": PAYLOAD},
    ],
    ids=["words", "filters", "page"],
)
@pytest.mark.parametrize("view", ["articles:home", "articles:search"])
def test_a_hostile_query_string_is_reflected_inert(client, archive, view, query):
    response = client.get(reverse(view), query)
    assert response.status_code in (200, 404)
    assert live_markup(response.content.decode()) == []


def test_the_article_json_ld_carries_the_payload_as_data(client, archive):
    html = client.get(archive["article"].get_absolute_url()).content.decode()
    (data,) = json_ld(html)
    assert data["headline"] == hostile("headline")
    assert data["publisher"]["name"] == hostile("outletname")
    assert "</script" not in html.split('type="application/ld+json">')[1].split("</script>")[0]


def test_the_claim_json_ld_carries_the_payload_as_data(client, archive):
    html = client.get(archive["claim"].get_absolute_url()).content.decode()
    (data,) = json_ld(html)
    assert data["text"] == hostile("claimtext")
    assert data["author"]["name"] == hostile("personname")
    assert data["review"]["reviewBody"] == hostile("statusnote")
    assert data["appearance"][0]["headline"] == hostile("headline")


def test_the_raw_text_is_served_as_plain_text_that_a_browser_does_not_sniff(client, archive):
    response = client.get(reverse("articles:article_raw", args=[archive["article"].pk]))
    assert response["Content-Type"].startswith("text/plain")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.decode() == archive["article"].raw_text


ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_atom_feed_carries_the_payload_as_escaped_text(client, archive):
    response = client.get(reverse("articles:events_feed"))
    feed = ET.fromstring(response.content)  # well-formed: nothing broke out of its element
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == hostile("eventtitle")
    summary = entry.find(f"{ATOM}summary")
    # The summary is HTML to a feed reader: the payload must still be escaped inside it.
    assert summary.get("type") == "html"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in summary.text
    assert "<script" not in summary.text and "<img" not in summary.text
    assert not [e for e in feed.iter() if "script" in e.tag.lower()]
    links = [e.get("href") for e in feed.iter(f"{ATOM}link")]
    assert links and not [href for href in links if is_javascript(href)]


def test_the_json_export_is_valid_json_holding_the_payload_as_data(client, archive):
    response = client.get(reverse("articles:export"))
    data = json.loads(b"".join(response.streaming_content))
    article = next(a for a in data["articles"] if a["id"] == archive["article"].pk)
    assert article["headline"] == hostile("headline")
    assert article["body"] == archive["article"].body
    assert article["source_url"] == JAVASCRIPT_URLS[0]
    assert {o["name"] for o in data["outlets"]} >= {hostile("outletname"), hostile("creditedname")}
    assert {p["name"] for p in data["people"]} >= {hostile("personname")}
    assert [c["text"] for c in data["claims"]] == [hostile("claimtext")]
    assert [d["subject"] for d in data["discrepancies"]] == [hostile("subject")]


# The payload row of each admin model, and a field of it the changelist and the form show.
ADMIN_ROWS = {
    "Outlet": ("outlet", "outletname"),
    "Story": ("story", "storytitle"),
    "Event": ("event", "eventtitle"),
    "Article": ("article", "headline"),
    "TimelineEntry": ("entry", "entrytext"),
    "ReviewItem": (None, "reviewreason"),
    "Person": ("speaker", "personname"),
    "PersonAlias": (None, "alias"),
    "Claim": ("claim", "claimtext"),
    "Attribution": ("attribution", "words"),
    "SamePersonCandidate": ("candidate", "candidate"),
    "Discrepancy": ("discrepancy", "subject"),
    "EditorialOperation": ("operation", "operation"),
}
EDITORIAL_MODELS = [m for m in admin.site._registry if m._meta.app_label in ("articles", "claims")]


def test_every_editorial_admin_model_is_checked_for_xss():
    assert {model.__name__ for model in EDITORIAL_MODELS} == set(ADMIN_ROWS)


@pytest.mark.parametrize("model", EDITORIAL_MODELS, ids=lambda model: model.__name__)
def test_hostile_text_is_inert_in_the_admin_changelist_and_change_form(
    superuser_client, archive, model
):
    key, field = ADMIN_ROWS[model.__name__]
    obj = archive[key] if key else model.objects.get()
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    for url in (reverse(f"{info}_changelist"), reverse(f"{info}_change", args=[obj.pk])):
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert live_markup(html) == [], url
        assert f"xss{field}" in markers(html), url


def test_the_admin_article_form_shows_the_editors_notes_inert(superuser_client, archive):
    url = reverse("admin:articles_article_change", args=[archive["article"].pk])
    html = superuser_client.get(url).content.decode()
    assert {"xssarticlenote", "xssreviewnote", "xssbody", "xsswords"} <= markers(html)
    assert live_markup(html) == []


def test_the_admin_claim_form_does_not_link_a_javascript_evidence_address(
    superuser_client, archive
):
    url = reverse("admin:claims_claim_change", args=[archive["claim"].pk])
    html = superuser_client.get(url).content.decode()
    assert JAVASCRIPT_URLS[1] in html  # the address is there, in its input ...
    assert javascript_links(html) == []  # ... and not as a link


@pytest.mark.parametrize(
    "html",
    [
        f"<h1>{PAYLOADS[0]}</h1>",
        f'<a title="{PAYLOADS[1]}">x</a>',
        f"<div title='{PAYLOADS[2]}'>x</div>",
        f'<script type="application/ld+json">{{"headline": "{PAYLOADS[3]}"}}</script>',
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JavaScript:alert(1)">x</a>',
        '<a href="java&#9;script:alert(1)">x</a>',
        "<img src='jAvAsCrIpT:alert(1)'>",
    ],
    ids=["script", "img", "handler", "json-ld", "link", "link-case", "link-tab", "img-src"],
)
def test_the_check_catches_each_payload_rendered_unescaped(html):
    assert live_markup(html) != []


def test_the_check_passes_the_payloads_escaped():
    from django.utils.html import escape

    assert live_markup(f'<p title="{escape(PAYLOAD)}">{escape(PAYLOAD)}</p>') == []
