from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from claims import extraction


class Command(BaseCommand):
    help = (
        "Find who said what in the archive's articles: events, people, claims, attributions, "
        "discrepancies and timeline entries. Rerunning changes nothing, and never undoes an "
        "editor's correction. import_seeds runs it on what it imports."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--article",
            type=int,
            action="append",
            dest="article_ids",
            metavar="ID",
            help="Only this article (repeatable). Default: every current article.",
        )

    def handle(self, *args, article_ids, **options):
        if article_ids:
            found = set(Article.objects.filter(pk__in=article_ids).values_list("pk", flat=True))
            if missing := sorted(set(article_ids) - found):
                raise CommandError(f"No article with id {', '.join(map(str, missing))}.")
        report = extraction.run(article_ids)
        self.stdout.write(f"Extraction: {report}.")
