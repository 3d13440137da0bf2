"""What every editorial admin shares: the edit history, confirmation forms for actions, a
change form that refuses to overwrite a newer save by someone else (django-concurrency), and
changelists that do not count a large table row by row."""

from concurrency.forms import ConcurrentForm
from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property
from django_admin_action_forms import AdminActionForm, AdminActionFormsMixin
from simple_history.admin import SimpleHistoryAdmin

from claims.operations import OperationError

STALE_SAVE = (
    "Someone else saved this record after you opened it, so your changes were not saved and "
    "theirs are kept. Open the record again to see their version, then make your change there."
)


class EditorialForm(ConcurrentForm):
    def clean(self):
        cleaned = super().clean()
        # ConcurrentForm says only "Record Modified": say what happened and what to do.
        if "Record Modified" in self.errors.get(NON_FIELD_ERRORS, []):
            self.errors[NON_FIELD_ERRORS] = self.error_class([STALE_SAVE])
        return cleaned


def related_count(model, field):
    """How many rows of model point at each row through field, as a subquery: the database
    counts for the rows on the page only, where a join with GROUP BY counted the whole table
    before paging (and again for the paginator)."""
    rows = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


def estimated_rows(queryset):
    """PostgreSQL's estimate of how many rows the queryset has, if it is a whole table that has
    been analysed; None otherwise (filtered, grouped or distinct, another database)."""
    if not isinstance(queryset, QuerySet):
        return None
    query = queryset.query
    connection = connections[queryset.db]
    if (
        connection.vendor != "postgresql"
        or query.where
        or query.distinct
        or query.group_by is not None
        or query.combinator
        or query.is_sliced
    ):
        return None
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        (reltuples,) = cursor.fetchone()
    # -1: never analysed or vacuumed.
    return int(reltuples) if reltuples >= 0 else None


class LargeTablePaginator(Paginator):
    """Takes the row count of a whole large table from PostgreSQL's statistics.

    The changelist counts its rows on every page, and unfiltered that reads the whole table: at
    100,000 articles, most of the time of the attribution list. pg_class.reltuples is kept within
    about a tenth of the truth by autovacuum, close enough for "541,317 attributions" and the
    page links. Filtered and searched lists, small tables, SQLite, and tables not yet analysed
    (as in tests) are counted exactly. Rows added since the last ANALYZE may fall past the last
    page link; sorting the other way or filtering reaches them.
    """

    # Below this an exact count costs about a millisecond, and an editor who has just added a
    # row to a small table would notice a stale count.
    exact_below = 10_000

    @cached_property
    def count(self):
        estimate = estimated_rows(self.object_list)
        if estimate is not None and estimate >= self.exact_below:
            return estimate
        return super().count


class EditorialAdmin(AdminActionFormsMixin, SimpleHistoryAdmin):
    form = EditorialForm
    paginator = LargeTablePaginator
    list_per_page = 50
    # "50 results (12,345 total)" costs a second count over the whole table on every page.
    show_full_result_count = False

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # The version travels hidden with the form, so that a stale save can be recognised.
        named = {name for _, options in fieldsets for name in _flatten(options["fields"])}
        if "version" not in named and obj is not None:
            fieldsets = [*fieldsets, (None, {"fields": ["version"], "classes": ["hidden"]})]
        return fieldsets


def _flatten(fields):
    for field in fields:
        if isinstance(field, (list, tuple)):
            yield from field
        else:
            yield field


class KeepOneForm(AdminActionForm):
    """Which of the selected records the others are merged into."""

    keep = forms.ModelChoiceField(
        # Narrowed to the selected records when the form is built for an action.
        queryset=None,
        label="Keep",
        help_text="The others are merged into it, then removed.",
    )

    class Meta:
        list_objects = True
        help_text = (
            "Everything that points at the others moves to the one kept. The merge is recorded "
            "in the history with your name, and can be undone from Editorial operations."
        )
        confirm_button_text = "Merge"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = self.queryset


class ConfirmForm(AdminActionForm):
    class Meta:
        list_objects = True
        help_text = "Recorded in the history with your name; it can be undone."


def run_operations(modeladmin, request, operation, items):
    """Run one editorial operation per item; report each failure by name, keep going."""
    done = 0
    for item in items:
        try:
            operation(item, request.user)
            done += 1
        except OperationError as error:
            modeladmin.message_user(request, f"{item}: {error}", messages.ERROR)
    if done:
        modeladmin.message_user(request, f"Done {done} time(s); see Editorial operations to undo.")
