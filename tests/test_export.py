import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from .factories import make_alias, make_attribution, make_claim, make_person

pytestmark = pytest.mark.django_db


def export_document():
    out = StringIO()
    call_command("export_archive", stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def test_the_export_holds_every_section_under_a_schema_version():
    document = export_document()
    assert document["schema"] == "newsarchive/1"
    assert set(document) == {
        "schema",
        "outlets",
        "stories",
        "events",
        "timeline_entries",
        "people",
        "articles",
        "claims",
        "discrepancies",
    }


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
    assert document["people"][0]["aliases"] == ["Lee"]
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


def test_an_export_into_a_missing_folder_is_refused_clearly(tmp_path):
    with pytest.raises(CommandError, match="folder .* does not exist"):
        call_command("export_archive", "--output", str(tmp_path / "no" / "archive.json"))
