import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article

from .factories import make_article

pytestmark = pytest.mark.django_db

ARTICLE = "A headline for a test\n\nSEOUL – The ministry “said” on Monday that it would act.\n"


def verify():
    """Run verify_raw_text; returns (stdout, error message or None)."""
    out = StringIO()
    try:
        call_command("verify_raw_text", stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


def import_bytes(tmp_path, name, raw):
    (tmp_path / name).write_bytes(raw)
    call_command("import_seeds", str(tmp_path / name), stdout=StringIO(), stderr=StringIO())
    return Article.objects.get(source_file=name)


def test_a_clean_archive_verifies():
    make_article()
    make_article()
    out, failure = verify()
    assert failure is None
    assert out.strip() == "2 articles checked, 0 mismatches"


def test_a_tampered_raw_text_is_reported_with_its_id_and_fails():
    make_article()
    tampered = make_article(source_file="007_seed.txt")
    Article.objects.filter(pk=tampered.pk).update(raw_text=tampered.raw_text + " edited")

    out, failure = verify()

    computed = hashlib.sha256((tampered.raw_text + " edited").encode()).hexdigest()
    assert f"Article {tampered.pk} (007_seed.txt): stored {tampered.raw_sha256}" in out
    assert f"computed {computed}" in out
    assert "2 articles checked, 1 mismatches" in out
    assert failure == "1 raw texts do not match their stored SHA-256."


def test_a_file_decoded_as_cp1252_verifies_clean(tmp_path):
    article = import_bytes(tmp_path, "cp1252.txt", ARTICLE.encode("cp1252"))
    # The stored hash is of the cp1252 bytes, so a UTF-8 re-encoding would not match.
    assert article.raw_sha256 != hashlib.sha256(article.raw_text.encode()).hexdigest()
    out, failure = verify()
    assert failure is None and "1 articles checked, 0 mismatches" in out


def test_a_utf8_file_with_a_byte_order_mark_verifies_clean(tmp_path):
    article = import_bytes(tmp_path, "bom.txt", ARTICLE.encode("utf-8-sig"))
    assert not article.raw_text.startswith("\ufeff")
    out, failure = verify()
    assert failure is None and "1 articles checked, 0 mismatches" in out
