from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Attribution,
    Claim,
    Discrepancy,
    DiscrepancyValue,
    Person,
    PersonAlias,
    SamePersonCandidate,
)

SHORT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})}}


class AttributionInline(admin.TabularInline):
    model = Attribution
    extra = 0
    fields = ["claim", "article", "words", "start", "end", "phrase", "speaker_name", "mode"]
    autocomplete_fields = ["claim", "article"]
    formfield_overrides = SHORT_TEXT

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim", "article")


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "description", "alias_names", "claim_count"]
    # Counted querysets are grouped, and Django drops Meta.ordering from grouped queries.
    ordering = ["name"]
    list_filter = ["kind"]
    autocomplete_fields = ["event", "articles", "mentioned_in"]
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


@admin.register(SamePersonCandidate)
class SamePersonCandidateAdmin(SimpleHistoryAdmin):
    list_display = ["person", "other", "reason", "status"]
    list_filter = ["status"]
    list_select_related = ["person", "other"]
    search_fields = ["person__name", "other__name", "reason"]
    autocomplete_fields = ["person", "other"]


class DiscrepancyValueInline(admin.TabularInline):
    model = DiscrepancyValue
    extra = 0
    fields = ["article", "value", "words", "attribution"]
    autocomplete_fields = ["article", "attribution"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "attribution")


@admin.register(Discrepancy)
class DiscrepancyAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "kind", "event", "value_list"]
    list_filter = ["kind"]
    list_select_related = ["event"]
    search_fields = ["subject", "event__title", "values__value"]
    autocomplete_fields = ["event"]
    inlines = [DiscrepancyValueInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("values")

    @admin.display(description="values")
    def value_list(self, discrepancy):
        return " / ".join(sorted({value.value for value in discrepancy.values.all()}))
