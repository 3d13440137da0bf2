from django.core.management.base import BaseCommand, CommandError

from articles.export import SCHEMA
from articles.restore import OLD_SCHEMA, RestoreError, read_document, restore_archive


class Command(BaseCommand):
    help = (
        f"Restore a document written by export_archive (schema {SCHEMA}, or {OLD_SCHEMA}) into "
        "an empty archive, keeping every row's id, the editorial record and the edit history. "
        "Outlets already in the registry are matched by slug; users are matched by username, "
        "and those missing are created inactive, without a password. A document that fails a "
        "check restores nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON document export_archive wrote.")
        parser.add_argument(
            "--into-non-empty",
            action="store_true",
            help="Add the document to an archive that already holds coverage: every row gets a "
            "new id; a story, event or person whose slug is taken, or an article already "
            "stored, is refused. Its editorial operations and edit history are left out.",
        )

    def handle(self, *args, file, into_non_empty, **options):
        try:
            counts, notes = restore_archive(read_document(file), into_non_empty=into_non_empty)
        except RestoreError as error:
            raise CommandError(f"Cannot restore {file}: {error}. Nothing was restored.") from None
        summary = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in counts.items())
        self.stdout.write(f"Restored {summary} from {file}.")
        for note in notes:
            self.stdout.write(note)
