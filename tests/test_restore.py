import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.urls import reverse

from articles.admin import mark_reviewed
from articles.models import (
    Article,
    DatePrecision,
    Event,
    Outlet,
    ReviewItem,
    ReviewKind,
    Story,
    TimelineEntry,
)
from claims.models import (
    Attribution,
    Claim,
    ClaimEvidence,
    Discrepancy,
    DiscrepancyValue,
    EditorialOperation,
    Person,
    PersonAlias,
    SamePersonCandidate,
)
from claims.operations import (
    OperationError,
    confirm_same_person,
    merge_claims,
    merge_people,
    move_article,
    reject_same_person,
    undo,
)

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

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Exported on SQLite from a fresh archive that imported seeds/ (see the tests that read them):
# the first by the export of schema newsarchive/1, the second a backup of schema newsarchive/2
# after editors' work on the seeds.
SQLITE_DOCUMENT = FIXTURES / "archive-sqlite.json"
SQLITE_BACKUP = FIXTURES / "archive-2-sqlite.json"

# The models django-simple-history keeps the history of, and their tables of many-to-many links.
HISTORY_MODELS = [
    Outlet,
    Story,
    Event,
    TimelineEntry,
    Article,
    Person,
    PersonAlias,
    Claim,
    Attribution,
    SamePersonCandidate,
    Discrepancy,
    DiscrepancyValue,
    ClaimEvidence,
]


def export_text(*args):
    out = StringIO()
    call_command("export_archive", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def restore(path, *args):
    out = StringIO()
    call_command("restore_archive", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def editor(django_user_model):
    """The editor who did the work, without the second that hashing a password takes."""
    return django_user_model.objects.create(username="ed", is_staff=True)


@pytest.fixture
def registry():
    """The outlets every archive starts with: the registry the data migration seeds."""
    return list(Outlet.objects.values_list("pk", flat=True))


def flush_archive(registry):
    """Delete the coverage and the editorial record, as on a fresh install: registry outlets
    and users stay."""
    Article.objects.update(previous_version=None)
    for model in [ReviewItem, EditorialOperation, ClaimEvidence, SamePersonCandidate]:
        model.objects.all().delete()
    for model in [DiscrepancyValue, Discrepancy, Attribution, Claim, PersonAlias, Person]:
        model.objects.all().delete()
    for model in [TimelineEntry, Article, Event, Story]:
        model.objects.all().delete()
    Outlet.objects.exclude(pk__in=registry).delete()
    # Last, since deleting rows records their history; a fresh install has none.
    Article.history.model.credited_outlets.model.objects.all().delete()
    for model in HISTORY_MODELS:
        model.history.all().delete()


def every_kind_of_row(user):
    """A small archive with a row of every kind the export carries, and the awkward cases:
    a version link to a later id, unknown dates, a figure, an unnamed speaker; in the
    editorial record, an edit with its author and reason, a review item reviewed and one whose
    row a merge deleted, an operation undone and one standing."""
    story = make_story(title="Captured soldiers", summary="Two soldiers taken in Kursk.")
    event = make_event(story=story, title="Seoul will accept them")
    make_event(title="Date unknown", date=None, date_precision=DatePrecision.UNKNOWN)
    wire = make_outlet(name="A wire", kind="wire", note="Syndicates widely.")
    newer = make_article(event=event, identifies_people=True)
    older = make_article(event=event, published=None, published_precision=DatePrecision.UNKNOWN)
    newer.previous_version = older
    newer.save()
    # An edition whose earlier capture has the higher id.
    later = make_article(event=event, note="Earlier capture stored second.")
    Article.objects.filter(pk=older.pk).update(previous_version=later)
    newer.credited_outlets.add(wire)
    speaker = make_person(name="Ri", description="captured soldier")
    make_alias(person=speaker, name="Lee")
    speaker.mentioned_in.add(newer)
    make_person(name="An official", kind="anonymous", event=event).mentioned_in.add(older)
    make_person(name="A reporter").articles.add(newer, later)
    claim = make_claim(event=event, speaker=speaker, kind="figure", figure_value=Decimal("11000"))
    attribution = make_attribution(
        claim=claim, article=newer, phrase="he said", speaker_name="Lee", speaker_named=False
    )
    make_timeline_entry(story=story, note="read as 2025").articles.add(newer, older)
    discrepancy = make_discrepancy(event=event, note="Outlets differ.")
    DiscrepancyValue.objects.create(
        discrepancy=discrepancy, article=newer, attribution=attribution, value="11,000", words="w"
    )

    claim.status, claim.status_note = "disputed", "Outlets give other figures."
    claim._history_user, claim._change_reason = user, "two outlets disagree"
    claim.save()
    ClaimEvidence.objects.create(claim=claim, url="https://example.org/ministry", note="Source")
    ReviewItem.flag(older, ReviewKind.UNCERTAIN_DATE, "No date found.")
    mark_reviewed(ReviewItem.objects.all(), user)
    ReviewItem.flag(attribution, ReviewKind.UNSURE_SPEAKER, "Speaker guessed as 'Ri'.")
    paek = make_person(name="Paek", description="captured soldier")
    make_alias(person=paek, name="Paek")
    baek = make_person(name="Baek")
    make_alias(person=baek, name="Baek")
    baek.mentioned_in.add(later)
    same = make_candidate(person=paek, other=baek, reason="Paek/Baek")
    ReviewItem.flag(same, ReviewKind.SAME_PERSON, same.reason)
    confirm_same_person(same, user)
    different = make_candidate(person=paek, other=speaker, reason="Paek/Ri")
    undo(reject_same_person(different, user), user)
    make_candidate(person=speaker, other=make_person(name="Rhee"), reason="Ri/Rhee")


def editorial_work():
    """Editors' work on the imported seeds, which tests/fixtures/archive-2-sqlite.json holds
    beyond the import: a confirmed same person, a claim merge, evidence, a status change,
    reviewed items, an article move undone."""
    desk, _ = get_user_model().objects.get_or_create(
        username="desk-editor", defaults={"is_staff": True}
    )
    candidate = SamePersonCandidate.objects.order_by("pk").first()
    if candidate is not None:
        confirm_same_person(candidate, desk)
    event = Event.objects.annotate(n=Count("claims")).filter(n__gte=3).order_by("pk").first()
    keep, other, third = event.claims.order_by("pk")[:3]
    link = ClaimEvidence(claim=other, url="https://example.org/statement", note="The statement")
    link._history_user = desk
    link.save()
    merge_claims(keep, other, desk)
    third.status, third.status_note = "verified", "The ministry's own statement says so."
    third._history_user, third._change_reason = desk, "checked against the statement"
    third.save()
    mark_reviewed(ReviewItem.objects.open().order_by("pk")[:3], desk)
    article = Article.objects.exclude(event=event).order_by("pk").first()
    undo(move_article(article, event, desk), desk)


@pytest.fixture
def document(registry, editor):
    """A document of every kind of row, exported and then flushed from the archive."""
    every_kind_of_row(editor)
    document = json.loads(export_text())
    flush_archive(registry)
    return document


def write(tmp_path, document, name="archive.json"):
    path = tmp_path / name
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_imported_seeds_and_editors_work_on_them_come_back_byte_for_byte(tmp_path, registry):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    call_command("import_seeds", str(tmp_path / "seeds"), stdout=StringIO(), stderr=StringIO())
    editorial_work()
    before = export_text()
    document = json.loads(before)
    assert len(document["claims"]) > 5
    assert {"merge_people", "merge_claims", "move_article"} <= {
        operation["kind"] for operation in document["editorial_operations"]
    }
    flush_archive(registry)
    assert not Article.objects.exists() and not Claim.history.exists()

    out = restore(write(tmp_path, before))

    assert export_text() == before
    assert "Restored" in out and f"{Article.objects.count()} articles" in out


def test_a_hand_built_archive_with_every_kind_of_row_comes_back_byte_for_byte(
    tmp_path, registry, editor
):
    every_kind_of_row(editor)
    before = export_text()
    # The fields the export added so that nothing is lost are there to lose.
    assert '"identifies_people": true' in before and '"speaker_named": false' in before
    document = json.loads(before)
    assert len(document["claim_evidence"]) == 1
    assert len(document["same_person_candidates"]) == 2
    assert [item["reviewed_by"] for item in document["review_items"]] == ["ed", None, None]
    assert [(op["kind"], op["undone_by"]) for op in document["editorial_operations"]] == [
        ("merge_people", None),
        ("reject_same_person", "ed"),
    ]
    assert {record["history_type"] for record in document["history"]} == {"+", "~", "-"}
    flush_archive(registry)

    out = restore(write(tmp_path, before))

    assert export_text() == before
    assert "2 editorial operations" in out and f"{len(document['history'])} history" in out


def test_the_history_holds_every_model_whose_history_is_kept(document):
    from simple_history.models import registered_models

    kept = {
        model._meta.label_lower
        for model in registered_models.values()
        if not model._meta.auto_created  # the links of a many-to-many, kept with the article
    }
    assert {record["model"] for record in document["history"]} == kept
    credited = [
        record["fields"]["credited_outlets"]
        for record in document["history"]
        if record["model"] == "articles.article"
    ]
    assert [links for links in credited if links]


def test_an_operation_restored_can_be_undone_as_it_could_before_the_backup(
    tmp_path, registry, editor
):
    every_kind_of_row(editor)
    backup = export_text()
    merge = EditorialOperation.objects.get(kind="merge_people")
    merged = export_text("--public")
    undo(merge, editor)
    undone = export_text("--public")
    assert undone != merged
    flush_archive(registry)
    restore(write(tmp_path, backup))
    assert not Person.objects.filter(name="Baek").exists()

    undo(EditorialOperation.objects.get(pk=merge.pk), editor)

    assert export_text("--public") == undone
    assert Person.objects.get(name="Baek").mentioned_in.exists()
    rejection = EditorialOperation.objects.get(kind="reject_same_person")
    with pytest.raises(OperationError, match="already undone"):
        undo(rejection, editor)


def open_queue(client):
    page = client.get(reverse("admin:articles_reviewitem_changelist")).content.decode()
    return re.search(r'<table id="result_list">.*?</table>', page, re.S).group(0)


def test_the_review_queue_shows_the_same_open_items_after_a_restore(
    tmp_path, registry, editor, superuser_client
):
    every_kind_of_row(editor)
    before = open_queue(superuser_client)
    # Reviewed items are not in the queue; the one whose row a merge deleted still is.
    assert "No date found" not in before and "Paek/Baek" in before and "(deleted)" in before
    assert "Speaker guessed" in before
    backup = export_text()
    flush_archive(registry)
    assert not ReviewItem.objects.exists()

    restore(write(tmp_path, backup))

    assert open_queue(superuser_client) == before
    assert ReviewItem.objects.exclude(reviewed_at=None).get().reviewed_by == editor


def history_table(client, obj):
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])
    page = client.get(url).content.decode()
    return re.search(r'<table id="change-history".*?</table>', page, re.S).group(0)


def test_a_records_history_in_the_admin_shows_the_restored_entries(
    tmp_path, registry, editor, superuser_client
):
    every_kind_of_row(editor)
    claim, article = Claim.objects.get(), Article.objects.get(identifies_people=True)
    before = [history_table(superuser_client, obj) for obj in (claim, article)]
    assert "two outlets disagree" in before[0] and ">ed</a>" in before[0]
    # Created, linked to its earlier version, credited to the wire.
    assert before[1].count("<tr>") == 1 + 3 and "A wire" in before[1]
    backup = export_text()
    flush_archive(registry)

    restore(write(tmp_path, backup))

    assert [history_table(superuser_client, obj) for obj in (claim, article)] == before


def test_users_are_named_by_username_and_a_missing_one_comes_back_inactive_without_a_password(
    tmp_path, registry, editor, django_user_model
):
    editor.set_password("ed-password-123")
    editor.save()
    every_kind_of_row(editor)
    night = django_user_model.objects.create_user(
        "night-desk", password="night-password-123", is_staff=True
    )
    claim = Claim.objects.get()
    claim.status_note += " Checked overnight."
    claim._history_user = night
    claim.save()
    backup = export_text()
    assert '"night-desk"' in backup
    for user in (editor, night):
        assert user.password.split("$")[-1] not in backup
    flush_archive(registry)
    night.delete()
    password = editor.password

    out = restore(write(tmp_path, backup))

    restored = django_user_model.objects.get(username="night-desk")
    assert not restored.is_active and not restored.is_staff
    assert not restored.has_usable_password()
    assert claim.history.filter(history_user=restored).count() == 1
    editor.refresh_from_db()
    assert editor.is_active and editor.password == password
    assert claim.history.filter(history_user=editor).exists()
    assert "Created 1 user(s) the document names, inactive and without a password: " in out
    assert out.rstrip().endswith("password: night-desk.")


def test_a_public_export_restores_its_coverage_and_says_it_has_no_editorial_record(
    tmp_path, registry, editor
):
    every_kind_of_row(editor)
    public = export_text("--public")
    flush_archive(registry)

    out = restore(write(tmp_path, public))

    assert export_text("--public") == public
    assert "public export: it has no review queue" in out
    assert not ReviewItem.objects.exists() and not Claim.history.exists()


def test_a_restore_shows_at_once_on_pages_cached_before_it(tmp_path, document, client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    home = reverse("articles:home")
    assert b"Seoul will accept them" not in client.get(home).content

    restore(write(tmp_path, document))

    assert b"Seoul will accept them" in client.get(home).content


def test_registry_outlets_are_matched_by_slug_and_take_the_documents_fields(tmp_path, document):
    herald = next(o for o in document["outlets"] if o["slug"] == "korea-herald")
    herald["note"] = "Checked by the desk."

    restore(write(tmp_path, document))

    assert Outlet.objects.get(slug="korea-herald").note == "Checked by the desk."
    assert Outlet.objects.count() == len(document["outlets"])


def test_a_registry_outlet_held_here_under_another_id_takes_its_history_along(tmp_path, document):
    wire = next(o for o in document["outlets"] if o["slug"] == "a-wire")
    herald = next(o for o in document["outlets"] if o["slug"] == "korea-herald")
    # As if the exporting archive's registry had the Korea Herald under another id, and an
    # article there had credited it where this one credits the wire.
    herald["id"] = 999999
    for record in document["history"]:
        for link in record["fields"].get("credited_outlets", []):
            if link["outlet"] == wire["id"]:
                link["outlet"] = herald["id"]

    restore(write(tmp_path, document))

    article = Article.objects.get(credited_outlets__slug="a-wire")
    links = article.history.first().credited_outlets.all()
    assert [link.outlet_id for link in links] == [Outlet.objects.get(slug="korea-herald").pk]


def shift_ids(document, by):
    """The document with every id moved up by `by`: each whole number in it but the offsets
    of attributions (and the flags, which JSON keeps apart)."""

    def shift(value, key=None):
        if isinstance(value, dict):
            return {k: shift(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [shift(v, key) for v in value]
        if type(value) is int and key not in ("start", "end"):
            return value + by
        return value

    return shift(document)


def test_ids_handed_out_after_a_restore_come_after_the_restored_ones(tmp_path, document, editor):
    # Ids beyond anything the database has handed out, as from a larger archive elsewhere.
    document = shift_ids(document, 10**6)
    restore(write(tmp_path, document))
    assert Article.objects.filter(pk__gt=10**6).count() == len(document["articles"])
    assert Claim.history.filter(history_id__gt=10**6).count() > 1
    attribution = make_attribution(article=make_article())
    link = ClaimEvidence.objects.create(claim=attribution.claim, url="https://example.org/")
    review = ReviewItem.flag(attribution, ReviewKind.OTHER, "New since the restore.")
    operation = merge_people(make_person(), make_person(), editor)
    alias = PersonAlias.objects.get(pk=operation.created[0]["pk"])
    new = [attribution.article, attribution.claim, attribution, link, review, operation, alias]
    new.append(attribution.history.get())
    for row in new:
        assert row.pk > 10**6, row


def test_a_restore_into_a_non_empty_archive_is_refused(tmp_path, document):
    make_article(headline="Already here")
    with pytest.raises(CommandError, match="already holds articles.*--into-non-empty"):
        restore(write(tmp_path, document))
    assert list(Article.objects.values_list("headline", flat=True)) == ["Already here"]


def test_an_archive_that_keeps_only_history_counts_as_non_empty(tmp_path, document):
    make_story(title="Deleted since").delete()
    with pytest.raises(CommandError, match="already holds .*edit history"):
        restore(write(tmp_path, document))
    assert not Article.objects.exists()


def test_into_a_non_empty_archive_the_document_is_added_under_new_ids(tmp_path, document):
    present = make_article(headline="Already here")
    occupied = {a["id"] for a in document["articles"]} | {present.pk}

    out = restore(write(tmp_path, document), "--into-non-empty")

    assert f"{len(document['articles'])} articles" in out
    assert Article.objects.count() == len(document["articles"]) + 1
    (attribution,) = Attribution.objects.select_related("article")
    assert attribution.article.body[attribution.start : attribution.end] == attribution.words
    assert attribution.article.headline != "Already here"
    restored_ids = set(Article.objects.exclude(pk=present.pk).values_list("pk", flat=True))
    assert not restored_ids & occupied


def test_into_a_non_empty_archive_operations_and_history_are_left_out_and_said_to_be(
    tmp_path, document
):
    present = make_article(headline="Already here")
    history = Article.history.count()

    out = restore(write(tmp_path, document), "--into-non-empty")

    assert not EditorialOperation.objects.exists()
    assert Article.history.count() == history
    left_out = f"2 editorial operations, {len(document['history'])} history, 1 review items"
    assert f"Not added to this non-empty archive: {left_out}." in out
    # The rest of the editorial record is added, pointing at the rows restored with it.
    assert ClaimEvidence.objects.get().claim == Claim.objects.get()
    assert sorted(
        (c.person.name, c.other.name, c.status) for c in SamePersonCandidate.objects.all()
    ) == [("Paek", "Ri", "open"), ("Ri", "Rhee", "open")]
    items = {review.reason: review.item for review in ReviewItem.objects.all()}
    assert items == {
        "No date found.": Article.objects.exclude(pk=present.pk).get(published=None),
        "Speaker guessed as 'Ri'.": Attribution.objects.get(),
    }


def test_into_a_non_empty_archive_a_taken_slug_is_refused_and_nothing_restored(tmp_path, document):
    path = write(tmp_path, document)
    restore(path)
    with pytest.raises(CommandError, match="stories record 1 .*'captured-soldiers' is already"):
        restore(path, "--into-non-empty")
    assert Article.objects.count() == len(document["articles"])


def tamper_attribution_words(document):
    document["claims"][0]["attributions"][0]["words"] = "the ministry will not act"


def tamper_raw_text(document):
    document["articles"][0]["raw_text"] += " (edited)"


ARCHIVE_EDITORIAL = [ClaimEvidence, SamePersonCandidate, ReviewItem, EditorialOperation]


def first_history(document, model):
    return next(record for record in document["history"] if record["model"] == model)


@pytest.mark.parametrize(
    ("tamper", "problem"),
    [
        (
            lambda d: d.pop("schema"),
            "schema: expected 'newsarchive/2' or 'newsarchive/1', found None",
        ),
        (lambda d: d.update(schema="newsarchive/9"), "schema: .*found 'newsarchive/9'"),
        (lambda d: d.pop("people"), "people: missing, or not a list"),
        (
            lambda d: d["events"][0].update(story="nowhere"),
            r"events record 1 \(seoul-will-accept-them\): story 'nowhere' is not in the document",
        ),
        (
            lambda d: d["articles"][0].update(outlet="no-such-outlet"),
            r"articles record 1 \(\d+\): outlet 'no-such-outlet' is not in the document",
        ),
        (
            lambda d: d["articles"][0].update(previous_version=999999),
            r"articles record 1 \(\d+\): previous_version 999999 is not in the document",
        ),
        (lambda d: d["articles"][0].pop("headline"), "articles record 1 .*missing field"),
        (tamper_raw_text, r"articles record 1 \(\d+\): raw_text does not match its sha256"),
        (
            lambda d: d["claims"][0]["attributions"][0].update(article=999999),
            r"claims record 1 \(\d+\): article 999999 is not in the document",
        ),
        (tamper_attribution_words, r"claims record 1 \(\d+\): attribution \d+: article \d+ has"),
        (
            lambda d: d["discrepancies"][0]["values"][-1].update(attribution=999999),
            r"discrepancies record 1 \(\d+\): attribution 999999 is not in the document",
        ),
        (
            lambda d: d["people"][0]["mentioned_in"].append(999999),
            "people record 1 .*article 999999 is not in the document",
        ),
        # The ids schema 2 added, and its editorial record.
        (lambda d: d["people"][0].pop("id"), r"people record 1 \(ri\): missing field 'id'"),
        (
            lambda d: d["stories"][0].update(id="7"),
            r"stories record 1 \(captured-soldiers\): '7' is not an id",
        ),
        (lambda d: d.pop("history"), "history: missing, or not a list"),
        (
            lambda d: d["claim_evidence"][0].update(claim=999999),
            r"claim_evidence record 1 \(\d+\): claim 999999 is not in the document",
        ),
        (
            lambda d: d["same_person_candidates"][0].update(other="nobody"),
            r"same_person_candidates record 1 \(\d+\): person 'nobody' is not in the document",
        ),
        (
            lambda d: d["same_person_candidates"][0].update(status="maybe"),
            r"same_person_candidates record 1 \(\d+\): status 'maybe' is not one of open,",
        ),
        (
            lambda d: d["review_items"][0].update(item=["auth.user", 1]),
            r"review_items record 1 \(\d+\): item 'auth.user' is not a kind of row the document",
        ),
        (
            lambda d: d["review_items"][0].update(item=["claims.claim", 999999]),
            r"review_items record 1 \(\d+\): item claims.claim 999999 is neither in the document",
        ),
        (
            lambda d: d["review_items"][0].update(kind="urgent"),
            r"review_items record 1 \(\d+\): kind 'urgent' is not one of",
        ),
        (
            lambda d: d["review_items"][0].update(reviewed_by=["ed"]),
            r"review_items record 1 \(\d+\): \['ed'\] is not a user name",
        ),
        (
            lambda d: d["review_items"][0].update(created_at="2025-02-19T09:00:00"),
            r"review_items record 1 \(\d+\): bad value \(.* has no time zone\)",
        ),
        (
            lambda d: d["editorial_operations"][0]["changes"][0].update(model="claims.nothing"),
            r"editorial_operations record 1 \(\d+\): changes: .* names no row of this archive",
        ),
        (
            lambda d: d["editorial_operations"][0].update(kind="rewrite"),
            r"editorial_operations record 1 \(\d+\): kind 'rewrite' is not one of",
        ),
        (
            lambda d: d["history"][0].update(model="claims.nothing"),
            r"history record 1 \(claims.nothing \d+\): model 'claims.nothing' keeps no history",
        ),
        (
            lambda d: d["history"][0].update(history_type="?"),
            r"history record 1 \(articles.outlet \d+\): history_type '\?' is not one of \+, ~, -",
        ),
        (
            lambda d: d["history"][0]["fields"].update(colour="red"),
            r"history record 1 \(articles.outlet \d+\): unknown field\(s\) colour",
        ),
        (
            lambda d: d["history"][0]["fields"].pop("name"),
            r"history record 1 \(articles.outlet \d+\): missing field 'name'",
        ),
        (
            lambda d: first_history(d, "articles.article")["fields"].update(published="soon"),
            r"history record \d+ \(articles.article \d+\): bad value",
        ),
    ],
)
def test_a_bad_document_restores_nothing_and_names_the_problem(
    tmp_path, document, tamper, problem, django_user_model
):
    herald = next(o for o in document["outlets"] if o["slug"] == "korea-herald")
    herald["note"] = "Would be restored first."
    # A user the document names and this archive lacks, who would be created.
    document["editorial_operations"][-1]["user"] = "would-be-created"
    users = django_user_model.objects.count()
    tamper(document)
    path = write(tmp_path, document)

    with pytest.raises(
        CommandError, match=f"Cannot restore {re.escape(str(path))}: {problem}"
    ) as error:
        restore(path)

    assert "Nothing was restored" in str(error.value)
    for model in [Story, Event, Article, Person, Claim, Discrepancy, *ARCHIVE_EDITORIAL]:
        assert not model._default_manager.exists(), model
    for model in HISTORY_MODELS:
        assert not model.history.exists(), model
    assert Outlet.objects.get(slug="korea-herald").note == ""
    assert django_user_model.objects.count() == users


def test_a_file_that_is_not_json_is_refused_clearly(tmp_path):
    path = write(tmp_path, '{"schema": "newsarchive/2", "outlets": [')
    with pytest.raises(
        CommandError, match=f"Cannot restore {re.escape(str(path))}: it is not JSON"
    ):
        restore(path)


def test_a_missing_file_is_refused_clearly(tmp_path):
    with pytest.raises(CommandError, match="Cannot restore .*: cannot read it"):
        restore(tmp_path / "nowhere.json")


def test_a_backup_made_on_sqlite_restores_to_the_same_bytes_here():
    """The fixture is a backup made on SQLite of a fresh archive that imported seeds/ and then
    had editors' work done on it (editorial_work above):

        export DATABASE_URL=sqlite:////tmp/fresh.sqlite3
        python manage.py migrate
        python manage.py import_seeds
        python manage.py shell -c "from tests.test_restore import editorial_work; editorial_work()"
        python manage.py export_archive --output tests/fixtures/archive-2-sqlite.json

    Run on PostgreSQL, this test restores across backends. Regenerate it when the export or
    the outlet registry changes."""
    text = SQLITE_BACKUP.read_text(encoding="utf-8")
    document = json.loads(text)
    for section in ["claim_evidence", "review_items", "editorial_operations", "history"]:
        assert document[section], section

    out = restore(SQLITE_BACKUP)

    assert export_text() == text
    assert "desk-editor" in out


def test_a_document_of_schema_1_exported_on_sqlite_still_restores_whole():
    """The fixture was exported, with schema newsarchive/1, on SQLite from a fresh archive that
    had imported seeds/: DATABASE_URL=sqlite:////tmp/fresh.sqlite3, then migrate, import_seeds
    and export_archive --output tests/fixtures/archive-sqlite.json. Run on PostgreSQL, this
    test restores across backends. It is kept as it is, since old backups must keep
    restoring."""
    old = json.loads(SQLITE_DOCUMENT.read_text(encoding="utf-8"))

    restore(SQLITE_DOCUMENT)

    assert Article.objects.count() == len(old["articles"]) > 0
    assert as_schema_1(json.loads(export_text("--public"))) == old


def as_schema_1(document):
    """A public document of schema 2 as schema 1 wrote it: without the ids schema 2 added."""
    for section in ["outlets", "stories", "events", "timeline_entries", "people"]:
        for record in document[section]:
            del record["id"]
    for person in document["people"]:
        person["aliases"] = sorted(person["aliases"])
    for discrepancy in document["discrepancies"]:
        del discrepancy["id"]
        for value in discrepancy["values"]:
            del value["id"]
    document["schema"] = "newsarchive/1"
    return document


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_a_backup_made_here_restores_to_the_same_bytes_in_a_fresh_sqlite_archive(tmp_path, editor):
    """Run on PostgreSQL, this restores across backends the other way. The restore runs in a
    subprocess against a SQLite file of its own: the test database is not visible there."""
    every_kind_of_row(editor)
    backup = write(tmp_path, export_text())
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "DJANGO_DB_CONN_MAX_AGE": "0",
    }
    for args in (["migrate", "--no-input"], ["restore_archive", str(backup)]):
        result = manage(env, *args)
        assert result.returncode == 0, result.stderr

    exported = manage(env, "export_archive")

    assert exported.returncode == 0, exported.stderr
    assert exported.stdout == backup.read_text(encoding="utf-8")


def test_a_document_from_before_the_export_carried_every_field_still_restores(tmp_path, document):
    for article in document["articles"]:
        del article["identifies_people"]
    for claim in document["claims"]:
        for attribution in claim["attributions"]:
            del attribution["speaker_named"]
    restore(write(tmp_path, document))
    assert not Article.objects.filter(identifies_people=True).exists()
    assert Attribution.objects.get().speaker_named is True
