"""The editors' workflow in the admin: the review queue, annotations, merges and splits with
undo, and two editors saving the same record."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Event, Outlet, ReviewItem
from claims.models import (
    Attribution,
    Claim,
    EditorialOperation,
    Person,
    PersonAlias,
    SamePersonCandidate,
)

from .factories import (
    make_alias,
    make_article,
    make_attribution,
    make_candidate,
    make_claim,
    make_event,
    make_outlet,
    make_person,
)
from .test_admin import outlet_form, signed_version

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def act(client, model, action, objects, **data):
    """Run an admin action on objects through its confirmation form."""
    payload = {"action": action, "_selected_action": [o.pk for o in objects], **data}
    return client.post(changelist(model), payload, follow=True)


@pytest.fixture
def seeds(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    call_command("import_seeds", str(tmp_path / "seeds"), stdout=StringIO(), stderr=StringIO())


def test_the_review_queue_lists_what_the_import_of_the_seeds_flagged(seeds, editor_client):
    html = editor_client.get(changelist(ReviewItem)).content.decode()
    assert "The text has no headline; this one was made from the lead sentence." in html
    assert "provisional headline" in html and "date uncertain or without year" in html
    assert "low-confidence speaker" in html
    open_count = ReviewItem.objects.open().count()
    index = editor_client.get(reverse("admin:index")).content.decode()
    assert f"<strong>{open_count}</strong> items to review" in index


def test_marking_items_reviewed_closes_them_and_clears_the_articles_flag(
    seeds, editor_client, editor
):
    article = Article.objects.get(source_file__startswith="000")
    items = ReviewItem.objects.filter(object_id=article.pk, content_type__model="article")
    assert article.needs_review and items.count() == 2
    response = act(editor_client, ReviewItem, "mark_reviewed", items)
    assert "2 item(s) marked reviewed." in response.content.decode()
    assert not items.filter(reviewed_at__isnull=True).exists()
    assert {item.reviewed_by for item in items.all()} == {editor}
    article.refresh_from_db()
    assert not article.needs_review
    reviewed = editor_client.get(changelist(ReviewItem) + "?state=reviewed").content.decode()
    assert "The text has no headline" in reviewed
    assert (
        "The text has no headline" not in editor_client.get(changelist(ReviewItem)).content.decode()
    )


def test_a_stale_save_is_refused_and_the_other_editors_change_kept(editor_client):
    outlet = make_outlet(name="Seoul Courier", domain="seoulcourier.example")
    url = reverse("admin:articles_outlet_change", args=[outlet.pk])
    version = signed_version(editor_client, url)
    other = Outlet.objects.get(pk=outlet.pk)
    other.country = "South Korea"  # another editor saves first
    other.save()
    form = outlet_form(outlet, version, name="Seoul Courier Daily", language="en", kind="newspaper")
    response = editor_client.post(url, form)
    assert response.status_code == 200
    assert "Someone else saved this record after you opened it" in response.content.decode()
    outlet.refresh_from_db()
    assert (outlet.name, outlet.country) == ("Seoul Courier", "South Korea")


def test_merging_two_people_keeps_every_attribution_and_alias_and_can_be_undone(
    editor_client, editor
):
    ri, lee = make_person(name="Ri"), make_person(name="Lee")
    make_alias(person=ri, name="Ri")
    make_alias(person=lee, name="Lee")
    for person in (ri, lee):
        make_attribution(claim=make_claim(speaker=person))
    byline = make_article()
    lee.articles.add(byline)
    response = act(editor_client, Person, "merge_people", [ri, lee], keep=ri.pk)
    assert "Done 1 time(s)" in response.content.decode()
    assert not Person.objects.filter(pk=lee.pk).exists()
    assert Attribution.objects.filter(claim__speaker=ri).count() == 2
    assert set(ri.aliases.values_list("name", flat=True)) == {"Ri", "Lee"}
    assert list(ri.articles.all()) == [byline]
    operation = EditorialOperation.objects.get()
    assert (operation.kind, operation.user) == ("merge_people", editor)
    response = act(editor_client, EditorialOperation, "undo", [operation])
    assert "Done 1 time(s)" in response.content.decode()
    lee = Person.objects.get(pk=lee.pk)
    assert Attribution.objects.filter(claim__speaker=lee).count() == 1
    assert list(lee.articles.all()) == [byline]
    assert set(PersonAlias.objects.filter(person=ri).values_list("name", flat=True)) == {"Ri"}
    operation.refresh_from_db()
    assert operation.undone_by == editor


def test_a_suggested_pair_is_confirmed_or_rejected_from_its_list(editor_client):
    confirmed = make_candidate()
    rejected = make_candidate()
    act(editor_client, SamePersonCandidate, "confirm", [confirmed])
    assert not Person.objects.filter(pk=confirmed.other_id).exists()
    act(editor_client, SamePersonCandidate, "reject", [rejected])
    rejected.refresh_from_db()
    assert rejected.status == "rejected"
    assert Person.objects.filter(pk=rejected.other_id).exists()


def test_merging_claims_moves_their_attributions(editor_client):
    event = make_event()
    keep, other = make_claim(event=event), make_claim(event=event)
    make_attribution(claim=keep, article=make_article(event=event))
    make_attribution(claim=other, article=make_article(event=event))
    act(editor_client, Claim, "merge_claims", [keep, other], keep=keep.pk)
    assert keep.attributions.count() == 2
    assert not Claim.objects.filter(pk=other.pk).exists()


def test_splitting_an_attribution_gives_it_a_claim_of_its_own(editor_client):
    event = make_event()
    claim = make_claim(event=event)
    first = make_attribution(claim=claim, article=make_article(event=event))
    make_attribution(claim=claim, article=make_article(event=event))
    act(editor_client, Attribution, "split_attributions", [first])
    first.refresh_from_db()
    assert first.claim != claim and first.claim.event == event
    assert claim.attributions.count() == 1


def test_an_article_moves_to_another_event_with_its_claims(editor_client):
    old, new = make_event(), make_event()
    attribution = make_attribution(article=make_article(event=old))
    act(editor_client, Article, "move_to_event", [attribution.article], event=new.pk)
    attribution.refresh_from_db()
    assert attribution.article.event == new and attribution.claim.event == new


def test_merging_events_moves_their_articles_and_claims(editor_client):
    keep, other = make_event(), make_event()
    attribution = make_attribution(article=make_article(event=other))
    attribution.claim.event = other
    attribution.claim.save()
    act(editor_client, Event, "merge_events", [keep, other], keep=keep.pk)
    attribution.refresh_from_db()
    assert attribution.article.event == keep and attribution.claim.event == keep
    assert not Event.objects.filter(pk=other.pk).exists()


def test_the_article_change_page_shows_the_body_with_its_attributions_marked(editor_client):
    attribution = make_attribution(
        article=make_article(body="SEOUL – “the ministry will act,” an <b>official</b> said.")
    )
    url = reverse("admin:articles_article_change", args=[attribution.article.pk])
    html = editor_client.get(url).content.decode()
    assert f'title="Attribution #{attribution.pk} of claim #{attribution.claim_id}' in html
    assert ">the ministry will act</mark>" in html
    assert "an &lt;b&gt;official&lt;/b&gt; said." in html


def test_an_editor_flags_an_article_that_identifies_people_it_should_not(editor_client):
    article = make_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    html = editor_client.get(url).content.decode()
    assert 'name="identifies_people"' in html
    changelist_html = editor_client.get(changelist(Article) + "?identifies_people__exact=1")
    assert changelist_html.status_code == 200


def test_a_claim_takes_evidence_links_with_its_status(editor_client):
    claim = make_claim()
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    form = {
        "event": claim.event_id,
        "speaker": "",
        "text": claim.text,
        "kind": "quote",
        "status": "verified",
        "status_note": "The ministry's statement says so.",
        "figure_value": "",
        "version": signed_version(editor_client, url),
        "evidence-TOTAL_FORMS": "1",
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "1000",
        "evidence-0-url": "https://www.mofa.go.kr/statement",
        "evidence-0-note": "The statement",
        "attributions-TOTAL_FORMS": "0",
        "attributions-INITIAL_FORMS": "0",
        "attributions-MIN_NUM_FORMS": "0",
        "attributions-MAX_NUM_FORMS": "1000",
    }
    assert editor_client.post(url, form).status_code == 302
    claim.refresh_from_db()
    assert claim.status == "verified"
    assert claim.evidence.get().url == "https://www.mofa.go.kr/statement"


def test_an_editor_cannot_delete_an_editorial_operation_or_add_review_items(editor_client):
    assert editor_client.get(reverse("admin:claims_editorialoperation_add")).status_code == 403
    assert editor_client.get(reverse("admin:articles_reviewitem_add")).status_code == 403
