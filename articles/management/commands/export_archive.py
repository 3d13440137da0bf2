import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.export import SCHEMA, write_archive


class Command(BaseCommand):
    help = (
        f"Write the whole archive as one JSON document (schema {SCHEMA}, described in the "
        "README): outlets, stories, events, people, articles with their raw text, claims with "
        "their attributions. It is also the backup format."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")

    def handle(self, *args, output, **options):
        # One snapshot: rows saved while the export runs do not tear it.
        with transaction.atomic():
            if not output:
                counts = write_archive(lambda text: self.stdout.write(text, ending=""))
            else:
                counts = self.write_file(Path(output))
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        where = output or "standard output"
        self.stderr.write(f"Exported {summary} to {where}.")

    def write_file(self, path):
        if not path.parent.is_dir():
            raise CommandError(f"Cannot write {path}: the folder {path.parent} does not exist.")
        # Written beside the target and renamed, so a failed export never leaves half a file.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", text=True)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                counts = write_archive(stream.write)
            # mkstemp makes the file private; an export is read like any other file.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return counts
