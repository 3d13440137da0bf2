from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from .models import Attribution, Claim, Person, PersonAlias

SHORT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})}}


class AttributionInline(admin.TabularInline):
    model = Attribution
    extra = 0
    fields = ["claim", "article", "words", "start", "end", "phrase", "mode"]
    autocomplete_fields = ["claim", "article"]
    formfield_overrides = SHORT_TEXT

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim", "article")


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "description", "is_anonymous", "alias_names", "claim_count"]
    # Counted querysets are grouped, and Django drops Meta.ordering from grouped queries.
    ordering = ["name"]
    list_filter = ["is_anonymous"]
    search_fields = ["name", "aliases__name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonAliasInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(claim_count=Count("claims"))
            .prefetch_related("aliases")
        )

    @admin.display(description="aliases")
    def alias_names(self, person):
        return ", ".join(alias.name for alias in person.aliases.all())

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, person):
        return person.claim_count


@admin.register(PersonAlias)
class PersonAliasAdmin(SimpleHistoryAdmin):
    list_display = ["name", "person"]
    list_select_related = ["person"]
    search_fields = ["name", "person__name"]
    autocomplete_fields = ["person"]


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "event", "speaker", "kind", "status", "appearance_count"]
    ordering = ["event", "pk"]
    list_filter = ["status", "kind"]
    list_select_related = ["event", "speaker"]
    search_fields = ["text", "speaker__name", "event__title"]
    autocomplete_fields = ["event", "speaker"]
    inlines = [AttributionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(appearance_count=Count("attributions"))

    @admin.display(description="appearances", ordering="appearance_count")
    def appearance_count(self, claim):
        return claim.appearance_count


@admin.register(Attribution)
class AttributionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "claim", "article", "mode", "phrase"]
    list_filter = ["mode"]
    list_select_related = ["claim", "article"]
    search_fields = ["words", "phrase"]
    autocomplete_fields = ["claim", "article"]
    formfield_overrides = SHORT_TEXT
