from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.views.generic import DetailView

from articles.templatetags.jsonld import claim_json_ld

from .models import Attribution, Claim, Person


class PersonDetailView(DetailView):
    """A person's claims, the articles they wrote and those naming them, each list in pages:
    someone quoted every day for years must not make the page slower as the archive grows."""

    model = Person
    per_page = 50

    def get_queryset(self):
        return Person.objects.select_related("event").prefetch_related("aliases")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person, get = self.object, self.request.GET
        claims = (
            person.claims.select_related("event")
            .order_by(F("event__date").desc(nulls_last=True), "event", "pk")
            .prefetch_related(
                Prefetch(
                    "attributions", queryset=Attribution.objects.select_related("article__outlet")
                )
            )
        )
        latest_first = (F("published").desc(nulls_last=True), "-pk")
        written = person.articles.current().for_list().order_by(*latest_first)
        named = person.mentioned_in.current().for_list().order_by(*latest_first)
        context.update(
            claims_page=Paginator(claims, self.per_page).get_page(get.get("page")),
            written_page=Paginator(written, self.per_page).get_page(get.get("written")),
            named_page=Paginator(named, self.per_page).get_page(get.get("named")),
        )
        return context


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
