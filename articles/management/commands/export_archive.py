import os
import tempfile
from functools import partial
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.export import SCHEMA, write_archive


class Command(BaseCommand):
    help = (
        f"Write the whole archive as one JSON document (schema {SCHEMA}, described in the "
        "README): outlets, stories, events, people, articles with their raw text, claims with "
        "their attributions, and the editorial record (evidence links, the review queue, "
        "possible same people, editorial operations, the edit history). It is the backup "
        "format restore_archive reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")
        parser.add_argument(
            "--public",
            action="store_true",
            help="Leave out the editorial record, as the public download /export.json does; "
            "the result is not a backup.",
        )

    def handle(self, *args, output, public, **options):
        write = partial(write_archive, backup=not public)
        self.public = public
        # One snapshot: rows saved while the export runs do not tear it.
        with transaction.atomic():
            if not output:
                counts = write(lambda text: self.stdout.write(text, ending=""))
            else:
                counts = self.write_file(Path(output), write)
        summary = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in counts.items())
        where = output or "standard output"
        self.stderr.write(f"Exported {summary} to {where}.")

    def write_file(self, path, write):
        if not path.parent.is_dir():
            raise CommandError(f"Cannot write {path}: the folder {path.parent} does not exist.")
        # Written beside the target and renamed, so a failed export never leaves half a file.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", text=True)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                counts = write(stream.write)
            # mkstemp makes the file private, which a backup stays: it names editors and holds
            # the edit history. A public export is read like any other file.
            if self.public:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(temporary, 0o666 & ~umask)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return counts
