from django.db.models import Prefetch
from django.views.generic import DetailView

from articles.models import Article

from .models import Attribution, Claim, Person


class PersonDetailView(DetailView):
    model = Person

    def get_queryset(self):
        return Person.objects.prefetch_related(
            "aliases",
            Prefetch("articles", queryset=Article.objects.current().for_list()),
            Prefetch(
                "claims",
                queryset=Claim.objects.select_related("event")
                .order_by("event__date", "pk")
                .prefetch_related(
                    Prefetch(
                        "attributions",
                        queryset=Attribution.objects.select_related("article__outlet"),
                    )
                ),
            ),
        )


class ClaimDetailView(DetailView):
    model = Claim

    def get_queryset(self):
        return Claim.objects.select_related("event", "speaker").prefetch_related(
            Prefetch(
                "attributions",
                queryset=Attribution.objects.select_related("article__outlet").order_by(
                    "article__published"
                ),
            )
        )
