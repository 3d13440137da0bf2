import sys
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import Truncator
from tqdm import tqdm

from articles.importing import (
    MAX_FILE_BYTES,
    ManifestError,
    Outcome,
    collect_files,
    default_manifest,
    import_file,
    load_manifest,
)
from articles.models import Article

# Below this many files the per-file lines are progress enough.
PROGRESS_BAR_FROM = 30
STATUSES = ("created", "new version", "unchanged", "failed")


class Command(BaseCommand):
    help = (
        "Import raw article files (plain text) into the archive: the seeds/ folder by default, or "
        "the files and folders given (a folder's *.txt files, by name). Importing the same content "
        "again changes nothing; a changed capture of the same page is kept as a new version. "
        f"Files over {MAX_FILE_BYTES:,} bytes are refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Files or folders (default: seeds/).")
        parser.add_argument(
            "--manifest",
            help="TOML file of what is known of each file (url, outlet, published, credits). "
            "Default: sources.toml beside the files, if there is one.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and report, but write nothing."
        )

    def handle(self, *args, paths, manifest, dry_run, **options):
        paths = paths or [settings.BASE_DIR / "seeds"]
        manifest = manifest or default_manifest(paths)
        try:
            entries = load_manifest(manifest) if manifest else {}
        except ManifestError as error:
            raise CommandError(str(error)) from None
        files, missing = collect_files(paths)
        outcomes = [Outcome(path, "failed", detail="no such file or folder") for path in missing]
        for outcome in outcomes:
            self.report(outcome, dry_run)
        if not files and not missing:
            raise CommandError(f"No *.txt files to import in {', '.join(map(str, paths))}.")

        show_bar = len(files) > PROGRESS_BAR_FROM and sys.stderr.isatty()
        # Only statuses and ids are kept: an import of any size holds one article at a time.
        counts = Counter(outcome.status for outcome in outcomes)
        imported, outlets = [], {}
        for path in tqdm(files, unit="file", disable=not show_bar, file=sys.stderr, leave=False):
            try:
                outcome = import_file(
                    path, entries.get(path.name), dry_run=dry_run, outlets=outlets
                )
            except Exception as error:  # one file's surprise must not stop the others
                outcome = Outcome(path, "failed", detail=f"unexpected error: {error!r}")
            counts[outcome.status] += 1
            if outcome.status in ("created", "new version"):
                imported.append(outcome.article.pk)
            self.report(outcome, dry_run)

        # Articles an interrupted import stored but never got to extract are extracted now.
        imported += Article.objects.current().filter(extracted_at=None).values_list("pk", flat=True)
        imported = sorted(set(imported))
        if imported and not dry_run:
            from claims import extraction

            self.stdout.write(f"Extraction: {extraction.run(imported)}.")

        summary = ", ".join(f"{counts[status]} {status}" for status in STATUSES)
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(f"{prefix}{counts.total()} files: {summary}.")
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} file(s) failed; see the lines above.")

    def report(self, outcome, dry_run):
        name = outcome.path.name or str(outcome.path)
        if outcome.status == "failed":
            self.stderr.write(self.style.ERROR(f"failed       {outcome.path}: {outcome.detail}"))
            return
        article = outcome.article
        status = (
            f"would be {outcome.status}"
            if dry_run and outcome.status != "unchanged"
            else outcome.status
        )
        where = "" if dry_run and outcome.status != "unchanged" else f" #{article.pk}"
        outlet = article.outlet.name if article.outlet else "unknown outlet"
        headline = Truncator(article.headline).chars(70)
        line = f"{status:<12} {name}{where}: {headline} ({outlet}, {article.published_display})"
        if outcome.detail and not dry_run:
            line += f"; {outcome.detail}"
        if article.needs_review and outcome.status != "unchanged":
            line += f"; {len(article.review_note.splitlines())} thing(s) to review"
        self.stdout.write(line)
        for warning in outcome.warnings:
            self.stdout.write(self.style.WARNING(f"             warning: {name}: {warning}"))
