import hashlib

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.restore import raw_text_matches

CHUNK = 200


class Command(BaseCommand):
    help = (
        "Recompute the SHA-256 of every article's raw text and report each one that no longer "
        "matches the hash taken when its file was imported."
    )

    def handle(self, *args, **options):
        checked = mismatches = 0
        rows = Article.objects.order_by("pk").values_list(
            "pk", "source_file", "raw_sha256", "raw_text"
        )
        # In chunks, so memory stays flat however many raw texts there are.
        for pk, source_file, stored, raw_text in rows.iterator(chunk_size=CHUNK):
            checked += 1
            if raw_text_matches(raw_text, stored):
                continue
            mismatches += 1
            computed = hashlib.sha256(raw_text.encode("utf-8")).hexdigest()
            self.stdout.write(
                f"Article {pk} ({source_file or 'no source file'}): stored {stored}, "
                f"computed {computed} (as UTF-8; no other encoding matches either)"
            )
        self.stdout.write(f"{checked} articles checked, {mismatches} mismatches")
        if mismatches:
            raise CommandError(f"{mismatches} raw texts do not match their stored SHA-256.")
