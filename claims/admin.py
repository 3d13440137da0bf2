from django import forms
from django.contrib import admin
from django.db import models
from django_admin_action_forms import AdminActionFormsMixin, action_with_form
from simple_history.admin import SimpleHistoryAdmin

from articles.editing import (
    ConfirmForm,
    EditorialAdmin,
    KeepOneForm,
    related_count,
    run_operations,
)

from . import operations
from .models import (
    Attribution,
    Claim,
    ClaimEvidence,
    Discrepancy,
    DiscrepancyValue,
    EditorialOperation,
    Person,
    PersonAlias,
    SamePersonCandidate,
)

SHORT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})}}


class AttributionInline(admin.TabularInline):
    model = Attribution
    extra = 0
    fields = [
        "claim",
        "article",
        "words",
        "start",
        "end",
        "phrase",
        "speaker_name",
        "speaker_named",
        "mode",
    ]
    autocomplete_fields = ["claim", "article"]
    formfield_overrides = SHORT_TEXT

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim", "article")


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1


@admin.register(Person)
class PersonAdmin(EditorialAdmin):
    list_display = ["name", "kind", "description", "alias_names", "claim_count"]
    ordering = ["name"]
    list_filter = ["kind"]
    autocomplete_fields = ["event", "articles", "mentioned_in"]
    search_fields = ["name", "aliases__name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonAliasInline]
    actions = ["merge_people"]

    @action_with_form(KeepOneForm, description="Merge the selected people into one")
    def merge_people(self, request, queryset, data):
        keep = data["keep"]
        others = queryset.exclude(pk=keep.pk)
        run_operations(
            self, request, lambda other, user: operations.merge_people(keep, other, user), others
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(claim_count=related_count(Claim, "speaker"))
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


class ClaimEvidenceInline(admin.TabularInline):
    model = ClaimEvidence
    extra = 1
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Claim)
class ClaimAdmin(EditorialAdmin):
    list_display = ["__str__", "event", "speaker", "kind", "status", "appearance_count"]
    ordering = ["event", "pk"]
    list_filter = ["status", "kind"]
    list_select_related = ["event", "speaker"]
    search_fields = ["text", "speaker__name", "event__title"]
    autocomplete_fields = ["event", "speaker"]
    inlines = [ClaimEvidenceInline, AttributionInline]
    actions = ["merge_claims"]

    @action_with_form(KeepOneForm, description="Merge the selected claims into one")
    def merge_claims(self, request, queryset, data):
        keep = data["keep"]
        others = queryset.exclude(pk=keep.pk)
        run_operations(
            self, request, lambda other, user: operations.merge_claims(keep, other, user), others
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(appearance_count=related_count(Attribution, "claim"))
        )

    @admin.display(description="appearances", ordering="appearance_count")
    def appearance_count(self, claim):
        return claim.appearance_count


@admin.register(Attribution)
class AttributionAdmin(EditorialAdmin):
    list_display = ["__str__", "claim", "article", "mode", "speaker_named", "phrase"]
    # Newest articles first, each in reading order, straight from an index on the article.
    # Meta.ordering goes by the article's own order (publication date, then import time), which
    # no index can give across the join: PostgreSQL sorted every attribution of the first date
    # before paging, at 100,000 articles the 6,178 of the 1,134 undated articles.
    ordering = ["-article_id", "start"]
    list_filter = ["mode", "speaker_named"]
    list_select_related = ["claim", "article"]
    search_fields = ["words", "phrase"]
    autocomplete_fields = ["claim", "article"]
    formfield_overrides = SHORT_TEXT
    actions = ["split_attributions"]

    @action_with_form(ConfirmForm, description="Split the selected attributions into new claims")
    def split_attributions(self, request, queryset, data):
        run_operations(self, request, operations.split_attribution, queryset)


@admin.register(SamePersonCandidate)
class SamePersonCandidateAdmin(AdminActionFormsMixin, SimpleHistoryAdmin):
    list_display = ["person", "other", "reason", "status"]
    actions = ["confirm", "reject"]

    @action_with_form(ConfirmForm, description="Confirm: the same person (merge them)")
    def confirm(self, request, queryset, data):
        run_operations(self, request, operations.confirm_same_person, queryset)

    @action_with_form(ConfirmForm, description="Reject: different people")
    def reject(self, request, queryset, data):
        run_operations(self, request, operations.reject_same_person, queryset)

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
class DiscrepancyAdmin(EditorialAdmin):
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


@admin.register(EditorialOperation)
class EditorialOperationAdmin(AdminActionFormsMixin, admin.ModelAdmin):
    """Merges, splits and moves, newest first, each undoable while nothing later depends on it."""

    list_display = ["summary", "kind", "user", "created_at", "undone_at", "undone_by"]
    list_filter = ["kind", ("undone_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "undone_by"]
    search_fields = ["summary"]
    actions = ["undo"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    @action_with_form(ConfirmForm, description="Undo the selected operations")
    def undo(self, request, queryset, data):
        run_operations(self, request, operations.undo, queryset.order_by("-pk"))
