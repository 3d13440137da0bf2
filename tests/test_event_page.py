"""The event page's comparison: what each row and cell of the claims matrix shows, the credits,
and what the page reads from the database to show it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import DatePrecision
from claims.models import DiscrepancyValue, PersonKind

from .factories import (
    make_article,
    make_attribution,
    make_claim,
    make_discrepancy,
    make_event,
    make_outlet,
    make_person,
)

pytestmark = pytest.mark.django_db


def page(client, event):
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def matrix_row(html, claim):
    start = html.index(f'<tr id="claim-{claim.pk}">')
    return html[start : html.index("</tr>", start)]


def test_a_cell_lists_the_newest_report_first_and_each_reports_words_in_text_order(client):
    event = make_event()
    outlet = make_outlet()
    older = make_article(
        event=event, outlet=outlet, published=datetime.date(2025, 2, 1), body="Older: “one.”"
    )
    newer = make_article(
        event=event,
        outlet=outlet,
        published=datetime.date(2025, 2, 25),
        body="Newer: “two” and later “three”.",
    )
    claim = make_claim(event=event)
    last = make_attribution(article=newer, claim=claim, words="three")
    first = make_attribution(article=newer, claim=claim, words="two")
    oldest = make_attribution(article=older, claim=claim, words="one")
    row = matrix_row(page(client, event), claim)
    links = [row.index(f'href="{a.get_absolute_url()}"') for a in (first, last, oldest)]
    assert links == sorted(links)


def test_the_matrix_shows_only_words_from_the_events_current_reports(client):
    event = make_event()
    outlet = make_outlet()
    old = make_article(event=event, outlet=outlet, body="Old: “first words”.")
    new = make_article(event=event, outlet=outlet, previous_version=old, body="New: “kept”.")
    elsewhere = make_article(event=make_event(), body="Elsewhere: “stray words”.")
    kept = make_claim(event=event, text="Kept claim")
    make_attribution(article=new, claim=kept, words="kept")
    make_attribution(article=old, claim=kept, words="first words")
    dropped = make_claim(event=event, text="Claim only an earlier version carried")
    make_attribution(article=old, claim=dropped, words="first words")
    make_attribution(article=elsewhere, claim=dropped, words="stray words")
    html = page(client, event)
    assert "kept" in matrix_row(html, kept)
    assert "first words" not in html and "stray words" not in html
    assert f'id="claim-{dropped.pk}"' not in html


def test_claims_carried_by_more_outlets_come_first_then_in_the_order_recorded(client):
    event = make_event()
    articles = [make_article(event=event, body="They said “yes” and “no”.") for _ in range(3)]
    once, twice, also_once = (make_claim(event=event) for _ in range(3))
    make_attribution(article=articles[0], claim=once, words="yes")
    make_attribution(article=articles[1], claim=twice, words="yes")
    make_attribution(article=articles[2], claim=twice, words="no")
    make_attribution(article=articles[2], claim=also_once, words="yes")
    html = page(client, event)
    rows = [html.index(f'<tr id="claim-{claim.pk}">') for claim in (twice, once, also_once)]
    assert rows == sorted(rows)


def test_a_row_links_the_claim_and_its_speaker_and_says_how_it_stands(client):
    event = make_event()
    article = make_article(event=event, body="“We will act,” an official said. “Done.”")
    source = make_person(name="a ministry official", kind=PersonKind.ANONYMOUS, event=event)
    quoted = make_claim(event=event, speaker=source, kind="quote", status="verified")
    unattributed = make_claim(event=event, kind="fact")
    make_attribution(article=article, claim=quoted, words="We will act")
    make_attribution(article=article, claim=unattributed, words="Done.")
    html = page(client, event)
    row = matrix_row(html, quoted)
    assert f'<a href="{quoted.get_absolute_url()}">' in row
    assert f'<a href="{source.get_absolute_url()}">a ministry official</a>' in row
    assert '<span class="badge">anonymous source</span>' in row
    assert "· direct quote · verified</span>" in row
    row = matrix_row(html, unattributed)
    assert "unattributed · reported fact</span>" in row


def test_a_cell_links_each_appearance_quoted_or_not_with_its_attribution_phrase(client):
    event = make_event()
    article = make_article(event=event, body="“We will act,” he said; the army would leave.")
    claim = make_claim(event=event)
    quote = make_attribution(article=article, claim=claim, words="We will act", phrase="he said")
    paraphrase = make_attribution(
        article=article, claim=claim, words="the army would leave", mode="paraphrased"
    )
    row = matrix_row(page(client, event), claim)
    assert (
        f'<a href="{quote.get_absolute_url()}">“We will act”</a> '
        '<span class="meta">— he said</span>' in row
    )
    assert f'<a href="{paraphrase.get_absolute_url()}">the army would leave</a></p>' in row


def test_only_one_of_several_outlets_carrying_a_claim_is_pointed_out(client):
    event = make_event()
    solo = make_outlet(name="Solo Times")
    article = make_article(event=event, outlet=solo, body="“Alone,” she said.")
    claim = make_claim(event=event)
    make_attribution(article=article, claim=claim, words="Alone")
    assert "only in Solo Times" not in page(client, event)  # one outlet: nothing to compare
    make_article(event=event, body="Nothing quoted.")
    assert "only in Solo Times" in matrix_row(page(client, event), claim)


def test_a_claim_whose_words_carry_a_disputed_value_is_marked(client):
    event = make_event()
    article = make_article(event=event, body="“Ten thousand troops,” and “a treaty”.")
    disputed, plain = make_claim(event=event), make_claim(event=event)
    figure = make_attribution(article=article, claim=disputed, words="Ten thousand troops")
    make_attribution(article=article, claim=plain, words="a treaty")
    discrepancy = make_discrepancy(event=event, values=())
    DiscrepancyValue.objects.create(
        discrepancy=discrepancy, article=article, attribution=figure, value="10000"
    )
    html = page(client, event)
    assert "values differ" in matrix_row(html, disputed)
    assert "values differ" not in matrix_row(html, plain)


def test_a_value_from_an_earlier_version_is_listed_but_its_words_stay_out_of_the_matrix(client):
    event = make_event()
    outlet = make_outlet(name="Revising Post")
    old = make_article(event=event, outlet=outlet, body="Old: “some 9,000 troops”.")
    make_article(event=event, outlet=outlet, previous_version=old, body="New: nothing.")
    claim = make_claim(event=event)
    figure = make_attribution(article=old, claim=claim, words="some 9,000 troops")
    discrepancy = make_discrepancy(event=event, values=())
    DiscrepancyValue.objects.create(
        discrepancy=discrepancy, article=old, attribution=figure, value="9000"
    )
    html = page(client, event)
    table = html[html.index(f'id="discrepancy-{discrepancy.pk}"') :]
    assert f'<a href="{old.get_absolute_url()}">Revising Post</a>' in table
    assert f'id="claim-{claim.pk}"' not in html


def test_long_texts_are_shortened_where_the_page_compares_them(client):
    event = make_event()
    outlet = make_outlet(name="The Extraordinarily Long-Named Gazette")
    words = " ".join(f"word{n}" for n in range(1, 41))
    article = make_article(event=event, outlet=outlet, body=f"“{words}”")
    claim = make_claim(event=event, text=words)
    figure = make_attribution(article=article, claim=claim, words=words)
    discrepancy = make_discrepancy(event=event, values=())
    DiscrepancyValue.objects.create(
        discrepancy=discrepancy, article=article, attribution=figure, value="40", words=words
    )
    html = page(client, event)
    heading = matrix_row(html, claim).split("</th>")[0]
    assert "word30 …</a>" in heading and "word31" not in heading
    table = html[html.index(f'id="discrepancy-{discrepancy.pk}"') :].split("</table>")[0]
    assert "“word1 " in table and "word25 …”" in table and "word26" not in table
    assert 'class="strip-label">The Extraordinarily Long-…</text>' in html


def test_credits_link_each_credited_outlet_once_by_name(client):
    event = make_event()
    wire, agency = make_outlet(name="Wire"), make_outlet(name="Agency")
    paper = make_outlet(name="Paper")
    first = make_article(event=event, outlet=paper, published=datetime.date(2025, 2, 20))
    second = make_article(event=event, outlet=paper, published=datetime.date(2025, 2, 21))
    first.credited_outlets.add(wire)
    second.credited_outlets.add(wire, agency)
    html = page(client, event)
    agency_link = f'<a href="{agency.get_absolute_url()}">Agency</a>'
    wire_link = f'<a href="{wire.get_absolute_url()}">Wire</a>'
    assert f'<span class="meta">credits {agency_link}, {wire_link}</span>' in html
    assert f'<span class="meta">credits {wire_link}</span>' in html
    assert f'<td data-outlet="Credits">{agency_link}, {wire_link}</td>' in html


def test_an_undated_report_has_no_machine_date_and_a_dated_one_has_its_day(client):
    event = make_event()
    make_article(event=event, published=None, published_precision=DatePrecision.UNKNOWN)
    make_article(event=event, published=datetime.date(2025, 2, 1))
    html = page(client, event)
    assert "<time>date unknown</time>" in html
    assert '<time datetime="2025-02-01">1 Feb 2025</time>' in html


def test_the_event_page_reads_no_article_text(client):
    # A report's body and raw text are most of its row; the page shows neither.
    event = make_event()
    article = make_article(event=event, body="“We will act,” he said.")
    make_attribution(article=article, claim=make_claim(event=event), words="We will act")
    make_discrepancy(event=event)
    with CaptureQueriesContext(connection) as queries:
        page(client, event)
    selected = " ".join(query["sql"].split(" FROM ")[0] for query in queries.captured_queries)
    assert '"articles_article"' in selected
    assert '"body"' not in selected and '"raw_text"' not in selected
