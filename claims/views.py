from django.db.models import Prefetch
from django.views.generic import DetailView

from articles.models import Article
from articles.templatetags.jsonld import claim_json_ld

from .models import Attribution, Claim, Person


class PersonDetailView(DetailView):
    model = Person

    def get_queryset(self):
        return Person.objects.select_related("event").prefetch_related(
            "aliases",
            Prefetch("articles", queryset=Article.objects.current().for_list()),
            Prefetch("mentioned_in", queryset=Article.objects.current().for_list()),
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
        return Claim.objects.select_related("event__story", "speaker").prefetch_related(
            Prefetch(
                "attributions",
                queryset=Attribution.objects.select_related("article__outlet").order_by(
                    "article__published"
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        url = self.request.build_absolute_uri(self.object.get_absolute_url())
        context["json_ld"] = claim_json_ld(self.object, url)
        return context
