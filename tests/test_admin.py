import re

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Article, Outlet, ReviewItem
from claims.models import Attribution, Claim, EditorialOperation, Person, PersonAlias

from .factories import (
    make_alias,
    make_article,
    make_attribution,
    make_candidate,
    make_claim,
    make_discrepancy,
    make_event,
    make_outlet,
    make_person,
    make_story,
    make_timeline_entry,
)

pytestmark = pytest.mark.django_db

EDITORIAL_MODELS = [
    model for model in admin.site._registry if model._meta.app_label in ("articles", "claims")
]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def signed_version(client, url):
    """The version token a change form carries, as an editor's browser would send it back."""
    html = client.get(url).content.decode()
    return re.search(r'name="version" value="([^"]*)"', html).group(1)


def outlet_form(outlet, version, **fields):
    """An outlet's change form as an editor sends it back: its values, with fields changed."""
    names = ("name", "short_name", "slug", "domain", "country", "language", "kind", "note")
    return {**{name: getattr(outlet, name) for name in names}, "version": version, **fields}


def one_of_each():
    attribution = make_attribution(article=make_article(event=make_event(story=make_story())))
    claim = attribution.claim
    claim.speaker = make_person()
    claim.save()
    make_alias(person=claim.speaker)
    make_timeline_entry(story=claim.event.story).articles.add(attribution.article)
    make_candidate()
    make_discrepancy(event=claim.event)
    ReviewItem.flag(attribution.article, "provisional_headline", "The text has no headline.")
    EditorialOperation.objects.create(kind="merge_people", summary="Merged 'Lee' into 'Ri'")
    return attribution


def test_every_editorial_model_is_in_the_admin():
    names = {model.__name__ for model in EDITORIAL_MODELS}
    assert names == {
        "Outlet",
        "Story",
        "Event",
        "Article",
        "Person",
        "PersonAlias",
        "Claim",
        "Attribution",
        "TimelineEntry",
        "SamePersonCandidate",
        "Discrepancy",
        "ReviewItem",
        "EditorialOperation",
    }


@pytest.mark.parametrize("model", EDITORIAL_MODELS, ids=lambda model: model.__name__)
def test_an_editor_can_open_the_changelist_add_and_change_forms(editor_client, model):
    one_of_each()
    obj = model.objects.first()
    urls = [admin_url(model, "changelist"), admin_url(model, "change", obj.pk)]
    # Review items come from the importer, operations from actions: neither is added by hand.
    if model not in (ReviewItem, EditorialOperation):
        urls += [admin_url(model, "add"), admin_url(model, "history", obj.pk)]
    for url in urls:
        assert editor_client.get(url).status_code == 200, url


def test_an_editor_cannot_delete_an_article(editor_client):
    article = make_article()
    assert editor_client.get(admin_url(Article, "delete", article.pk)).status_code == 403
    assert (
        editor_client.post(admin_url(Article, "delete", article.pk), {"post": "yes"}).status_code
        == 403
    )
    changelist = editor_client.get(admin_url(Article, "changelist"))
    assert "delete_selected" not in changelist.content.decode()
    assert Article.objects.filter(pk=article.pk).exists()


@pytest.mark.parametrize("model", [Outlet, Person, Claim], ids=lambda model: model.__name__)
def test_an_editor_cannot_delete_other_editorial_records(editor_client, model):
    one_of_each()
    obj = model.objects.first()
    assert editor_client.get(admin_url(model, "delete", obj.pk)).status_code == 403


@pytest.mark.parametrize("model", [Attribution, PersonAlias], ids=lambda model: model.__name__)
def test_an_editor_can_delete_attributions_and_aliases(editor_client, model):
    one_of_each()
    obj = model.objects.first()
    response = editor_client.post(admin_url(model, "delete", obj.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not model.objects.filter(pk=obj.pk).exists()


def test_a_superuser_can_delete_an_article_after_confirming(superuser_client):
    attribution = make_attribution()
    article = attribution.article
    confirm = superuser_client.get(admin_url(Article, "delete", article.pk))
    assert "the ministry will act" in confirm.content.decode()  # what goes with it is listed
    superuser_client.post(admin_url(Article, "delete", article.pk), {"post": "yes"})
    assert not Article.objects.filter(pk=article.pk).exists()


@pytest.mark.parametrize("model", EDITORIAL_MODELS, ids=lambda model: model.__name__)
def test_a_changelist_of_fifty_rows_runs_a_bounded_number_of_queries(
    editor_client, editor, django_assert_max_num_queries, model
):
    story = make_story()
    event = make_event(story=story)
    for _ in range(50):
        attribution = make_attribution(
            article=make_article(event=event),
            claim=make_claim(event=event, speaker=make_person()),
        )
        make_alias(person=attribution.claim.speaker)
        make_event(story=story)
        make_story()
        make_timeline_entry(story=story).articles.add(attribution.article)
        make_candidate(person=attribution.claim.speaker)
        make_discrepancy(event=event, values=["1"])
        ReviewItem.flag(attribution.article, "uncertain_date", "No publication date in the text.")
        EditorialOperation.objects.create(kind="split_attribution", summary="Split", user=editor)
    with django_assert_max_num_queries(10):
        response = editor_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 50


def test_the_edit_history_records_who_changed_what(editor_client, editor):
    outlet = make_outlet(name="Seoul Courier", domain="seoulcourier.example")
    url = admin_url(Outlet, "change", outlet.pk)
    form = outlet_form(
        outlet,
        signed_version(editor_client, url),
        name="The Seoul Courier",
        country="South Korea",
        language="en",
        kind="newspaper",
    )
    response = editor_client.post(url, form)
    assert response.status_code == 302
    latest = outlet.history.first()
    assert (latest.name, latest.kind, latest.history_user) == (
        "The Seoul Courier",
        "newspaper",
        editor,
    )
    assert latest.history_type == "~"
    history_page = editor_client.get(admin_url(Outlet, "history", outlet.pk)).content.decode()
    assert editor.username in history_page


def article_form(**fields):
    data = {
        "headline": "Seoul will accept POWs",
        "standfirst": "",
        "byline": "",
        "published": "2025-02-19",
        "published_precision": "day",
        "dateline": "SEOUL",
        "source_url": "https://example.com/pows",
        "body": "SEOUL – The ministry said so.",
        "raw_text": "Seoul will accept POWs\nSEOUL – The ministry said so.\nShare",
        "source_file": "",
        "needs_review": "",
        "review_note": "",
        "note": "",
        "attributions-TOTAL_FORMS": "0",
        "attributions-INITIAL_FORMS": "0",
        "attributions-MIN_NUM_FORMS": "0",
        "attributions-MAX_NUM_FORMS": "1000",
    }
    return {**data, **fields}


def test_an_editor_can_enter_an_article_by_hand(editor_client, editor):
    outlet = make_outlet()
    response = editor_client.post(admin_url(Article, "add"), article_form(outlet=outlet.pk))
    assert response.status_code == 302
    article = Article.objects.get(headline="Seoul will accept POWs")
    assert article.outlet == outlet
    assert len(article.raw_sha256) == 64
    assert article.history.first().history_user == editor


def test_the_same_raw_text_cannot_be_entered_twice(editor_client):
    editor_client.post(admin_url(Article, "add"), article_form())
    response = editor_client.post(admin_url(Article, "add"), article_form(headline="Again"))
    assert response.status_code == 200
    assert "already in the archive" in response.content.decode()
    assert Article.objects.count() == 1


def test_a_date_that_does_not_fit_its_precision_is_explained_on_the_form(editor_client):
    response = editor_client.post(
        admin_url(Article, "add"), article_form(published="2025-02-19", published_precision="month")
    )
    assert response.status_code == 200
    assert "1st day" in response.content.decode()
    assert not Article.objects.exists()


def test_raw_text_and_its_hash_cannot_be_changed_in_the_admin(editor_client):
    article = make_article(raw_text="Original raw text")
    original_hash = article.raw_sha256
    response = editor_client.post(
        admin_url(Article, "change", article.pk),
        article_form(
            headline="Corrected headline",
            raw_text="Tampered raw text",
            raw_sha256="0" * 64,
            source_file="other.txt",
            version=signed_version(editor_client, admin_url(Article, "change", article.pk)),
        ),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Corrected headline"
    assert (article.raw_text, article.raw_sha256) == ("Original raw text", original_hash)
    assert article.source_file != "other.txt"


def test_an_editor_adds_an_attribution_whose_words_must_match_the_body(editor_client):
    article = make_article(body="The official said “we will accept them” on Wednesday.")
    claim = make_claim()
    form = article_form(
        headline=article.headline,
        body=article.body,
        version=signed_version(editor_client, admin_url(Article, "change", article.pk)),
        **{
            "attributions-TOTAL_FORMS": "1",
            "attributions-0-claim": claim.pk,
            "attributions-0-words": "we will accept them",
            "attributions-0-start": "19",
            "attributions-0-end": "38",
            "attributions-0-phrase": "The official said",
            "attributions-0-mode": "quoted",
        },
    )
    wrong = editor_client.post(
        admin_url(Article, "change", article.pk), {**form, "attributions-0-start": "18"}
    )
    assert wrong.status_code == 200
    assert "not these words" in wrong.content.decode()
    assert not Attribution.objects.exists()
    right = editor_client.post(admin_url(Article, "change", article.pk), form)
    assert right.status_code == 302
    assert Attribution.objects.get().words == article.body[19:38]


def test_the_admin_requires_a_login(client):
    response = client.get(admin_url(Article, "changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
