"""Saving many rows as save() would, in a few statements instead of several a row.

A save() here also writes a history row (django-simple-history), with the rows of the
many-to-many fields the history tracks, and gives the row a new version (django-concurrency),
so that an editor's form opened before the change is refused. The libraries do the first in
bulk but not the rest; save_in_bulk does all three, through their managers and fields.
"""

from functools import cache

from django.db import transaction
from django.utils import timezone
from simple_history.manager import HistoryManager as BaseHistoryManager
from simple_history.utils import get_change_reason_from_object

from . import revision


class HistoryManager(BaseHistoryManager):
    """simple-history's manager, with the class it makes for Model.history made once.

    The library makes a new manager class each time Model.history is read, which inspects
    every method of the queryset: 134 microseconds, and the import reads it some thirty times
    an article, for each history row it writes. Given to every HistoricalRecords."""

    @classmethod
    @cache
    def from_queryset(cls, queryset_class, class_name=None):
        return super().from_queryset(queryset_class, class_name)


def save_in_bulk(objs, fields):
    """Save the given fields of objs, rows of one model, as save(update_fields=fields) would.

    Like every bulk write it sends no signals: callers run inside revision.atomic_change(),
    and the event pages the rows lead to as they now stand are noted here."""
    if not objs:
        return
    for obj in objs:
        revision.changed(obj)
    model = type(objs[0])
    version = model._concurrencymeta.field
    for obj in objs:
        setattr(obj, version.attname, version._get_next_version(obj))
    with transaction.atomic(savepoint=False):
        model.objects.bulk_update(objs, [*fields, version.attname])
        record(objs, update=True)


def record(objs, update=False, links=None):
    """History rows for objs as they are now, with their tracked many-to-many links: "created"
    rows, or "changed" ones with update. links holds, by field name, all the objs' links
    through a field when the caller has them (it has just made them), which are not read."""
    model = type(objs[0])
    rows = model.history.bulk_history_create(objs, update=update)
    for field in model.history.model._history_m2m_fields:
        copy_links(field, rows, (links or {}).get(field.name))


def copy_links(field, history_rows, links=None):
    """Each history row's copy of its object's links through the many-to-many field, as
    simple-history records them on save()."""
    through = field.remote_field.through
    own = through._meta.get_field(field.m2m_field_name()).attname
    if links is None:
        links = through.objects.filter(**{f"{own}__in": [row.id for row in history_rows]})
    by_row = {}
    for link in links:
        by_row.setdefault(getattr(link, own), []).append(link)
    links = by_row
    copied = getattr(history_rows[0], field.name).model
    names = [f.attname for f in through._meta.fields]
    copied.objects.bulk_create(
        copied(history=row, **{name: getattr(link, name) for name in names})
        for row in history_rows
        for link in links.get(row.id, [])
    )


def delete_in_bulk(queryset):
    """Delete the rows, which nothing may point at, as delete() would: each with a "deleted"
    history row, and the event pages they led to noted.

    simple-history writes the deleted row of each row in a query of its own (its post_delete
    signal), and has no bulk delete: the extraction deletes thousands of claims, each made
    to hold one appearance until the appearances of one statement are joined."""
    objs = list(queryset)
    if not objs:
        return
    model, history = queryset.model, queryset.model.history.model
    # Copying the many-to-many links of a deleted row is not done here.
    assert not history._history_m2m_fields, f"{model.__name__} keeps many-to-many history"
    for obj in objs:
        revision.changed(obj)
    now = timezone.now()
    history.objects.bulk_create(
        history(
            history_date=now,
            history_type="-",
            history_user=history.get_default_history_user(obj),
            history_change_reason=get_change_reason_from_object(obj),
            **{field.attname: getattr(obj, field.attname) for field in history.tracked_fields},
        )
        for obj in objs
    )
    # Without the signals, whose work is done above, and without looking for rows that point
    # at them, which is the caller's to rule out: one DELETE.
    model.objects.filter(pk__in=[obj.pk for obj in objs])._raw_delete(queryset.db)
