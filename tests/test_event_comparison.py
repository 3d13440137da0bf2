"""The comparison the event page stores per event: read back on the next visit, and made again
after any change it shows, whether an editor's, an import's or a bulk writer's."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import F

from articles import revision
from articles.models import Article, Event, EventComparison, Outlet
from claims.models import Attribution

from .factories import (
    make_article,
    make_attribution,
    make_claim,
    make_discrepancy,
    make_event,
    make_outlet,
    make_person,
)
from .test_admin import admin_url, outlet_form, signed_version

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
pytestmark = pytest.mark.django_db


def page(client, event):
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def reported():
    """An event reported by one outlet, quoting a named speaker, with a disagreement; its page
    visited once, so that its comparison is stored."""
    event = make_event()
    article = make_article(event=event, outlet=make_outlet(name="Seoul Courier"))
    claim = make_claim(event=event, text="The ministry will act", speaker=make_person(name="Kim"))
    make_attribution(article=article, claim=claim)
    make_discrepancy(event=event, subject="troops", values=("10000",))
    return {"event": event, "article": article, "claim": claim}


def visited(client, event):
    html = page(client, event)
    assert EventComparison.objects.filter(event=event).exists()
    return html


def test_the_next_visit_reads_the_stored_comparison(client, reported, django_assert_num_queries):
    event = reported["event"]
    first = visited(client, event)
    with django_assert_num_queries(1):
        again = page(client, event)
    assert again.replace(event.title, "") == first.replace(event.title, "")


def test_an_editor_renaming_an_outlet_in_the_admin_changes_the_events_page(
    client, editor_client, reported
):
    event, outlet = reported["event"], reported["article"].outlet
    assert "Seoul Courier" in visited(client, event)
    url = admin_url(Outlet, "change", outlet.pk)
    version = signed_version(editor_client, url)
    form = outlet_form(outlet, version, name="The Seoul Courier Daily", language="en")
    assert editor_client.post(url, form).status_code == 302
    assert "The Seoul Courier Daily" in page(client, event)


def test_a_claim_or_its_speaker_changed_changes_the_page(client, reported):
    event, claim = reported["event"], reported["claim"]
    visited(client, event)
    claim.text = "The ministry will not act"
    claim.save()
    assert "The ministry will not act" in page(client, event)
    claim.speaker.name = "Kim Jong-su"
    claim.speaker.save()
    assert "Kim Jong-su" in page(client, event)


def test_an_article_moved_to_another_event_leaves_the_first_events_page(client, reported):
    event, article = reported["event"], reported["article"]
    other = make_event()
    visited(client, event)
    visited(client, other)
    article.event = other
    article.save()
    assert article.headline not in page(client, event)
    assert article.headline in page(client, other)


def test_an_appearance_deleted_leaves_the_matrix(client, reported):
    event = reported["event"]
    assert "the ministry will act" in visited(client, event)
    Attribution.objects.filter(claim=reported["claim"]).delete()
    assert "the ministry will act" not in page(client, event)


def test_a_new_version_of_a_report_replaces_it(client, reported):
    event, article = reported["event"], reported["article"]
    visited(client, event)
    make_article(event=event, outlet=article.outlet, previous_version=article, headline="Revised")
    html = page(client, event)
    assert "Revised" in html and article.headline not in html


def test_credits_and_disagreements_changed_change_the_page(client, reported):
    event, article = reported["event"], reported["article"]
    visited(client, event)
    article.credited_outlets.add(make_outlet(name="Wire Service"))
    assert "credits" in page(client, event) and "Wire Service" in page(client, event)
    discrepancy = event.discrepancies.get()
    discrepancy.values.update(value="12000")  # a bulk write: its writer must say so
    revision.changed(discrepancy.values.first())
    revision.outdate_comparisons()
    assert "12000" in page(client, event)


def test_a_comparison_stored_in_another_shape_is_made_again(client, reported):
    event = reported["event"]
    first = visited(client, event)
    EventComparison.objects.filter(event=event).update(data={"format": 0})
    assert page(client, event) == first


def test_a_comparison_stored_before_the_last_change_is_made_again(client, reported):
    # As when a visit compared the reports while an edit was committing: the edit raised the
    # event's revision, so what the visit stored is older than the event.
    event, article = reported["event"], reported["article"]
    visited(client, event)
    Article.objects.filter(pk=article.pk).update(headline="Corrected headline")
    Event.objects.filter(pk=event.pk).update(comparison_revision=F("comparison_revision") + 1)
    assert "Corrected headline" in page(client, event)


def test_an_import_adding_a_report_to_an_event_changes_its_page(client, tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name in ("000_8b93fc93d2daa9c9.txt", "001_cf25273725998dcc.txt"):
        shutil.copy(SEEDS / name, folder)
    call_command("import_seeds", str(folder), stdout=StringIO(), stderr=StringIO())
    event = Article.objects.get(source_file="000_8b93fc93d2daa9c9.txt").event
    before = visited(client, event)
    shutil.copy(SEEDS / "002_f665bbb88d0360da.txt", folder)
    call_command("import_seeds", str(folder), stdout=StringIO(), stderr=StringIO())
    added = Article.objects.get(source_file="002_f665bbb88d0360da.txt")
    assert added.event == event
    assert added.headline not in before
    assert added.headline in page(client, event)


def test_a_credited_outlet_deleted_leaves_the_page(client, reported):
    # Its delete clears the credits without signals of their own.
    event, article = reported["event"], reported["article"]
    article.credited_outlets.add(make_outlet(name="Wire Service"))
    assert "Wire Service" in visited(client, event)
    Outlet.objects.get(name="Wire Service").delete()
    assert "Wire Service" not in page(client, event)


def test_an_import_stores_the_comparisons_of_the_events_it_changed(
    client, tmp_path, django_assert_num_queries
):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    out = StringIO()
    call_command("import_seeds", str(folder), stdout=out, stderr=StringIO())
    assert "2 event pages compared" in out.getvalue()
    for comparison in EventComparison.objects.select_related("event"):
        assert comparison.revision == comparison.event.comparison_revision
    assert EventComparison.objects.count() == 2
    event = Article.objects.get(source_file="000_8b93fc93d2daa9c9.txt").event
    with django_assert_num_queries(1):
        page(client, event)


def test_an_event_saved_from_a_copy_read_before_a_change_keeps_its_page_outdated(client, reported):
    # An editor's form loads the event, an import changes its coverage, the form saves: the
    # save must not put back the revision the stored comparison was made at.
    event, article = reported["event"], reported["article"]
    visited(client, event)
    opened = Event.objects.get(pk=event.pk)
    article.headline = "Changed by the import"
    article.save()
    opened.summary = "An editor's summary"
    opened.save()
    assert "Changed by the import" in page(client, event)
