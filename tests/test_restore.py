import json
import re
import shutil
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, DatePrecision, Event, Outlet, ReviewItem, Story, TimelineEntry
from claims.models import Attribution, Claim, Discrepancy, DiscrepancyValue, Person, PersonAlias

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

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# Exported on SQLite from a fresh archive that imported seeds/ (see the test that reads it).
SQLITE_DOCUMENT = Path(__file__).resolve().parent / "fixtures" / "archive-sqlite.json"


def export_text():
    out = StringIO()
    call_command("export_archive", stdout=out, stderr=StringIO())
    return out.getvalue()


def restore(path, *args):
    out = StringIO()
    call_command("restore_archive", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def registry():
    """The outlets every archive starts with: the registry the data migration seeds."""
    return list(Outlet.objects.values_list("pk", flat=True))


def flush_archive(registry):
    """Delete the coverage, as on a fresh install: registry outlets and users stay."""
    Article.objects.update(previous_version=None)
    for model in [DiscrepancyValue, Discrepancy, Attribution, Claim, PersonAlias, Person]:
        model.objects.all().delete()
    for model in [TimelineEntry, ReviewItem, Article, Event, Story]:
        model.objects.all().delete()
    Outlet.objects.exclude(pk__in=registry).delete()


def every_kind_of_row():
    """A small archive with a row of every kind the export carries, and the awkward cases:
    a version link to a later id, unknown dates, a figure, an unnamed speaker."""
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


@pytest.fixture
def document(registry):
    """A document of every kind of row, exported and then flushed from the archive."""
    every_kind_of_row()
    document = json.loads(export_text())
    flush_archive(registry)
    return document


def write(tmp_path, document, name="archive.json"):
    path = tmp_path / name
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_imported_seeds_come_back_byte_for_byte(tmp_path, registry):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    call_command("import_seeds", str(tmp_path / "seeds"), stdout=StringIO(), stderr=StringIO())
    before = export_text()
    assert len(json.loads(before)["claims"]) > 5
    flush_archive(registry)
    assert not Article.objects.exists() and not Claim.objects.exists()

    out = restore(write(tmp_path, before))

    assert export_text() == before
    assert "Restored" in out and f"{Article.objects.count()} articles" in out


def test_a_hand_built_archive_with_every_kind_of_row_comes_back_byte_for_byte(tmp_path, registry):
    every_kind_of_row()
    before = export_text()
    # The fields the export added so that nothing is lost are there to lose.
    assert '"identifies_people": true' in before and '"speaker_named": false' in before
    flush_archive(registry)

    restore(write(tmp_path, before))

    assert export_text() == before


def test_registry_outlets_are_matched_by_slug_and_take_the_documents_fields(tmp_path, document):
    herald = next(o for o in document["outlets"] if o["slug"] == "korea-herald")
    herald["note"] = "Checked by the desk."

    restore(write(tmp_path, document))

    assert Outlet.objects.get(slug="korea-herald").note == "Checked by the desk."
    assert Outlet.objects.count() == len(document["outlets"])


def shift_ids(document, by):
    """The document with every article, claim and attribution id moved up by `by`."""

    def shift(value):
        return value + by if value is not None else None

    for article in document["articles"]:
        article["id"], article["previous_version"] = (
            shift(article["id"]),
            shift(article["previous_version"]),
        )
    for record in document["timeline_entries"] + document["people"]:
        for key in ["articles", "mentioned_in"]:
            if key in record:
                record[key] = [shift(id) for id in record[key]]
    for claim in document["claims"]:
        claim["id"] = shift(claim["id"])
        for attribution in claim["attributions"]:
            attribution["id"], attribution["article"] = (
                shift(attribution["id"]),
                shift(attribution["article"]),
            )
    for discrepancy in document["discrepancies"]:
        for value in discrepancy["values"]:
            value["article"], value["attribution"] = (
                shift(value["article"]),
                shift(value["attribution"]),
            )
    return document


def test_ids_handed_out_after_a_restore_come_after_the_restored_ones(tmp_path, document):
    # Ids beyond anything the database has handed out, as from a larger archive elsewhere.
    document = shift_ids(document, 10**6)
    restore(write(tmp_path, document))
    assert Article.objects.filter(pk__gt=10**6).count() == len(document["articles"])
    article = make_article()
    attribution = make_attribution(article=article)
    assert article.pk > max(a["id"] for a in document["articles"])
    assert attribution.claim_id > max(c["id"] for c in document["claims"])
    assert attribution.pk > max(a["id"] for c in document["claims"] for a in c["attributions"])


def test_a_restore_into_a_non_empty_archive_is_refused(tmp_path, document):
    make_article(headline="Already here")
    with pytest.raises(CommandError, match="already holds articles.*--into-non-empty"):
        restore(write(tmp_path, document))
    assert list(Article.objects.values_list("headline", flat=True)) == ["Already here"]


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


@pytest.mark.parametrize(
    ("tamper", "problem"),
    [
        (lambda d: d.pop("schema"), "schema: expected 'newsarchive/1', found None"),
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
            r"discrepancies record 1: attribution 999999 is not in the document",
        ),
        (
            lambda d: d["people"][0]["mentioned_in"].append(999999),
            "people record 1 .*article 999999 is not in the document",
        ),
    ],
)
def test_a_bad_document_restores_nothing_and_names_the_problem(tmp_path, document, tamper, problem):
    herald = next(o for o in document["outlets"] if o["slug"] == "korea-herald")
    herald["note"] = "Would be restored first."
    tamper(document)
    path = write(tmp_path, document)

    with pytest.raises(
        CommandError, match=f"Cannot restore {re.escape(str(path))}: {problem}"
    ) as error:
        restore(path)

    assert "Nothing was restored" in str(error.value)
    for model in [Story, Event, Article, Person, Claim, Discrepancy]:
        assert not model.objects.exists(), model
    assert Outlet.objects.get(slug="korea-herald").note == ""


def test_a_file_that_is_not_json_is_refused_clearly(tmp_path):
    path = write(tmp_path, '{"schema": "newsarchive/1", "outlets": [')
    with pytest.raises(
        CommandError, match=f"Cannot restore {re.escape(str(path))}: it is not JSON"
    ):
        restore(path)


def test_a_missing_file_is_refused_clearly(tmp_path):
    with pytest.raises(CommandError, match="Cannot restore .*: cannot read it"):
        restore(tmp_path / "nowhere.json")


def test_a_document_exported_on_sqlite_restores_to_the_same_bytes_here():
    """The fixture was exported on SQLite from a fresh archive that had imported seeds/:
    DATABASE_URL=sqlite:////tmp/fresh.sqlite3, then migrate, import_seeds and
    export_archive --output tests/fixtures/archive-sqlite.json. Run on PostgreSQL, this test
    restores across backends. Regenerate it when the export or the outlet registry changes."""
    text = SQLITE_DOCUMENT.read_text(encoding="utf-8")
    restore(SQLITE_DOCUMENT)
    assert Article.objects.count() == len(json.loads(text)["articles"]) > 0
    assert export_text() == text


def test_a_document_from_before_the_export_carried_every_field_still_restores(tmp_path, document):
    for article in document["articles"]:
        del article["identifies_people"]
    for claim in document["claims"]:
        for attribution in claim["attributions"]:
            del attribution["speaker_named"]
    restore(write(tmp_path, document))
    assert not Article.objects.filter(identifies_people=True).exists()
    assert Attribution.objects.get().speaker_named is True
