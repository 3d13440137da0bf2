import json
import os
import stat
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.admin import mark_reviewed
from articles.models import ReviewItem, ReviewKind
from claims.models import ClaimEvidence
from claims.operations import merge_people

from .factories import (
    make_alias,
    make_article,
    make_attribution,
    make_candidate,
    make_claim,
    make_person,
)

pytestmark = pytest.mark.django_db


def export_document(*args):
    out = StringIO()
    call_command("export_archive", *args, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


PUBLIC_SECTIONS = [
    "outlets",
    "stories",
    "events",
    "timeline_entries",
    "people",
    "articles",
    "claims",
    "discrepancies",
]
EDITORIAL_SECTIONS = [
    "claim_evidence",
    "same_person_candidates",
    "review_items",
    "editorial_operations",
    "history",
]


def test_the_export_holds_every_section_under_a_schema_version():
    document = export_document()
    assert document["schema"] == "newsarchive/2"
    assert list(document) == ["schema", *PUBLIC_SECTIONS, *EDITORIAL_SECTIONS]


def test_the_public_export_leaves_out_the_editorial_record(editor):
    claim = make_claim()
    claim.status_note = "Checked against the ministry's statement."
    claim._history_user = editor
    claim.save()
    ClaimEvidence.objects.create(claim=claim, url="https://example.org/statement")

    public = export_document("--public")

    assert list(public) == ["schema", *PUBLIC_SECTIONS]
    assert public["claims"] == export_document()["claims"]


def test_the_download_is_the_public_export_and_names_no_editor(client, editor):
    claim = make_claim()
    claim._history_user = editor
    claim._change_reason = "status checked"
    claim.save()
    ReviewItem.flag(claim, ReviewKind.OTHER, "Check the figure.")
    mark_reviewed(ReviewItem.objects.all(), editor)

    response = client.get(reverse("articles:export"))

    body = b"".join(response.streaming_content).decode("utf-8")
    out = StringIO()
    call_command("export_archive", "--public", stdout=out, stderr=StringIO())
    assert body == out.getvalue()
    assert list(json.loads(body)) == ["schema", *PUBLIC_SECTIONS]
    assert "status checked" not in body and "Check the figure" not in body
    assert '"ed"' not in body


def test_claims_carry_their_attributions_with_offsets_into_the_article_body():
    speaker = make_person(name="Ri")
    make_alias(person=speaker, name="Lee")
    attribution = make_attribution(claim=make_claim(speaker=speaker))
    document = export_document()
    article = next(a for a in document["articles"] if a["id"] == attribution.article_id)
    (claim,) = document["claims"]
    (appearance,) = claim["attributions"]
    assert article["body"][appearance["start"] : appearance["end"]] == appearance["words"]
    assert claim["speaker"] == "ri"
    assert document["people"][0]["aliases"] == {"Lee": speaker.aliases.get().pk}
    assert article["raw_text"] == attribution.article.raw_text
    assert article["page_url"] == f"/articles/{attribution.article_id}/"


def test_an_export_to_a_file_is_written_whole(tmp_path):
    make_attribution()
    target = tmp_path / "archive.json"
    err = StringIO()
    call_command("export_archive", "--output", str(target), stderr=err)
    assert json.loads(target.read_text())["claims"]
    assert "1 claims" in err.getvalue() and str(target) in err.getvalue()
    assert [p.name for p in tmp_path.iterdir()] == ["archive.json"]


def test_a_backup_file_is_readable_by_its_owner_only_a_public_export_by_all(tmp_path):
    make_attribution()
    umask = os.umask(0o022)
    try:
        call_command("export_archive", "--output", str(tmp_path / "backup.json"), stderr=StringIO())
        call_command(
            "export_archive",
            "--public",
            "--output",
            str(tmp_path / "public.json"),
            stderr=StringIO(),
        )
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "backup.json").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "public.json").stat().st_mode) == 0o644


def test_an_export_into_a_missing_folder_is_refused_clearly(tmp_path):
    with pytest.raises(CommandError, match="folder .* does not exist"):
        call_command("export_archive", "--output", str(tmp_path / "no" / "archive.json"))


def test_the_backup_carries_the_editorial_record_with_users_by_name(editor):
    ri, lee = make_person(name="Ri"), make_person(name="Lee")
    candidate = make_candidate(person=ri, other=lee, reason="Lee/Ri")
    claim = make_claim(speaker=lee)
    claim.status = "disputed"
    claim._history_user, claim._change_reason = editor, "two outlets disagree"
    claim.save()
    link = ClaimEvidence.objects.create(claim=claim, url="https://example.org/", note="Source")
    article = make_article()
    ReviewItem.flag(article, ReviewKind.UNCERTAIN_DATE, "No year.")
    mark_reviewed(ReviewItem.objects.all(), editor)
    ReviewItem.flag(candidate, ReviewKind.SAME_PERSON, "Lee/Ri")
    operation = merge_people(ri, lee, editor)

    document = export_document()

    assert document["claim_evidence"] == [
        {"id": link.pk, "claim": claim.pk, "url": "https://example.org/", "note": "Source"}
    ]
    # The merge deleted the candidate, and the review item still names it.
    assert document["same_person_candidates"] == []
    reviewed, flagged = document["review_items"]
    assert (reviewed["item"], reviewed["reviewed_by"]) == (["articles.article", article.pk], "ed")
    assert (flagged["item"], flagged["reviewed_at"]) == (
        ["claims.samepersoncandidate", candidate.pk],
        None,
    )
    (merge,) = document["editorial_operations"]
    assert (merge["id"], merge["user"], merge["undone_at"]) == (operation.pk, "ed", None)
    assert merge["deleted"] == operation.deleted and merge["changes"] == operation.changes
    edit = next(
        record
        for record in document["history"]
        if record["model"] == "claims.claim" and record["fields"]["status"] == "disputed"
    )
    assert (edit["history_user"], edit["history_change_reason"]) == ("ed", "two outlets disagree")
    assert edit["fields"]["id"] == claim.pk and edit["fields"]["speaker"] == lee.pk
    deleted = [r for r in document["history"] if r["history_type"] == "-"]
    assert {(r["model"], r["fields"]["id"]) for r in deleted} >= {
        ("claims.person", lee.pk),
        ("claims.samepersoncandidate", candidate.pk),
    }


def test_the_backup_holds_no_password(editor, superuser):
    claim = make_claim()
    claim._history_user = superuser
    claim.save()
    merge_people(make_person(), make_person(), editor)
    out = StringIO()
    call_command("export_archive", stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert '"ed"' in text and '"boss"' in text
    for user in (editor, superuser):
        assert user.password.split("$")[-1] not in text
    assert "pbkdf2" not in text and "password" not in text


def export_queries():
    with CaptureQueriesContext(connection) as queries:
        export_document()
    return len(queries)


def edited_claims(editor, count):
    for _ in range(count):
        claim = make_attribution().claim
        claim._history_user = editor
        claim.save()
        ReviewItem.flag(claim, ReviewKind.OTHER, "Check it.")
        ClaimEvidence.objects.create(claim=claim, url="https://example.org/")
        merge_people(make_person(), make_person(), editor)
        make_candidate()


def test_the_export_reads_a_fixed_number_of_queries_however_many_rows(editor):
    edited_claims(editor, 2)
    few = export_queries()
    edited_claims(editor, 6)
    assert export_queries() == few
